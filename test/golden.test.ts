import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/diagnostics/render.js';
import { loadTarget, TARGET_NAMES } from '../src/emit/targets/index.js';
import { compileCase, GOLDEN, listCases } from './support/fixtures.js';
import { golden, orphans } from './support/golden.js';

// Every fixture × (diagnostics + every target) against golden/. UPDATE_GOLDEN=1 regenerates.
const cases = listCases();
const producedDiagnostics = new Set<string>();
const produced = new Map<string, Set<string>>(TARGET_NAMES.map((t) => [t, new Set<string>()]));

describe('golden', () => {
  for (const c of cases) {
    describe(c.name, () => {
      it('diagnostics', async () => {
        const r = await compileCase(c);
        const text = renderText(r.diagnostics, r.sources, { color: false }) || 'no diagnostics\n';
        const path = join(GOLDEN, 'diagnostics', `${c.name}.txt`);
        producedDiagnostics.add(`${c.name}.txt`);
        const expected = golden(path, text);
        expect(expected, `missing golden ${path}: run npm run golden:update and review it`).toBeDefined();
        expect(text).toBe(expected);
      });
      for (const t of TARGET_NAMES) {
        if (c.options.targets && !c.options.targets.includes(t)) continue;
        it(t, async () => {
          const r = await compileCase(c);
          if (!r.pipeline) return; // error cases have only a diagnostics golden
          const target = await loadTarget(t);
          const out = target.emit(r.pipeline, c.options.emit ?? {});
          const text = renderText(out.diagnostics, r.sources, { color: false });
          const files = new Map(out.files);
          if (text) files.set('diagnostics.txt', text);
          for (const [rel, actual] of files) {
            const path = join(GOLDEN, t, c.name, rel);
            produced.get(t)!.add(join(c.name, rel));
            const expected = golden(path, actual);
            expect(expected, `missing golden ${path}: run npm run golden:update and review it`).toBeDefined();
            expect(actual, path).toBe(expected);
          }
        });
      }
    });
  }

  it('has no orphan golden files', () => {
    const extra = [
      ...orphans(join(GOLDEN, 'diagnostics'), producedDiagnostics).map((f) => `diagnostics/${f}`),
      ...TARGET_NAMES.flatMap((t) => orphans(join(GOLDEN, t), produced.get(t)!).map((f) => `${t}/${f}`)),
    ];
    expect(extra, 'golden files that no fixture produces: delete them or run npm run golden:update').toEqual(
      [],
    );
  });
});
