import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { ROOT } from './fixtures.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built `flowctl` executable as a user would (requires `npm run build`). */
export function flowctl(
  args: readonly string[],
  opts: { cwd?: string; input?: string; env?: Record<string, string> } = {},
): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'flowctl.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Run the CLI in this process (fast; same code path minus process start-up). */
export async function flowctlInProcess(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    color: false,
    env,
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}
