import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';
import { type Dockerd, importBusyboxImage, startDockerd } from '../support/dockerd.js';
import { ROOT } from '../support/fixtures.js';
import { dataPipeline } from './pipelines.js';
import {
  appliedContainers,
  eventually,
  planLines,
  readContainerFile,
  tempDir,
  uniqueName,
  writePipeline,
} from './support.js';

/** Run the built CLI without blocking this process, so the test can act while it runs. */
function flowctlAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'flowctl.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('apply -t docker when the daemon dies in the middle', () => {
  let d: Dockerd;
  let image: string;

  beforeAll(async () => {
    d = await startDockerd();
    image = await importBusyboxImage(d.dockerHost).then(() => 'flowctl-test/busybox:1');
  }, 120_000);
  afterAll(() => d?.stop(), 60_000);

  it('reports one clear error, and a re-run after the restart converges', async () => {
    const api = new Docker({ socketPath: d.socketPath });
    const dir = tempDir();
    const name = uniqueName('crash');
    const env = { DOCKER_HOST: d.dockerHost, FLOWCTL_LOCK_DIR: join(dir, 'locks') };
    const file = writePipeline(dir, dataPipeline(name, image));

    const running = flowctlAsync(['apply', '-f', file, '-t', 'docker'], env);
    // Kill the daemon once the source runs: apply then waits for it to be healthy before it starts
    // the others (which are created, or being created).
    await eventually(
      async () =>
        (
          await api
            .getContainer(`${name}-source-1`)
            .inspect()
            .catch(() => undefined)
        )?.State.Running
          ? true
          : undefined,
      30_000,
      'the source to run',
    );
    await d.kill();
    const r = await running;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `error FC5001 cannot reach the Docker daemon at '${d.dockerHost}' \\((ECONNREFUSED|ECONNRESET|ENOENT|EPIPE)\\)`,
      ),
    );
    expect(r.stderr.match(/FC5001/g)).toHaveLength(1);
    expect(r.stdout).toMatch(new RegExp(`changed +network +${name}-net`));
    expect(r.stdout).toMatch(new RegExp(`failed +container ${name}-source-1: daemon unreachable`));
    // The others were created, or being created when the daemon went: either way, reported.
    for (const id of ['upper', 'sink'])
      expect(r.stdout).toMatch(
        new RegExp(
          `(not attempted +container ${name}-${id}-1: created, not started|failed +container ${name}-${id}-1: daemon unreachable)`,
        ),
      );

    await d.restart();
    const again = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(again.code).toBe(0);
    // The labelled leftovers are adopted: the network is kept, the stopped container replaced.
    const lines = planLines(again.stdout);
    expect(lines.slice(0, 2)).toEqual([
      `  = network   ${name}-net`,
      `  ~ container ${name}-source-1  (not running (exited))`,
    ]);
    for (const [i, id] of [
      [2, 'upper'],
      [3, 'sink'],
    ] as const)
      expect(lines[i]).toMatch(
        new RegExp(
          `^  (\\+ container ${name}-${id}-1|~ container ${name}-${id}-1  \\(not running \\(created\\)\\))$`,
        ),
      );
    expect(lines).toHaveLength(4);
    const result = await eventually(
      () => readContainerFile(api, `${name}-sink-1`, '/tmp/result'),
      20_000,
      'the result',
    );
    expect(result).toBe('HELLO FROM SOURCE');
    expect(flowctl(['apply', '-f', file, '-t', 'docker'], { env }).stdout).toContain('No changes');
    expect(flowctl(['delete', '-f', file, '-t', 'docker'], { env }).code).toBe(0);
    expect((await appliedContainers(api, name)).size).toBe(0);
  }, 90_000);
});
