import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/apply/backends.js';
import { consumePullStream, PullError } from '../../src/apply/docker/pull.js';
import { tarFiles } from '../../src/apply/docker/tar.js';
import { demuxLogs } from '../../src/apply/docker/wait.js';
import { daemonAddress, isUnreachable } from '../../src/apply/docker/connect.js';
import { formatDuration, parseDuration } from '../../src/apply/duration.js';
import { acquireLock } from '../../src/apply/lock.js';
import { REDACTED, Redactor } from '../../src/apply/redact.js';
import type { Pipeline } from '../../src/ir.js';
import { desiredState } from '../../src/apply/docker/desired.js';
import { compile } from '../../src/compile.js';
import { tempDir, writePipeline } from './support.js';

const stream = (...lines: string[]) => Readable.from(lines.map((l) => Buffer.from(l)));

describe('pull progress stream', () => {
  it('fails on an error event even though the stream ends normally (HTTP 200)', async () => {
    const events = [
      '{"status":"Pulling from library/x","id":"1"}\n',
      '{"status":"Downloading","id":"aaa","progressDetail":{"current":1,"total":9}}\n{"status":"Pull comp',
      'lete","id":"bbb"}\n',
      '{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}\n',
    ];
    const seen: string[] = [];
    const p = consumePullStream(stream(...events), (d, t) => seen.push(`${d}/${t}`));
    await expect(p).rejects.toBeInstanceOf(PullError);
    await expect(consumePullStream(stream(...events), () => {})).rejects.toThrow('unexpected EOF');
    expect(seen).toEqual(['0/1', '1/2']);
  });

  it('succeeds when no event is an error, counting layers', async () => {
    const seen: string[] = [];
    await consumePullStream(
      stream(
        '{"status":"Downloading","id":"a"}\n',
        '{"status":"Pull complete","id":"a"}\n{"status":"Digest: sha256:x"}\n',
      ),
      (d, t) => seen.push(`${d}/${t}`),
    );
    expect(seen).toEqual(['0/1', '1/1']);
  });
});

