import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAndStart } from '../../src/apply/docker/containers.js';
import { desiredState } from '../../src/apply/docker/desired.js';
import { acquireLock } from '../../src/apply/lock.js';
import { Redactor } from '../../src/apply/redact.js';
import { compile } from '../../src/compile.js';
import { useDocker } from '../support/docker-fixture.js';
import { flowctl } from '../support/cli.js';
import { dataPipeline, failingPipeline } from './pipelines.js';
import {
  appliedContainers,
  daemonInventory,
  planLines,
  tempDir,
  uniqueName,
  writePipeline,
} from './support.js';

const docker = useDocker();
const SECRET = 'sup3r-s3cret-t0ken-value';

describe('apply -t docker: failures are reported, and nothing is left half-done', () => {
  let api: Docker;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    api = new Docker({ socketPath: docker.socketPath });
    dir = tempDir();
    env = { DOCKER_HOST: docker.dockerHost, FLOWCTL_LOCK_DIR: join(dir, 'locks') };
  });

  it('names a component that exits, with its exit code and log tail, and never prints its secret', async () => {
    const name = uniqueName('fail');
    const file = writePipeline(dir, failingPipeline(name, docker.image, 'TEST_TOKEN'), `${name}.yaml`);
    const r = flowctl(['apply', '-f', file, '-t', 'docker', '--wait', '--timeout', '30s'], {
      env: { ...env, TEST_TOKEN: SECRET },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Apply failed; what happened to each object:');
    expect(r.stdout).toMatch(new RegExp(`changed +network +${name}-net`));
    expect(r.stdout).toMatch(new RegExp(`failed +container ${name}-broken-1: exited with code 3`));
    expect(r.stdout).toContain('      | cannot open the input');
    expect(r.stdout).toContain('      | token is [redacted]');
    expect(r.stderr).toContain(`error FC5007 'broken' exited with code 3`);
    const all = r.stdout + r.stderr;
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(Buffer.from(SECRET).toString('base64').replace(/=+$/, ''));
    // The value did reach the container (and only there).
    const info = await api.getContainer(`${name}-broken-1`).inspect();
    expect(info.Config.Env).toContain(`TOKEN=${SECRET}`);

    const json = flowctl(['diff', '-f', file, '-t', 'docker', '--format', 'json'], {
      env: { ...env, TEST_TOKEN: SECRET },
    });
    expect(json.stdout).not.toContain(SECRET);
    const doc = JSON.parse(json.stdout) as { plan: { action: string; name: string; reason: string }[] };
    expect(doc.plan).toContainEqual(
      expect.objectContaining({ action: 'update', name: `${name}-broken-1`, reason: 'not running (exited)' }),
    );

    expect(flowctl(['delete', '-f', file, '-t', 'docker'], { env }).code).toBe(0);
    expect((await appliedContainers(api, name)).size).toBe(0);
  }, 40_000);

  it('stops before any change when a required secret is missing', async () => {
    const name = uniqueName('nosecret');
    const file = writePipeline(dir, failingPipeline(name, docker.image, 'UNSET_TOKEN_VAR'), `${name}.yaml`);
    const before = await daemonInventory(api, name);
    const r = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error FC5006 secret 'token' of 'broken' needs the environment variable 'UNSET_TOKEN_VAR'/,
    );
    expect(await daemonInventory(api, name)).toEqual(before);
  });

  it('refuses a host port held by another container, before any change', async () => {
    const name = uniqueName('port');
    const port = 20000 + Math.floor(Math.random() * 20000);
    // The test daemon has no default bridge: publish from a user-defined network.
    const net = await api.createNetwork({ Name: `${name}-holdernet` });
    const holder = await api.createContainer({
      name: `${name}-holder`,
      Image: docker.image,
      Cmd: ['sleep', '3600'],
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: {
        Init: true,
        NetworkMode: `${name}-holdernet`,
        PortBindings: { '8080/tcp': [{ HostPort: String(port) }] },
      },
    });
    await holder.start();
    try {
      const before = await daemonInventory(api, name);
      const file = writePipeline(
        dir,
        dataPipeline(name, docker.image, { sourceHostPort: port }),
        `${name}.yaml`,
      );
      const r = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `error FC5005 host port ${port} of 'source' is already in use by container '${name}-holder'`,
      );
      expect(await daemonInventory(api, name)).toEqual(before);
      expect((await holder.inspect()).State.Running).toBe(true);
    } finally {
      await holder.remove({ force: true });
      await net.remove();
      flowctl(['delete', '-f', join(dir, `${name}.yaml`), '-t', 'docker'], { env });
    }
  });

  it('refuses a host port a process on this host holds', async () => {
    const name = uniqueName('hostport');
    const server: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '0.0.0.0', () => resolve((server.address() as { port: number }).port)),
    );
    try {
      const file = writePipeline(
        dir,
        dataPipeline(name, docker.image, { sourceHostPort: port }),
        `${name}.yaml`,
      );
      const r = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `error FC5005 host port ${port} of 'source' is already in use by a process on this host`,
      );
      expect((await appliedContainers(api, name)).size).toBe(0);
    } finally {
      server.close();
    }
  });

  it('removes a container left in Created when its start fails, and says why', async () => {
    const name = uniqueName('created');
    const server: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '0.0.0.0', () => resolve((server.address() as { port: number }).port)),
    );
    const file = writePipeline(
      dir,
      dataPipeline(name, docker.image, { sourceHostPort: port }),
      `${name}.yaml`,
    );
    const compiled = await compile(file);
    const { state } = desiredState(
      compiled.pipeline!,
      { env: {}, cwd: dir, readFile: () => undefined },
      new Redactor(),
    );
    const net = await api.createNetwork({ Name: state.network.name });
    try {
      // The port was free at plan time and is taken now: Docker creates the container, then cannot start it.
      const r = await createAndStart(api, state.components[0].containers[0]);
      expect('error' in r && r.error).toMatch(
        /^start failed: .*(address already in use|port is already allocated)/,
      );
      expect('diagnostic' in r && r.diagnostic.code).toBe('FC5005');
      expect((await api.listContainers({ all: true, filters: { name: [`${name}-source-1`] } })).length).toBe(
        0,
      );
    } finally {
      server.close();
      await net.remove();
    }
  });

  it('refuses a container name held by an object it does not own', async () => {
    const name = uniqueName('clash');
    const squatter = await api.createContainer({
      name: `${name}-source-1`,
      Image: docker.image,
      Cmd: ['true'],
    });
    try {
      const file = writePipeline(dir, dataPipeline(name, docker.image), `${name}.yaml`);
      const r = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `error FC5004 container name '${name}-source-1' is already used by an object flowctl does not own`,
      );
      expect(planLines(r.stdout)).toContain(`  + container ${name}-source-1`);
      expect((await api.listNetworks({ filters: { name: [`${name}-net`] } })).length).toBe(0);
      expect((await squatter.inspect()).Id).toBe(squatter.id);
    } finally {
      await squatter.remove({ force: true });
    }
  });

  it('reports an image that cannot be pulled, before any change', async () => {
    const name = uniqueName('pull');
    const image = '127.0.0.1:9/flowctl-test/absent:1';
    const file = writePipeline(dir, dataPipeline(name, docker.image, { sourceImage: image }), `${name}.yaml`);
    const before = await daemonInventory(api, name);
    const r = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`note: image '${image}' is not present and will be pulled`);
    expect(r.stderr).toContain(`error FC5003 cannot pull image '${image}' for 'source':`);
    expect(r.stdout).toMatch(new RegExp(`not attempted +network +${name}-net`));
    expect(await daemonInventory(api, name)).toEqual(before);
  });

  it('gives one clear error when the daemon cannot be reached', () => {
    const sock = join(dir, 'no-such-daemon.sock');
    const file = writePipeline(dir, dataPipeline('unreachable', 'busybox'), 'unreachable.yaml');
    const r = flowctl(['apply', '-f', file, '-t', 'docker'], {
      env: { ...env, DOCKER_HOST: `unix://${sock}` },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `flowctl: error FC5001 cannot reach the Docker daemon at 'unix://${sock}' (ENOENT); start it, or point DOCKER_HOST at a running daemon.\n1 error, 0 warnings\n`,
    );
  });

  it('refuses to run while another apply of the same pipeline holds the lock', async () => {
    const name = uniqueName('lock');
    const file = writePipeline(dir, dataPipeline(name, docker.image), `${name}.yaml`);
    // This test process holds the lock, as a concurrent apply would.
    const held = acquireLock(join(dir, 'locks'), `docker\n${docker.dockerHost}`, name);
    if (!('release' in held)) throw new Error('lock unexpectedly held');
    try {
      const r = flowctl(['apply', '-f', file, '-t', 'docker'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `error FC5002 another flowctl apply or delete of pipeline '${name}' is running (pid ${process.pid} on host`,
      );
      expect((await appliedContainers(api, name)).size).toBe(0);
      // diff only reads: it takes no lock.
      expect(flowctl(['diff', '-f', file, '-t', 'docker'], { env }).code).toBe(1);
    } finally {
      held.release();
    }
    expect(flowctl(['delete', '-f', file, '-t', 'docker'], { env }).code).toBe(0);
  });
});
