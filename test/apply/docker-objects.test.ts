import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDocker } from '../support/docker-fixture.js';
import { flowctl } from '../support/cli.js';
import { appliedContainers, planLines, tempDir, uniqueName, writePipeline } from './support.js';

const docker = useDocker();
const TOKEN = 'env-secret-value-1234';
const KEY = 'file-secret-value-5678';

/** Mode and content of one file in a container, from the Docker archive API (a tar stream). */
async function fileInContainer(api: Docker, container: string, path: string) {
  const stream = await api.getContainer(container).getArchive({ path });
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  const tar = Buffer.concat(chunks);
  const field = (o: number, l: number) =>
    tar
      .subarray(o, o + l)
      .toString('utf8')
      .replace(/\0.*$/s, '')
      .trim();
  const size = Number.parseInt(field(124, 12), 8);
  return {
    mode: Number.parseInt(field(100, 8), 8) & 0o777,
    content: tar.subarray(512, 512 + size).toString('utf8'),
  };
}

function workerPipeline(name: string, image: string, replicas: number) {
  return {
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name },
    spec: {
      sources: [
        {
          id: 'worker',
          image,
          command: ['httpd', '-f', '-p', '8080', '-h', '/tmp'],
          ports: [{ containerPort: 8080 }],
          // A TCP check that busybox can run (its nc has no -z): --wait needs it to pass.
          health: { tcp: 8080, interval: '1s', timeout: '2s', retries: 10 },
          replicas,
          volumes: [{ name: 'data', mountPath: '/data' }],
          secrets: [
            {
              name: 'token',
              from_env: 'WORKER_TOKEN',
              container_path: '/run/secrets/token',
              mode: '0440',
              env: 'TOKEN',
            },
            { name: 'key', host_path: './key.txt', container_path: '/run/secrets/key' },
          ],
        },
      ],
    },
  };
}

describe('apply -t docker: replicas, named volumes and secrets', () => {
  let api: Docker;
  beforeAll(() => {
    api = new Docker({ socketPath: docker.socketPath });
  });

  it('creates what the pipeline needs, scales down, and delete removes the volume it created', async () => {
    const dir = tempDir();
    const name = uniqueName('objs');
    writeFileSync(join(dir, 'key.txt'), KEY);
    const env = { DOCKER_HOST: docker.dockerHost, FLOWCTL_LOCK_DIR: join(dir, 'locks'), WORKER_TOKEN: TOKEN };
    const file = writePipeline(dir, workerPipeline(name, docker.image, 2));

    const r = flowctl(['apply', '-f', file, '-t', 'docker', '--wait'], { env });
    expect(r.code).toBe(0);
    expect(planLines(r.stdout)).toEqual([
      `  + network   ${name}-net`,
      `  + volume    ${name}-data`,
      `  + container ${name}-worker-1`,
      `  + container ${name}-worker-2`,
    ]);
    for (const c of [`${name}-worker-1`, `${name}-worker-2`]) {
      // from_env with a container path: copied in with its mode; host_path: bind-mounted read-only.
      expect(await fileInContainer(api, c, '/run/secrets/token')).toEqual({ mode: 0o440, content: TOKEN });
      expect((await fileInContainer(api, c, '/run/secrets/key')).content).toBe(KEY);
      const info = await api.getContainer(c).inspect();
      expect(info.Mounts).toContainEqual(
        expect.objectContaining({ Destination: '/run/secrets/key', RW: false }),
      );
      expect(info.Mounts).toContainEqual(
        expect.objectContaining({ Name: `${name}-data`, Destination: '/data' }),
      );
      expect(info.NetworkSettings.Networks[`${name}-net`].Aliases).toContain('worker');
    }
    const volume = await api.getVolume(`${name}-data`).inspect();
    expect(volume.Labels).toMatchObject({ 'flowctl.io/pipeline': name, 'flowctl.io/backend': 'docker' });
    const all = r.stdout + r.stderr;
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(KEY);

    // Another value of the secret recreates the containers; the value itself is never shown.
    const rotated = flowctl(['diff', '-f', file, '-t', 'docker'], {
      env: { ...env, WORKER_TOKEN: 'rotated-value-0000' },
    });
    expect(planLines(rotated.stdout)).toContain(
      `  ~ container ${name}-worker-1  (wiring or secrets changed)`,
    );
    expect(rotated.stdout + rotated.stderr).not.toContain('rotated-value-0000');

    const json = flowctl(['apply', '-f', file, '-t', 'docker', '--format', 'json'], { env });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.result.ok).toBe(true);
    expect(doc.result.summary).toEqual({ changed: 0, unchanged: 4, failed: 0, 'not-attempted': 0 });
    expect(doc.plan.map((i: { action: string }) => i.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);

    const before = await appliedContainers(api, name);
    writePipeline(dir, workerPipeline(name, docker.image, 1));
    const down = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(down.code).toBe(0);
    expect(planLines(down.stdout)).toEqual([
      `  = network   ${name}-net`,
      `  = volume    ${name}-data`,
      `  - container ${name}-worker-2  (replica no longer wanted)`,
      `  = container ${name}-worker-1`,
    ]);
    // Scaling down removes the extra replica only; the one that stays keeps running (same id).
    const ids = await appliedContainers(api, name);
    expect([...ids.keys()]).toEqual([`${name}-worker-1`]);
    expect(ids.get(`${name}-worker-1`)).toBe(before.get(`${name}-worker-1`));

    const del = flowctl(['delete', '-f', file, '-t', 'docker'], { env });
    expect(del.code).toBe(0);
    expect(planLines(del.stdout)).toContain(
      `  - volume    ${name}-data  (created by flowctl apply; its data is lost)`,
    );
    await expect(api.getVolume(`${name}-data`).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await appliedContainers(api, name)).size).toBe(0);
  }, 40_000);
});
