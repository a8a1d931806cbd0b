import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../../src/compile.js';
import { loadTarget, TARGET_NAMES } from '../../src/emit/targets/index.js';
import type { Pipeline } from '../../src/ir.js';
import { renderResolvedJson, renderResolvedYaml } from '../../src/resolve/render.js';
import { type Case, compileCase, GOLDEN, listCases, ROOT } from '../support/fixtures.js';
import { golden, orphans } from '../support/golden.js';

// `flowctl resolve` output for every v2 fixture against golden/resolved/<case>.yaml, and, for
// every fixture that compiles (v1, legacy and v2 alike), the round trip: the printed v1
// pipeline compiles to the same pipeline and the same artifacts for every target.

const cases = listCases();
const produced = new Set<string>();
const dir = mkdtempSync(join(tmpdir(), 'flowctl-resolved-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function resolvedText(r: CompileResult, format: 'yaml' | 'json'): string {
  const input = {
    normalized: r.normalized!,
    pipeline: r.pipeline!,
    ...(r.registry ? { registry: r.registry } : {}),
    ...(r.resolution ? { resolution: r.resolution } : {}),
  };
  return format === 'yaml' ? renderResolvedYaml(input) : renderResolvedJson(input);
}

/** Compile printed text with the case's registries (and nothing that the printing consumed). */
async function recompile(c: Case, text: string, ext: string): Promise<CompileResult> {
  const file = join(dir, `${c.name}.${ext}`);
  writeFileSync(file, text);
  // Registry paths as compileCase gives them (relative to the repository), since components
  // record which registry file they came from.
  const registries =
    c.options.registries?.map((r) => `fixtures/${c.name}/${r}`) ??
    (existsSync(join(c.dir, 'registry.yaml')) ? [`fixtures/${c.name}/registry.yaml`] : []);
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return await compile(file, {
      registries,
      defaultRegistry: c.options.defaultRegistry ?? true,
      environment: {},
    });
  } finally {
    process.chdir(cwd);
  }
}

/**
 * The IR without positions and provenance of the file format, which printing changes. The
 * chosen --env is not part of a v1 pipeline (it only sets apply's default target): dropped too.
 */
function comparable(p: Pipeline): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (['loc', 'nameLoc', 'file', 'format', 'environment'].includes(k)) continue;
        out[k] = k === 'ref' ? (x as { name: string }).name : strip(x);
      }
      return out;
    }
    return v;
  };
  return strip(p);
}

describe('flowctl resolve', () => {
  for (const c of cases) {
    describe(c.name, () => {
      it('round-trips through the printed v1 pipeline', async () => {
        const r = await compileCase(c);
        if (!r.pipeline) return; // error cases print nothing
        for (const format of ['yaml', 'json'] as const) {
          const again = await recompile(c, resolvedText(r, format), format);
          expect(
            again.diagnostics.filter((d) => d.severity === 'error'),
            `${c.name} printed as ${format} is not valid input`,
          ).toEqual([]);
          expect(comparable(again.pipeline!)).toEqual(comparable(r.pipeline));
          for (const t of TARGET_NAMES) {
            const target = await loadTarget(t);
            const before = target.emit(r.pipeline, c.options.emit ?? {});
            const after = target.emit(again.pipeline!, c.options.emit ?? {});
            expect(new Map(after.files), `${t} artifacts of ${c.name}`).toEqual(new Map(before.files));
            expect(after.diagnostics.map((d) => d.code)).toEqual(before.diagnostics.map((d) => d.code));
          }
        }
      });

      if (!c.name.startsWith('v2-')) return;
      it('prints the golden resolved pipeline', async () => {
        const r = await compileCase(c);
        if (!r.pipeline) return;
        const path = join(GOLDEN, 'resolved', `${c.name}.yaml`);
        produced.add(`${c.name}.yaml`);
        const text = resolvedText(r, 'yaml');
        const expected = golden(path, text);
        expect(expected, `missing golden ${path}: run UPDATE_GOLDEN=1 and review it`).toBeDefined();
        expect(text).toBe(expected);
      });
    });
  }

  it('has no orphan resolved goldens', () => {
    expect(orphans(join(GOLDEN, 'resolved'), produced)).toEqual([]);
  });
});
