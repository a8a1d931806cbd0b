import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDocker } from '../support/docker-fixture.js';
import { flowctl } from '../support/cli.js';
import { dataPipeline } from './pipelines.js';
import {
  appliedContainers,
  daemonInventory,
  eventually,
  planLines,
  readContainerFile,
  tempDir,
  uniqueName,
  writePipeline,
} from './support.js';

const docker = useDocker();

describe('apply -t docker: a pipeline that passes data, end to end', () => {
  let api: Docker;
  let dir: string;
  let env: Record<string, string>;
  const name = uniqueName('flow');

  beforeAll(() => {
    api = new Docker({ socketPath: docker.socketPath });
    dir = tempDir();
    env = { DOCKER_HOST: docker.dockerHost, FLOWCTL_LOCK_DIR: `${dir}/locks` };
  });

  it('applies, re-applies as a no-op, recreates only a changed component, prunes, and deletes', async () => {
    const before = await daemonInventory(api, name);
    // A container flowctl does not own, on the same daemon: it must survive everything.
    const foreign = await api.createContainer({
      name: `${name}-foreign`,
      Image: docker.image,
      Cmd: ['sleep', '3600'],
      HostConfig: { Init: true },
    });
    await foreign.start();
    // What docker-compose makes from `translate -o compose`: the pipeline label, but not apply's.
    const composeMade = await api.createContainer({
      name: `${name}_source_1`,
      Image: docker.image,
      Cmd: ['sleep', '3600'],
      Labels: { 'flowctl.io/pipeline': name, 'app.kubernetes.io/managed-by': 'flowctl' },
      HostConfig: { Init: true },
    });
    await composeMade.start();

    const file = writePipeline(dir, dataPipeline(name, docker.image));
    const first = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    expect(planLines(first.stdout)).toEqual([
      `  + network   ${name}-net`,
      `  + container ${name}-source-1`,
      `  + container ${name}-upper-1`,
      `  + container ${name}-sink-1`,
    ]);
    expect(first.stdout).toContain('Applied: 4 created, 0 updated, 0 deleted, 0 unchanged.');
    const result = await eventually(
      () => readContainerFile(api, `${name}-sink-1`, '/tmp/result'),
      15_000,
      'the sink result',
    );
    expect(result).toBe('HELLO FROM SOURCE');

    const ids = await appliedContainers(api, name);
    const again = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(again.code).toBe(0);
    expect(planLines(again.stdout).every((l) => l.startsWith('  = '))).toBe(true);
    expect(again.stdout).toContain('No changes');
    expect(await appliedContainers(api, name)).toEqual(ids);

    writePipeline(dir, dataPipeline(name, docker.image, { upperEnv: { MODE: 'v2' } }));
    const changed = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(changed.code).toBe(0);
    expect(planLines(changed.stdout)).toEqual([
      `  = network   ${name}-net`,
      `  = container ${name}-source-1`,
      `  ~ container ${name}-upper-1  (configuration changed)`,
      `  = container ${name}-sink-1`,
    ]);
    const afterChange = await appliedContainers(api, name);
    expect(afterChange.get(`${name}-source-1`)).toBe(ids.get(`${name}-source-1`));
    expect(afterChange.get(`${name}-sink-1`)).toBe(ids.get(`${name}-sink-1`));
    expect(afterChange.get(`${name}-upper-1`)).not.toBe(ids.get(`${name}-upper-1`));

    writePipeline(dir, dataPipeline(name, docker.image, { upperEnv: { MODE: 'v2' }, withSink: false }));
    const kept = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(
      `note: container '${name}-sink-1' is no longer in the pipeline; apply --prune removes it`,
    );
    expect((await appliedContainers(api, name)).has(`${name}-sink-1`)).toBe(true);
    const pruned = flowctl(['apply', '-f', file, '-t', 'docker', '--prune'], { env });
    expect(pruned.code).toBe(0);
    expect(planLines(pruned.stdout)).toContain(`  - container ${name}-sink-1  (no longer in the pipeline)`);
    expect([...(await appliedContainers(api, name)).keys()]).toEqual([`${name}-source-1`, `${name}-upper-1`]);

    const deleted = flowctl(['delete', '-f', file, '-t', 'docker'], { env });
    expect(deleted.code).toBe(0);
    expect(planLines(deleted.stdout)).toEqual([
      `  - container ${name}-upper-1`,
      `  - container ${name}-source-1`,
      `  - network   ${name}-net`,
    ]);
    for (const c of [foreign, composeMade]) {
      expect((await c.inspect()).State.Running).toBe(true);
      await c.remove({ force: true });
    }
    expect(await daemonInventory(api, name)).toEqual(before);
  }, 60_000);
});
