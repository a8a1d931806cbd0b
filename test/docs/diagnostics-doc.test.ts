import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDiagnosticsDoc } from '../../scripts/gen-diagnostics-doc.mjs';
import { catalog } from '../../src/diagnostics/catalog/index.js';
import { ROOT } from '../support/fixtures.js';

describe('docs/diagnostics.md', () => {
  const text = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');

  it('is up to date with the catalog', () => {
    expect(text, 'stale: run `npm run docs:diagnostics`').toBe(renderDiagnosticsDoc(catalog));
  });

  it('has one row per code, with its severity and title', () => {
    const rows = text.split('\n').filter((l) => l.startsWith('| <a id='));
    expect(rows).toHaveLength(Object.keys(catalog).length);
    for (const [code, def] of Object.entries(catalog)) {
      const row = rows.find((r) => r.includes(`</a>${code} |`));
      expect(row, code).toBeDefined();
      expect(row).toContain(`| ${def.severity} | ${def.title} |`);
    }
  });
});
