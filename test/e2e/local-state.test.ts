import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  liveProcesses,
  recordedGroups,
  runScript,
  single,
  type Status,
  tempDir,
  translate,
} from './local/harness.js';

// What the local script keeps between runs: changed and removed components, secrets, the lock.
let dir = '';
let groups: number[] = [];
afterEach(() => {
  if (dir) cleanup(dir, groups);
  dir = '';
  groups = [];
});

describe('local script state', () => {
  it('restarts only a changed component, and down stops a component removed from the pipeline', async () => {
    dir = tempDir('change');
    const state = join(dir, '.flowctl', 'e2e-change');
    const doc = (version: string, withExtra: boolean) => ({
      apiVersion: 'flowctl/v1',
      kind: 'Pipeline',
      metadata: { name: 'e2e-change' },
      spec: {
        sources: [
          { id: 'keep', command: ['sleep', '300'] },
          { id: 'edit', command: ['sleep', '300'], env: { VERSION: version } },
          ...(withExtra ? [{ id: 'extra', command: ['sleep', '300'] }] : []),
        ],
      },
    });
    const first = await translate(dir, doc('1', true));
    expect(runScript(first, ['up'], dir).code).toBe(0);
    groups = recordedGroups(state);
    const pids = () =>
      Object.fromEntries(
        (JSON.parse(runScript(first, ['status', '--json'], dir).stdout) as Status).components.map((c) => [
          c.id,
          c.pid,
        ]),
      );
    const before = pids();

    const second = await translate(dir, doc('2', false));
    expect(second).toBe(first);
    const up = runScript(second, ['up'], dir);
    groups = [...new Set([...groups, ...recordedGroups(state)])];
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("'keep' is already running");
    expect(up.stderr).toContain("'edit' changed since it started; restarting it");
    expect(up.stderr).toContain('extra.pid belongs to no component of this pipeline; down stops it');
    const after = pids();
    expect(after.keep).toBe(before.keep);
    expect(after.edit).not.toBe(before.edit);
    expect(liveProcesses([before.edit as number], '\0')).toEqual([]);

    const down = runScript(second, ['down'], dir);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain("stopping 'extra'");
    expect(liveProcesses(groups, dir)).toEqual([]);
    expect(recordedGroups(state)).toEqual([]);
  }, 20_000);

  it('checks secrets and commands before starting anything, and writes secrets for their owner only', async () => {
    dir = tempDir('secrets');
    const state = join(dir, '.flowctl', 'e2e-secrets');
    const script = await translate(dir, {
      apiVersion: 'flowctl/v1',
      kind: 'Pipeline',
      metadata: { name: 'e2e-secrets' },
      spec: {
        sources: [{ id: 'first', command: ['sleep', '300'] }],
        sinks: [
          {
            id: 'second',
            inputs: ['first'],
            command: [
              'bash',
              '-c',
              'printf %s "$TOKEN" > token.out; cat "$KEY_FILE" > key.out; exec sleep 300',
            ],
            secrets: [
              { name: 'token', from_env: 'E2E_TOKEN', env: 'TOKEN' },
              { name: 'key', file: './key.txt', mountPath: '/run/key', env: 'KEY_FILE', mode: '0400' },
              { name: 'optional', from_env: 'E2E_UNSET', env: 'OPTIONAL', required: false },
            ],
            // A command health check, run in the component's environment.
            health: { command: ['test', '-s', 'key.out'] },
          },
        ],
      },
    });
    const missing = runScript(script, ['up'], dir, { E2E_TOKEN: 'tok' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "secret 'key' of 'second' comes from the file ./key.txt, which is not there",
    );
    expect(missing.stderr).not.toContain('starting');
    expect(recordedGroups(state)).toEqual([]);

    writeFileSync(join(dir, 'key.txt'), 'key\nbytes\n');
    const up = runScript(script, ['up'], dir, { E2E_TOKEN: "t'o$k\n" });
    groups = recordedGroups(state);
    expect(up.code, up.stderr).toBe(0);
    expect(readFileSync(join(dir, 'token.out'), 'utf8')).toBe("t'o$k\n");
    expect(readFileSync(join(dir, 'key.out'), 'utf8')).toBe('key\nbytes\n');
    expect(statSync(join(state, 'secrets', 'second', 'key')).mode & 0o777).toBe(0o400);
    expect(statSync(join(state, 'secrets', 'second', 'token')).mode & 0o777).toBe(0o600);
    expect(statSync(state).mode & 0o777).toBe(0o700);
    expect(runScript(script, ['down'], dir).code).toBe(0);
    expect(existsSync(join(state, 'secrets'))).toBe(false);
  }, 20_000);

  it('lets one up or down run at a time', async () => {
    dir = tempDir('lock');
    const state = join(dir, '.flowctl', 'e2e-lock');
    const script = await translate(dir, single('lock', 'exec sleep 300'));
    mkdirSync(join(state, 'lock'), { recursive: true });
    // A live holder (this test process) keeps the lock; a dead one's lock is taken over.
    writeFileSync(join(state, 'lock', 'pid'), `${process.pid}\n`);
    const started = Date.now();
    const blocked = runScript(script, ['up'], dir, { FLOWCTL_LOCK_TIMEOUT: '1' });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`another up or down (pid ${process.pid}) holds`);
    expect(Date.now() - started).toBeGreaterThan(900);
    expect(recordedGroups(state)).toEqual([]);
    writeFileSync(join(state, 'lock', 'pid'), '999999999\n');
    const up = runScript(script, ['up'], dir);
    groups = recordedGroups(state);
    expect(up.code, up.stderr).toBe(0);
    expect(existsSync(join(state, 'lock'))).toBe(false);
    expect(runScript(script, ['down'], dir).code).toBe(0);
  }, 20_000);
});
