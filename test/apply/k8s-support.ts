import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CliResult } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';

/**
 * Run the built `flowctl` executable as a user would, without blocking this process (the
 * fake API server runs in it, so test/support/cli.ts's spawnSync would deadlock).
 */
export function flowctlAsync(
  args: readonly string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'flowctl.js'), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A two-component pipeline (reader → writer) in namespace `ns`, with a secret from DB_PASSWORD. */
export function demoPipeline(
  o: {
    name?: string;
    namespace?: string;
    writerEnv?: Record<string, string>;
    withWriter?: boolean;
    readerReplicas?: number;
  } = {},
) {
  const reader = {
    id: 'reader',
    image: 'example/reader:1.0',
    ports: [{ containerPort: 8080 }],
    replicas: o.readerReplicas ?? 2,
    secrets: [{ name: 'db-password', from_env: 'DB_PASSWORD', env: 'DB_PASSWORD' }],
  };
  const writer = {
    id: 'writer',
    image: 'example/writer:1.0',
    inputs: ['reader'],
    env: o.writerEnv ?? { MODE: 'append' },
  };
  return {
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name: o.name ?? 'demo', ...(o.namespace !== undefined ? { namespace: o.namespace } : {}) },
    spec: { sources: [reader], sinks: o.withWriter === false ? [] : [writer] },
  };
}
