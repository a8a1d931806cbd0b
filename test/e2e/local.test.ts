import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  liveProcesses,
  PROGRAMS,
  recordedGroups,
  runScript,
  single,
  type Status,
  tempDir,
  translate,
  until,
} from './local/harness.js';

// A real pipeline of small node processes over loopback HTTP: source → processor → sink, run by
// the generated script. Ports are fixed per test in a high range nothing else here uses.
const NODE = process.execPath;
const program = (name: string) => [NODE, join(PROGRAMS, name)];

let dir = '';
let groups: number[] = [];
afterEach(() => {
  if (dir) cleanup(dir, groups);
  dir = '';
  groups = [];
});

function pipeline(d: string, base: number) {
  const journal = { E2E_JOURNAL: join(d, 'journal') };
  return {
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name: 'e2e-local' },
    spec: {
      sources: [
        {
          id: 'src',
          command: program('source.js'),
          // Slow to listen: a dependent started before the health wait would see it down.
          env: { ...journal, E2E_START_DELAY_MS: '700' },
          config: { events: ['alpha', 'beta', 'gamma'] },
          ports: [{ name: 'http', containerPort: base }],
          health_check: '/health',
          restart_policy: 'on-failure',
        },
      ],
      processors: [
        {
          id: 'proc',
          command: program('processor.js'),
          inputs: ['src'],
          env: journal,
          ports: [{ name: 'http', containerPort: base + 1 }],
          health: { http: '/health', interval: '1s', retries: 5 },
        },
      ],
      sinks: [
        {
          id: 'sink',
          command: program('sink.js'),
          inputs: ['proc'],
          env: { ...journal, SINK_FILE: join(d, 'out.jsonl'), EXPECTED: '3' },
          ports: [{ containerPort: base + 2 }],
          health: { tcp: base + 2 },
        },
      ],
    },
  };
}

describe('local script end to end', () => {
  it('starts in health order, moves the data, is idempotent, and stops every process', async () => {
    dir = tempDir('e2e');
    const script = await translate(dir, pipeline(dir, 47311));
    expect(statSync(script).mode & 0o777).toBe(0o755);
    const state = join(dir, '.flowctl', 'e2e-local');

    const up = runScript(script, ['up'], dir);
    groups = recordedGroups(state);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/starting 'src'[\s\S]*'src' is healthy[\s\S]*starting 'proc'/);
    expect(up.stderr).toMatch(/'proc' is healthy[\s\S]*starting 'sink'[\s\S]*'sink' is healthy/);

    // Each dependent started only after its input listened and answered its health check.
    const journal = () => readFileSync(join(dir, 'journal'), 'utf8').trim().split('\n');
    expect(journal().slice(0, 5)).toEqual([
      'src started',
      'src listening',
      'proc started inputs-healthy=true',
      'proc listening',
      'sink started inputs-healthy=true',
    ]);
    const out = await until(() => (existsSync(join(dir, 'out.jsonl')) ? join(dir, 'out.jsonl') : undefined));
    expect(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { seq: 0, text: 'ALPHA', from: 'src', via: 'proc' },
      { seq: 1, text: 'BETA', from: 'src', via: 'proc' },
      { seq: 2, text: 'GAMMA', from: 'src', via: 'proc' },
    ]);

    const status = runScript(script, ['status', '--json'], dir);
    expect(status.code).toBe(0);
    const before = JSON.parse(status.stdout) as Status;
    expect(before.pipeline).toBe('e2e-local');
    expect(before.components.map((c) => [c.id, c.state])).toEqual([
      ['src', 'running'],
      ['proc', 'running'],
      ['sink', 'running'],
    ]);
    expect(before.components.map((c) => c.pid).sort()).toEqual([...groups].sort());
    expect(runScript(script, ['status'], dir).stdout).toBe(
      before.components.map((c) => `${c.id}\trunning\t${c.pid}\n`).join(''),
    );

    // A second up starts nothing: same processes, nothing new in the journal.
    const lines = journal().length;
    const again = runScript(script, ['up'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('starting');
    expect(again.stderr.match(/is already running/g)).toHaveLength(3);
    expect((JSON.parse(runScript(script, ['status', '--json'], dir).stdout) as Status).components).toEqual(
      before.components,
    );
    expect(journal()).toHaveLength(lines);

    const logs = runScript(script, ['logs', 'proc'], dir);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^==> proc <==\n/);

    const down = runScript(script, ['down'], dir);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/stopping 'sink'[\s\S]*stopping 'proc'[\s\S]*stopping 'src'/);
    expect(liveProcesses(groups, dir)).toEqual([]);
    expect(recordedGroups(state)).toEqual([]);
    const after = runScript(script, ['status', '--json'], dir);
    expect(after.code).toBe(3);
    expect((JSON.parse(after.stdout) as Status).components.map((c) => c.state)).toEqual([
      'stopped',
      'stopped',
      'stopped',
    ]);
  }, 30_000);
});

