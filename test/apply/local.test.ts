import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';
import { eventually, planLines, tempDir, uniqueName, writePipeline } from './support.js';

const node = process.execPath;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A live process (a zombie is not: where nothing reaps orphans, a stopped one lingers as one). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
}

/** `src` serves a payload over HTTP on loopback; `sink` fetches it from FLOWCTL_INPUTS and writes it upper-cased. */
function localPipeline(name: string, port: number, out: string, payload = 'hello local') {
  const serve = `require('http').createServer((q, s) => s.end(process.env.PAYLOAD)).listen(Number(process.env.FLOWCTL_PORT), '127.0.0.1')`;
  const fetch = `const get = () => require('http').get('http://' + process.env.FLOWCTL_INPUTS + '/', (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => { require('fs').writeFileSync(process.env.OUT, b.toUpperCase()); setInterval(() => {}, 1e6); }); }).on('error', () => setTimeout(get, 100)); get();`;
  return {
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name },
    spec: {
      driver: 'local',
      sources: [
        {
          id: 'src',
          command: [node, '-e', serve],
          env: { PAYLOAD: payload },
          ports: [{ containerPort: port }],
          health: { tcp: port, interval: '1s' },
        },
      ],
      sinks: [{ id: 'sink', inputs: ['src'], command: [node, '-e', fetch], env: { OUT: out } }],
    },
  };
}

describe('apply -t local', () => {
  it('starts the processes with the generated script, re-applies as a no-op, and delete stops them', async () => {
    const dir = tempDir();
    const name = uniqueName('local');
    const out = join(dir, 'result.txt');
    const port = await freePort();
    const file = writePipeline(dir, localPipeline(name, port, out));
    const env = { FLOWCTL_LOCK_DIR: join(dir, 'locks') };

    // The pipeline's driver is local: no -t needed.
    const first = flowctl(['apply', '-f', file], { cwd: dir, env });
    expect(first.stderr).not.toContain('error');
    expect(first.code).toBe(0);
    expect(planLines(first.stdout)).toEqual([
      `  + script  .flowctl/${name}/flowctl-local.sh`,
      '  + process src',
      '  + process sink',
    ]);
    expect(await eventually(async () => (existsSync(out) ? readFileSync(out, 'utf8') : undefined))).toBe(
      'HELLO LOCAL',
    );
    const pids = ['src', 'sink'].map((k) =>
      Number(readFileSync(join(dir, '.flowctl', name, `${k}.pid`), 'utf8')),
    );
    expect(pids.every(alive)).toBe(true);

    const again = flowctl(['apply', '-f', file], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(planLines(again.stdout).every((l) => l.startsWith('  = '))).toBe(true);
    expect(flowctl(['diff', '-f', file], { cwd: dir, env }).code).toBe(0);

    writePipeline(dir, localPipeline(name, port, out, 'changed'));
    const diff = flowctl(['diff', '-f', file], { cwd: dir, env });
    expect(diff.code).toBe(1);
    expect(planLines(diff.stdout)).toEqual([
      `  ~ script  .flowctl/${name}/flowctl-local.sh`,
      '  ~ process src  (configuration changed)',
      '  ~ process sink  (restarted: the local script changed)',
    ]);

    const changed = flowctl(['apply', '-f', file], { cwd: dir, env });
    expect(changed.code).toBe(0);
    expect(await eventually(async () => (readFileSync(out, 'utf8') === 'CHANGED' ? true : undefined))).toBe(
      true,
    );
    expect(pids.some(alive)).toBe(false);
    pids.splice(
      0,
      2,
      ...['src', 'sink'].map((k) => Number(readFileSync(join(dir, '.flowctl', name, `${k}.pid`), 'utf8'))),
    );

    const deleted = flowctl(['delete', '-f', file], { cwd: dir, env });
    expect(deleted.code).toBe(0);
    expect(planLines(deleted.stdout)).toEqual([
      '  - process   src',
      '  - process   sink',
      `  - directory .flowctl/${name}  (the script, logs, secrets and volume data)`,
    ]);
    await eventually(async () => (pids.some(alive) ? undefined : true), 10_000, 'the processes to stop');
    expect(existsSync(join(dir, '.flowctl'))).toBe(false);
  }, 40_000);

  it('reports a process that exits, with its log', async () => {
    const dir = tempDir();
    const name = uniqueName('localfail');
    const port = await freePort();
    const doc = localPipeline(name, port, join(dir, 'x'));
    doc.spec.sources[0].command = ['sh', '-c', 'echo "no data here" >&2; exit 4'];
    const file = writePipeline(dir, doc);
    const r = flowctl(['apply', '-f', file, '-t', 'local'], {
      cwd: dir,
      env: { FLOWCTL_LOCK_DIR: join(dir, 'locks') },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed +process src: exited with code 4/);
    expect(r.stdout).toContain('      | no data here');
    expect(r.stdout).toMatch(/not attempted +process sink/);
    expect(r.stderr).toContain("error FC5017 the local script's 'up' failed with exit code 1");
    expect(
      flowctl(['delete', '-f', file, '-t', 'local'], {
        cwd: dir,
        env: { FLOWCTL_LOCK_DIR: join(dir, 'locks') },
      }).code,
    ).toBe(0);
  }, 30_000);
});
