import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/diagnostics/render.js';
import { SourceSet } from '../../src/diagnostics/sources.js';
import { hasErrors } from '../../src/diagnostics/types.js';
import { toYaml } from '../../src/emit/yaml.js';
import { applyLayers } from '../../src/layers/index.js';
import { readYamlFile } from '../../src/load/read.js';
import { type Case, GOLDEN, listCases, ROOT } from '../support/fixtures.js';
import { golden, orphans } from '../support/golden.js';

// The effective pipeline (extends merged, --env overlay applied, variables expanded) of every
// fixtures/layers-* case whose layers succeed, against golden/layers/<case>.yaml.
const DIR = join(GOLDEN, 'layers');
const produced = new Set<string>();

function effective(c: Case): { text?: string; diagnostics: string } {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const sources = new SourceSet();
    const loaded = readYamlFile(c.file, sources);
    const r = applyLayers(loaded.value, loaded.file, sources, {
      ...(c.options.env ? { env: c.options.env } : {}),
      vars: c.options.vars ?? {},
      environment: c.options.environment ?? {},
    });
    const diagnostics = renderText(r.diagnostics, sources, { color: false });
    if (hasErrors(r.diagnostics)) return { diagnostics };
    return { text: toYaml(r.value, { sortKeys: false }), diagnostics };
  } finally {
    process.chdir(cwd);
  }
}

describe('effective pipelines', () => {
  const cases = listCases().filter((c) => c.name.startsWith('layers-'));
  it('has composed and overlaid cases', () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['layers-app', 'layers-app-dev', 'layers-app-staging', 'layers-app-prod']),
    );
  });
  for (const c of cases) {
    it(c.name, () => {
      const r = effective(c);
      if (r.text === undefined) {
        expect(r.diagnostics).toMatch(/error FC1\d{3}/); // an error case: its golden is the diagnostics
        return;
      }
      const path = join(DIR, `${c.name}.yaml`);
      produced.add(`${c.name}.yaml`);
      const expected = golden(path, r.text);
      expect(expected, `missing golden ${path}: run npm run golden:update and review it`).toBeDefined();
      expect(r.text).toBe(expected);
    });
  }
  it('has no orphan golden files', () => {
    expect(orphans(DIR, produced)).toEqual([]);
  });
});
