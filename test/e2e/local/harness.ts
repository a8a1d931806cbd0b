/**
 * Helpers for the local-target end-to-end tests: translate a pipeline into a temporary
 * directory, run the generated script, and find processes the script left behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { compile } from '../../../src/compile.js';
import { LOCAL_SCRIPT } from '../../../src/emit/local/layout.js';
import { localTarget } from '../../../src/emit/targets/local.js';
import type { Pipeline } from '../../../src/ir.js';
import { flowctlInProcess } from '../../support/cli.js';

/** Whether s is well-formed UTF-16 (no lone surrogate), so that it survives UTF-8 files. */
export function wellFormed(s: string): boolean {
  return !/\p{Cs}/u.test(s);
}

/** Directory of the small node programs the e2e pipelines run. */
export const PROGRAMS = import.meta.dirname;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh temporary directory; removed by `cleanup`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `flowctl-${prefix}-`));
}

/** Every string of a document with `${` written `$${`, so that layers keep it literal. */
function literal(v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('${', () => '$${');
  if (Array.isArray(v)) return v.map(literal);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, literal(x)]));
  return v;
}

/**
 * Write `doc` as pipeline.yaml in dir (every string literal: `${` escaped) and translate it with the CLI (`-o local --out-dir dir/out`).
 * Returns the script path; throws with the diagnostics when translate fails.
 */
export async function translate(dir: string, doc: unknown): Promise<string> {
  writeFileSync(join(dir, 'pipeline.yaml'), YAML.stringify(literal(doc)));
  const r = await flowctlInProcess([
    'translate',
    '-f',
    join(dir, 'pipeline.yaml'),
    '-o',
    'local',
    '--out-dir',
    join(dir, 'out'),
  ]);
  if (r.code !== 0) throw new Error(`translate failed (${r.code}):\n${r.stderr}`);
  return join(dir, 'out', LOCAL_SCRIPT);
}

/** Compile a pipeline document to IR (for tests that alter the IR before emitting). */
export async function compileDoc(dir: string, doc: unknown): Promise<Pipeline> {
  writeFileSync(join(dir, 'pipeline.yaml'), YAML.stringify(literal(doc)));
  const r = await compile(join(dir, 'pipeline.yaml'), { defaultRegistry: false });
  if (!r.pipeline) throw new Error(`compile failed: ${JSON.stringify(r.diagnostics, null, 1)}`);
  return r.pipeline;
}

/** Emit the local script for an IR pipeline into dir/out (mode 0755). */
export function emitScript(dir: string, p: Pipeline): string {
  const out = localTarget.emit(p, {});
  const text = out.files.get(LOCAL_SCRIPT);
  if (text === undefined) throw new Error(`emit failed: ${JSON.stringify(out.diagnostics, null, 1)}`);
  const path = join(dir, `${LOCAL_SCRIPT}`);
  writeFileSync(path, text, { mode: 0o755 });
  return path;
}

/** Run `bash script args` in cwd with a minimal environment plus `env`. */
export function runScript(
  script: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
  timeout = 20_000,
): Run {
  const r = spawnSync('bash', [script, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
    encoding: 'utf8',
    timeout,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Process group ids recorded in the pid files of a state directory. */
export function recordedGroups(stateDir: string): number[] {
  if (!existsSync(stateDir)) return [];
  return readdirSync(stateDir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => Number(readFileSync(join(stateDir, f), 'utf8').trim()));
}

/**
 * Live processes (zombies excluded) whose process group is one of `groups` or whose command line
 * mentions `marker`, as "pid pgid stat args" lines from `ps`.
 */
export function liveProcesses(groups: readonly number[], marker: string): string[] {
  const r = spawnSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => {
      const [pid, pgid, stat] = l.split(/\s+/);
      if (!pid || stat.startsWith('Z') || Number(pid) === process.pid) return false;
      return groups.includes(Number(pgid)) || l.includes(marker);
    })
    .filter((l) => !l.includes(' ps -eo '));
}

/** Kill whatever the groups still hold (test clean-up after a failure) and remove dir. */
export function cleanup(dir: string, groups: readonly number[]): void {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Poll `check` every 50 ms until it returns a value or `ms` passes. */
export async function until<T>(check: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A one-component pipeline around a bash snippet (run with `bash -c`). */
export function single(id: string, snippet: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name: `e2e-${id}` },
    spec: { sources: [{ id, command: ['bash', '-c', snippet], ...extra }] },
  };
}

/** The document `status --json` prints. */
export interface Status {
  pipeline: string;
  components: { id: string; state: string; pid: number | null; exitCode: number | null }[];
}