describe('redaction', () => {
  it('removes values as written, base64 (padded or not, url alphabet) and line by line', () => {
    const r = new Redactor();
    const secret = 'p@ss:w0rd/with+chars?';
    r.add(secret);
    r.add('line-one-secret\nline-two-secret');
    const b64 = Buffer.from(secret).toString('base64');
    const text = `a ${secret} b ${b64} c ${b64.replace(/=+$/, '')} d ${Buffer.from(secret).toString('base64url')} e line-two-secret`;
    const out = r.redact(text);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d ${REDACTED} e ${REDACTED}`);
  });

  it('never leaves a registered value in any text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 30 }),
        fc.string(),
        fc.string(),
        (secret, pre, post) => {
          const r = new Redactor();
          r.add(secret);
          const out = r.redact(`${pre}${secret}${post}${Buffer.from(secret).toString('base64')}`);
          return !out.includes(secret) && !out.includes(Buffer.from(secret).toString('base64'));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('durations', () => {
  it('parses and prints durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('12')).toBe(12_000);
    expect(parseDuration('5 minutes')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(300_000)).toBe('5m');
  });
});

describe('lock', () => {
  it('is exclusive while held, released on release, and taken over from a dead holder', () => {
    const dir = tempDir();
    const a = acquireLock(dir, 'docker\nunix:///x.sock', 'demo');
    expect('release' in a).toBe(true);
    const b = acquireLock(dir, 'docker\nunix:///x.sock', 'demo');
    expect(b).toMatchObject({ holder: expect.stringContaining(`pid ${process.pid}`) });
    // Another daemon or pipeline has its own lock.
    const other = acquireLock(dir, 'docker\nunix:///y.sock', 'demo');
    expect('release' in other).toBe(true);
    if ('release' in other) other.release();
    if ('release' in a) a.release();
    expect(existsSync(a.file)).toBe(false);
    // A lock left by a process that is gone.
    const dead = execFileSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).toString();
    const host = JSON.parse(
      execFileSync(process.execPath, [
        '-e',
        'process.stdout.write(JSON.stringify(require("os").hostname()))',
      ]).toString(),
    );
    writeFileSync(a.file, JSON.stringify({ pid: Number(dead), host, since: 'then' }));
    const c = acquireLock(dir, 'docker\nunix:///x.sock', 'demo');
    expect('release' in c).toBe(true);
    expect(JSON.parse(readFileSync(a.file, 'utf8')).pid).toBe(process.pid);
    if ('release' in c) c.release();
  });
});

describe('daemon address', () => {
  it('reads DOCKER_HOST from the given environment', () => {
    expect(daemonAddress({})).toMatchObject({ host: 'unix:///var/run/docker.sock', local: true });
    expect(daemonAddress({ DOCKER_HOST: 'unix:///tmp/d.sock' })).toMatchObject({
      options: { socketPath: '/tmp/d.sock' },
    });
    expect(daemonAddress({ DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({
      options: { host: '10.0.0.5', port: 2375, protocol: 'http' },
      local: false,
    });
    expect(daemonAddress({ DOCKER_HOST: 'ssh://me@host' })).toMatch(/not a unix:\/\/ or tcp:\/\/ address/);
    expect(isUnreachable(Object.assign(new Error('connect ECONNREFUSED /x'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isUnreachable(Object.assign(new Error('conflict'), { statusCode: 409 }))).toBe(false);
  });
});

describe('backend choice', () => {
  const p = (driver?: string) => ({ driver: driver ? { value: driver } : undefined }) as unknown as Pipeline;
  it('takes -t, else the driver, else docker', () => {
    expect(chooseBackend('local', p('docker'))).toBe('local');
    expect(chooseBackend(undefined, p('container'))).toBe('docker');
    expect(chooseBackend(undefined, p('k8s'))).toBe('kubernetes');
    expect(chooseBackend(undefined, p('process'))).toBe('local');
    expect(chooseBackend(undefined, p('nomad'))).toBe('docker');
    expect(chooseBackend(undefined, p())).toBe('docker');
  });

  it('takes the --env overlay target before the driver, and -t before both', () => {
    const withEnv = (target: string, driver?: string) =>
      ({ ...p(driver), environment: { name: 'prod', target: { value: target } } }) as unknown as Pipeline;
    expect(chooseBackend(undefined, withEnv('kubernetes', 'docker'))).toBe('kubernetes');
    expect(chooseBackend(undefined, withEnv('local', 'k8s'))).toBe('local');
    expect(chooseBackend('docker', withEnv('kubernetes'))).toBe('docker');
    expect(chooseBackend(undefined, withEnv('nomad', 'docker'))).toBeUndefined();
  });
});

describe('container helpers', () => {
  it('writes a tar that tar(1) reads, with the mode and content', () => {
    const dir = tempDir();
    const tar = tarFiles([{ path: '/run/secrets/token', mode: 0o400, content: Buffer.from('value\n') }]);
    writeFileSync(join(dir, 'x.tar'), tar);
    expect(execFileSync('tar', ['-tvf', join(dir, 'x.tar')]).toString()).toMatch(
      /^-r-------- root\/root +6 .* run\/secrets\/token\n$/,
    );
    expect(execFileSync('tar', ['-xOf', join(dir, 'x.tar'), 'run/secrets/token']).toString()).toBe('value\n');
  });

  it('demultiplexes container logs in order', () => {
    const frame = (stream: number, s: string) => {
      const h = Buffer.alloc(8);
      h[0] = stream;
      h.writeUInt32BE(Buffer.byteLength(s), 4);
      return Buffer.concat([h, Buffer.from(s)]);
    };
    expect(demuxLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]))).toBe(
      'out\nerr\nmore',
    );
  });
});

describe('spec hash', () => {
  const doc = (sourceEnv: Record<string, string>, port: number, reorder = false) => {
    const source = { id: 'source', image: 'img:1', env: sourceEnv, ports: [{ containerPort: port }] };
    const sink = { inputs: ['source'], image: 'img:1', id: 'sink' };
    return {
      apiVersion: 'flowctl/v1',
      kind: 'Pipeline',
      metadata: { name: 'hash' },
      spec: reorder ? { sinks: [sink], sources: [source] } : { sources: [source], sinks: [sink] },
    };
  };
  const hashes = async (d: unknown) => {
    const dir = tempDir();
    const r = await compile(writePipeline(dir, d));
    const { state } = desiredState(
      r.pipeline!,
      { env: {}, cwd: dir, readFile: () => undefined },
      new Redactor(),
    );
    const by = new Map(state.components.map((c) => [c.component.id, c.containers[0]] as const));
    return { source: by.get('source')!, sink: by.get('sink')! };
  };

  it('does not depend on the written order, and changes with what the container runs with', async () => {
    const a = await hashes(doc({ A: '1', B: '2' }, 8080));
    const b = await hashes(doc({ B: '2', A: '1' }, 8080, true));
    expect(b.source.specHash).toBe(a.source.specHash);
    expect(b.sink.specHash).toBe(a.sink.specHash);
    expect(a.source.specHash).toMatch(/^d1-[0-9a-f]{16}$/);
    const env = await hashes(doc({ A: '1', B: '3' }, 8080));
    expect(env.source.specHash).not.toBe(a.source.specHash);
    expect(env.sink.specHash).toBe(a.sink.specHash);
    // The source moves to another port: the sink's configuration is the same, its wiring is not.
    const port = await hashes(doc({ A: '1', B: '2' }, 9090));
    expect(port.sink.configHash).toBe(a.sink.configHash);
    expect(port.sink.specHash).not.toBe(a.sink.specHash);
    expect(port.sink.create.Env).toContain('FLOWCTL_INPUTS=source:9090');
  });
});
