import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDocker } from '../support/docker-fixture.js';
import {
  assertDaemonDir,
  DEFAULT_TEST_IMAGE,
  type Dockerd,
  demuxDockerStream,
  dockerCli,
  importBusyboxImage,
  isAlive,
  mountsUnder,
  startDockerd,
} from '../support/dockerd.js';

const LABEL = 'flowctl.test/infra';

function processesMentioning(dir: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function runToCompletion(docker: Docker, opts: Docker.ContainerCreateOptions) {
  const c = await docker.createContainer(opts);
  await c.start();
  const { StatusCode } = (await c.wait()) as { StatusCode: number };
  const logs = demuxDockerStream((await c.logs({ stdout: true, stderr: true, follow: false })) as Buffer);
  return { container: c, exitCode: StatusCode, ...logs };
}

describe('private dockerd harness', () => {
  let d: Dockerd;
  let docker: Docker;
  let bridge = '';

  beforeAll(async () => {
    const t0 = Date.now();
    d = await startDockerd();
    const t1 = Date.now();
    await importBusyboxImage(d.dockerHost);
    console.log(`dockerd start ${t1 - t0} ms, busybox image import ${Date.now() - t1} ms`);
    docker = new Docker({ socketPath: d.socketPath });
  });

  afterAll(async () => {
    await d?.stop();
  });

  it('runs on its own socket, data root and exec root', async () => {
    expect(d.socketPath.length).toBeLessThan(100);
    expect(d.socketPath.startsWith(d.baseDir + '/')).toBe(true);
    expect(d.dockerHost).toBe(`unix://${d.socketPath}`);
    const info = await docker.info();
    expect(info.DockerRootDir).toBe(`${d.baseDir}/data`);
    expect(info.Driver).toBe('vfs');
    expect(isAlive(d.pid)).toBe(true);
    const { stdout } = await dockerCli(d.dockerHost, ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
    expect(stdout.split('\n')).toContain(DEFAULT_TEST_IMAGE);
  });

  it('two containers talk by name over a user-defined bridge network', async () => {
    const net = await docker.createNetwork({
      Name: 'flowctl-infra-net',
      Driver: 'bridge',
      Labels: { [LABEL]: '1' },
    });
    bridge = `br-${net.id.slice(0, 12)}`;
    const payload = `hello-${Date.now()}`;
    const server = await docker.createContainer({
      Image: DEFAULT_TEST_IMAGE,
      name: 'flowctl-infra-srv',
      Labels: { [LABEL]: '1' },
      Cmd: [
        'sh',
        '-c',
        `mkdir -p /www && echo ${payload} > /www/index.html && exec httpd -f -p 8080 -h /www`,
      ],
      HostConfig: { NetworkMode: 'flowctl-infra-net' },
    });
    await server.start();
    const client = await runToCompletion(docker, {
      Image: DEFAULT_TEST_IMAGE,
      name: 'flowctl-infra-client',
      Labels: { [LABEL]: '1' },
      Cmd: [
        'sh',
        '-c',
        'for i in $(seq 1 100); do wget -qO- http://flowctl-infra-srv:8080/index.html && exit 0; sleep 0.1; done; exit 1',
      ],
      HostConfig: { NetworkMode: 'flowctl-infra-net' },
    });
    expect(client.stderr).toBe('');
    expect(client.exitCode).toBe(0);
    expect(client.stdout.trim()).toBe(payload);

    await client.container.remove({ force: true });
    await server.remove({ force: true });
    await net.remove();
    expect(await docker.listContainers({ all: true })).toEqual([]);
    expect(existsSync(`/sys/class/net/${bridge}`)).toBe(false);
  });

  it('survives a crash: kill() then restart() keeps labelled containers', async () => {
    const c = await docker.createContainer({
      Image: DEFAULT_TEST_IMAGE,
      name: 'flowctl-infra-survivor',
      Labels: { [LABEL]: 'survivor' },
      Cmd: ['sleep', '600'],
      // busybox as PID 1 ignores SIGTERM: the restarted daemon would wait the default 10 s.
      StopTimeout: 1,
    });
    await c.start();
    await d.kill();
    expect(isAlive(d.pid)).toBe(false);
    await d.restart();
    // Without live-restore the restarted daemon stops what was running, but the labelled object stays.
    const found = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=survivor`] } });
    expect(found.map((x) => x.Names[0])).toEqual(['/flowctl-infra-survivor']);
    await c.remove({ force: true });
  });

  it('stop() removes everything: no process, mount, bridge or directory is left', async () => {
    // Leave a running container and a network behind on purpose: stop() must clean them up.
    await docker.createNetwork({ Name: 'flowctl-infra-left', Driver: 'bridge' });
    const left = await docker.createContainer({
      Image: DEFAULT_TEST_IMAGE,
      Cmd: ['sleep', '600'],
      HostConfig: { NetworkMode: 'flowctl-infra-left' },
    });
    await left.start();
    expect(mountsUnder(d.baseDir).length).toBeGreaterThan(0);
    const nets = await docker.listNetworks({ filters: { name: ['flowctl-infra-left'] } });
    const leftBridge = `br-${nets[0].Id.slice(0, 12)}`;
    expect(existsSync(`/sys/class/net/${leftBridge}`)).toBe(true);

    const pid = d.pid;
    await d.stop();
    expect(isAlive(pid)).toBe(false);
    expect(mountsUnder(d.baseDir)).toEqual([]);
    expect(processesMentioning(d.baseDir)).toEqual([]);
    expect(existsSync(`/sys/class/net/${leftBridge}`)).toBe(false);
    expect(existsSync(d.baseDir)).toBe(false);
  });
});

describe('shared dockerd fixture', () => {
  const docker = useDocker();

  it('gives the run-wide daemon with the test image imported', async () => {
    const api = new Docker({ socketPath: docker.socketPath });
    expect(await api.ping()).toBeTruthy();
    const img = await api.getImage(docker.image).inspect();
    expect(img.Config.Cmd).toEqual(['/bin/sh']);
    const r = await runToCompletion(api, { Image: docker.image, Cmd: ['echo', 'shared-ok'] });
    await r.container.remove({ force: true });
    expect(r.stdout).toBe('shared-ok\n');
  });
});

describe('cleanup guard', () => {
  it('refuses to unmount, kill or delete anything but a daemon base dir', () => {
    for (const bad of [
      '',
      '/',
      '/tmp',
      '/tmp/fdk-',
      'tmp/fdk-abc',
      '/tmp/fdk-abc/',
      '/tmp/fdk-a/../..',
      '/tmp/x',
    ]) {
      expect(() => assertDaemonDir(bad), bad).toThrow(/refusing/);
      expect(() => mountsUnder(bad), bad).toThrow(/refusing/);
    }
    expect(assertDaemonDir('/tmp/fdk-abc123')).toBe('/tmp/fdk-abc123');
  });
});
