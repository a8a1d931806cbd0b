import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { type CompileOptions, type CompileResult, compile } from '../../src/compile.js';
import { renderText } from '../../src/diagnostics/render.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary directory holding `files` (relative path → text), removed after the test. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-layers-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** Compile `file` from inside `dir` (so diagnostics print relative paths). */
export async function compileIn(
  dir: string,
  file: string,
  opts: CompileOptions = {},
): Promise<CompileResult & { text: string; codes: string[] }> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const r = await compile(file, { defaultRegistry: false, environment: {}, ...opts });
    return {
      ...r,
      text: renderText(r.diagnostics, r.sources, { color: false }),
      codes: r.diagnostics.map((d) => d.code),
    };
  } finally {
    process.chdir(cwd);
  }
}

/** A small valid v1 pipeline body (no apiVersion line), for bases. */
export const BASE = `apiVersion: flowctl/v1
kind: Pipeline
metadata:
  name: demo
spec:
  sources:
    - id: src
      image: src:1
      env:
        MODE: base
  sinks:
    - id: sink
      image: sink:1
      inputs: [src]
`;