const listen = (port: number) =>
  `exec ${JSON.stringify(NODE)} -e 'require("net").createServer(s => s.end()).listen(${port}, "127.0.0.1")'`;

describe('local script supervision', () => {
  it('restarts a failed process (on-failure) and waits for its health across the restart', async () => {
    dir = tempDir('restart');
    const snippet = `n=$(cat runs 2>/dev/null || echo 0); echo $((n + 1)) > runs
if [ "$n" = 0 ]; then echo 'first run fails' >&2; exit 3; fi
${listen(47321)}`;
    const script = await translate(
      dir,
      single('flaky', snippet, { restart_policy: 'on-failure', health: { tcp: 47321 } }),
    );
    const up = runScript(script, ['up'], dir);
    groups = recordedGroups(join(dir, '.flowctl', 'e2e-flaky'));
    expect(up.code, up.stderr).toBe(0);
    expect(readFileSync(join(dir, 'runs'), 'utf8').trim()).toBe('2');
    const log = runScript(script, ['logs'], dir).stdout;
    expect(log).toContain('first run fails');
    expect(log).toContain("'flaky' exited with code 3; restarting in 1s (restart: on-failure)");
    expect(runScript(script, ['down'], dir).code).toBe(0);
    expect(liveProcesses(groups, dir)).toEqual([]);
  }, 20_000);

  it('fails up with the exit code and the log tail when a process exits before it is healthy', async () => {
    dir = tempDir('exit');
    const script = await translate(
      dir,
      single('dies', "echo 'cannot open the database' >&2; exit 4", { health: { tcp: 47322 } }),
    );
    const up = runScript(script, ['up'], dir);
    groups = recordedGroups(join(dir, '.flowctl', 'e2e-dies'));
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/'dies' exited before it was healthy \(last exit code 4\); last lines of /);
    expect(up.stderr).toContain('cannot open the database');
    const status = JSON.parse(runScript(script, ['status', '--json'], dir).stdout) as Status;
    expect(status.components[0]).toMatchObject({ id: 'dies', state: 'exited', exitCode: 4 });
  }, 20_000);

  it('fails up after the health timeout, naming the component', async () => {
    dir = tempDir('timeout');
    const script = await translate(
      dir,
      single('slow', 'echo booting; exec sleep 60', { health: { tcp: 47323 } }),
    );
    const up = runScript(script, ['up'], dir, { FLOWCTL_HEALTH_TIMEOUT: '1' });
    groups = recordedGroups(join(dir, '.flowctl', 'e2e-slow'));
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/'slow' was not healthy within 1s; last lines of .*slow\.log:\nbooting\n/);
    expect(runScript(script, ['down'], dir).code).toBe(0);
    expect(liveProcesses(groups, dir)).toEqual([]);
  }, 20_000);

  it('kills a process group that ignores TERM after the grace period, children included', async () => {
    dir = tempDir('stubborn');
    const script = await translate(
      dir,
      single('stubborn', `trap '' TERM; sleep 300 & sleep 301 & echo ready > ready; wait`),
    );
    const up = runScript(script, ['up'], dir);
    groups = recordedGroups(join(dir, '.flowctl', 'e2e-stubborn'));
    expect(up.code, up.stderr).toBe(0);
    await until(() => (existsSync(join(dir, 'ready')) ? true : undefined));
    expect(liveProcesses(groups, dir).length).toBeGreaterThanOrEqual(3);
    const down = runScript(script, ['down'], dir, { FLOWCTL_STOP_GRACE: '1' });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain("'stubborn' did not stop within 1s; sending KILL");
    expect(liveProcesses(groups, dir)).toEqual([]);
  }, 20_000);
});
