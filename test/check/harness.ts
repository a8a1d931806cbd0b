/**
 * A small rule-test harness in the style of graphql-js's `expectErrors` / `expectValid`:
 * a test gives a pipeline as inline YAML and lists every diagnostic it expects.
 *
 * Each expected entry is `CODE line:col` optionally followed by fragments of the message,
 * separated by ` … ` and found in that order; related locations are appended to the actual
 * text as ` [related line:col]`, so a fragment can assert them too. The whole compile runs (load → schema → resolve → rules), and every
 * diagnostic must be listed: a rule that fires where it should not fails the test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compile, type CompileResult } from '../../src/compile.js';
import type { SourceSet } from '../../src/diagnostics/sources.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import type { Loc } from '../../src/ir.js';

export interface HarnessOptions {
  /** Registry file text (YAML); when given, only this registry is consulted. */
  readonly registry?: string;
  readonly strict?: boolean;
}

/** Strip the common indentation of a template literal, so tests can indent their YAML. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}

/** Compile YAML text as a pipeline file; returns the result and each diagnostic formatted. */
export async function compileText(
  text: string,
  opts: HarnessOptions = {},
): Promise<{ result: CompileResult; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-rule-'));
  try {
    const file = join(dir, 'pipeline.yaml');
    writeFileSync(file, text);
    const registries: string[] = [];
    if (opts.registry !== undefined) {
      registries.push(join(dir, 'registry.yaml'));
      writeFileSync(registries[0], opts.registry);
    }
    const result = await compile(file, {
      registries,
      defaultRegistry: false,
      strict: opts.strict ?? false,
      environment: {},
    });
    return { result, lines: format(result.diagnostics, result.sources) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function format(diags: readonly Diagnostic[], sources: SourceSet): string[] {
  const pos = (loc: Loc | undefined) => {
    const p = loc ? sources.position(loc) : undefined;
    return p ? `${p.line}:${p.column}` : '-';
  };
  return diags
    .map((d) => {
      const related = (d.related ?? []).map((r) => ` [related ${pos(r.loc)}]`).join('');
      return {
        line: `${d.code} ${pos(d.loc)} ${d.message}${related}`,
        p: d.loc ? sources.position(d.loc) : undefined,
      };
    })
    .sort((a, b) => (a.p?.offset ?? -1) - (b.p?.offset ?? -1) || (a.line < b.line ? -1 : 1))
    .map((x) => x.line);
}

/** Assert that compiling `text` yields exactly the expected diagnostics (in position order). */
export async function expectDiagnostics(
  text: string,
  expected: readonly string[],
  opts: HarnessOptions = {},
): Promise<CompileResult> {
  const { result, lines } = await compileText(text, opts);
  const matches =
    lines.length === expected.length &&
    expected.every((e, i) => {
      const [code, at, ...rest] = e.split(' ');
      if (!lines[i].startsWith(`${code} ${at} `)) return false;
      let from = 0;
      for (const fragment of rest.join(' ').split(' … ')) {
        const found = lines[i].indexOf(fragment, from);
        if (found < 0) return false;
        from = found + fragment.length;
      }
      return true;
    });
  if (!matches) expect(lines, 'diagnostics differ from the expected list').toEqual(expected);
  return result;
}

/** Assert that `text` compiles with no diagnostic at all. */
export async function expectValid(text: string, opts: HarnessOptions = {}): Promise<CompileResult> {
  const { result, lines } = await compileText(text, opts);
  expect(lines).toEqual([]);
  expect(result.pipeline).toBeDefined();
  return result;
}
