import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Component, Pipeline } from '../../src/ir.js';
import {
  cleanup,
  compileDoc,
  emitScript,
  liveProcesses,
  PROGRAMS,
  recordedGroups,
  runScript,
  tempDir,
  translate,
  until,
  wellFormed,
} from './local/harness.js';

// Values a shell would execute, expand, split or glob if the script let it: each must reach the
// process byte for byte, and none may run. SENTINEL is the file any of them would create.
const SENTINEL = 'PWNED';
const hostile = (dir: string): string[] => {
  const s = join(dir, SENTINEL);
  return [
    `$(touch ${s})`,
    `\`touch ${s}\``,
    `'; touch ${s}; '`,
    `"; touch ${s}; "`,
    `<(touch ${s})`,
    `>${s}`,
    `| touch ${s}`,
    `&& touch ${s}`,
    `$'\\x41' \${PATH} $HOME $$ $1 !!`,
    '*',
    '/*',
    '?[a-z]*',
    '~root',
    '-n',
    '--',
    '-e',
    'line one\nline two\n',
    '\\',
    "'",
    '"',
    'a\tb\r\nc',
    ' leading and trailing ',
    '',
    'héllo ✓ 中文 \u2028',
  ];
};

interface Dump {
  argv0: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

const readDump = (file: string) =>
  until(() => (existsSync(file) ? file : undefined)).then((f) => JSON.parse(readFileSync(f, 'utf8')) as Dump);

let dir = '';
let groups: number[] = [];
afterEach(() => {
  if (dir) cleanup(dir, groups);
  dir = '';
  groups = [];
});

describe('local script injection', () => {
  it('carries hostile names, env, config, args, secrets and paths as data, byte for byte', async () => {
    dir = tempDir('inject');
    const values = hostile(dir);
    // The command itself and the program path carry hostile names too (a link to node, a copy
    // of the dumper), and so does the pipeline name. Relative `touch` runs in dir, the cwd of up.
    const bin = join(dir, `node $(touch ${SENTINEL}) \`touch ${SENTINEL}\` '*`);
    symlinkSync(process.execPath, bin);
    const prog = join(dir, `dump 'q' "$(x)" *.js`);
    writeFileSync(prog, readFileSync(join(PROGRAMS, 'dump.js')));
    const secretFile = join(dir, `secret $(touch ${SENTINEL}).txt`);
    writeFileSync(secretFile, values.join('|'));
    const env = Object.fromEntries(values.map((v, i) => [`HOSTILE_${i}`, v]));
    const config = Object.fromEntries(values.map((v, i) => [`k${i} ${v}`, v]));
    const name = `evil'$(touch ${join(dir, SENTINEL)})\`id\`*\n"x"`;
    const script = await translate(dir, {
      apiVersion: 'flowctl/v1',
      kind: 'Pipeline',
      metadata: { name },
      spec: {
        sources: [
          {
            id: 'src',
            command: [bin, prog],
            args: values,
            env: { ...env, DUMP_FILE: join(dir, 'src.json') },
            config,
            secrets: [
              { name: `tok'$(touch ${join(dir, SENTINEL)})`, from_env: 'E2E_TOKEN', env: 'TOKEN_VALUE' },
              { name: 'file `x`', file: secretFile, mountPath: '/run/secrets/x', env: 'SECRET_PATH' },
            ],
            volumes: [{ name: `v $(touch ${join(dir, SENTINEL)})`, mountPath: '/data' }],
          },
        ],
      },
    });
    const token = values.join('\u0001');
    const up = runScript(script, ['up'], dir, { E2E_TOKEN: token });
    const stateDirs = readdirSync(join(dir, '.flowctl'));
    expect(stateDirs).toHaveLength(1);
    const state = join(dir, '.flowctl', stateDirs[0]);
    groups = recordedGroups(state);
    expect(up.code, up.stderr).toBe(0);
    const dump = await readDump(join(dir, 'src.json'));

    expect(dump.argv0).toBe(bin);
    expect(dump.args).toEqual(values);
    for (const [k, v] of Object.entries(env)) expect(dump.env[k], k).toBe(v);
    expect(JSON.parse(dump.env.FLOWCTL_CONFIG)).toEqual(config);
    expect(dump.env.FLOWCTL_PIPELINE).toBe(name);
    expect(dump.env.TOKEN_VALUE).toBe(token);
    expect(readFileSync(dump.env.SECRET_PATH, 'utf8')).toBe(values.join('|'));
    expect(statSync(dump.env.SECRET_PATH).mode & 0o777).toBe(0o600);
    const volume = Object.keys(dump.env).filter((k) => k.startsWith('FLOWCTL_VOLUME_'));
    expect(volume).toHaveLength(1);
    expect(statSync(dump.env[volume[0]]).isDirectory()).toBe(true);
    expect(dump.env[volume[0]].startsWith(`${state}/volumes/`)).toBe(true);
    expect(readFileSync(script, 'utf8')).not.toContain(token);

    expect(runScript(script, ['down'], dir).code).toBe(0);
    expect(liveProcesses(groups, dir)).toEqual([]);
    expect(existsSync(join(state, 'secrets'))).toBe(false);
    expect(existsSync(join(dir, SENTINEL))).toBe(false);
  }, 30_000);

  it('carries hostile component ids (which the id rule would refuse) as data', async () => {
    dir = tempDir('ids');
    const dumper = (id: string, extra: object = {}) => ({
      id,
      command: [process.execPath, join(PROGRAMS, 'dump.js')],
      env: { DUMP_FILE: join(dir, `${id}.json`) },
      ...extra,
    });
    const p = await compileDoc(dir, {
      apiVersion: 'flowctl/v1',
      kind: 'Pipeline',
      metadata: { name: 'ids' },
      spec: { sources: [dumper('src')], sinks: [dumper('sink', { inputs: ['src'] })] },
    });
    // The emitter must stay safe even when given ids the front end would reject.
    const ids = [`src $(touch ${SENTINEL})`, `sink \`touch ${SENTINEL}\` '"*\n; touch ${SENTINEL}`];
    const rename = (id: string) => ids[['src', 'sink'].indexOf(id)];
    const renamed: Pipeline = {
      ...p,
      components: p.components.map(
        (c): Component => ({
          ...c,
          id: rename(c.id),
          inputs: c.inputs.map((i) => ({ ...i, value: rename(i.value) })),
        }),
      ),
    };
    const script = emitScript(dir, renamed);
    const up = runScript(script, ['up'], dir);
    const state = join(dir, '.flowctl', 'ids');
    groups = recordedGroups(state);
    expect(up.code, up.stderr).toBe(0);
    const src = await readDump(join(dir, 'src.json'));
    const sink = await readDump(join(dir, 'sink.json'));
    expect(src.env.FLOWCTL_COMPONENT_ID).toBe(ids[0]);
    expect(sink.env.FLOWCTL_COMPONENT_ID).toBe(ids[1]);
    expect(sink.env.FLOWCTL_INPUT_IDS).toBe(ids[0]);
    // Every state file has a safe name, whatever the id.
    for (const f of readdirSync(state)) expect(f).toMatch(/^[A-Za-z0-9._-]+$/);
    const status = runScript(script, ['status', '--json'], dir);
    expect(
      (JSON.parse(status.stdout) as { components: { id: string }[] }).components.map((c) => c.id),
    ).toEqual(ids);
    const logs = runScript(script, ['logs', ids[1]], dir);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout.startsWith(`==> ${ids[1]} <==\n`)).toBe(true);
    expect(runScript(script, ['down'], dir).code).toBe(0);
    expect(liveProcesses(groups, dir)).toEqual([]);
    expect(existsSync(join(dir, SENTINEL))).toBe(false);
  }, 30_000);

  it('round-trips arbitrary args, env values and config byte for byte through up (property)', async () => {
    dir = tempDir('prop');
    const base = await compileDoc(dir, {
      apiVersion: 'flowctl/v1',
      kind: 'Pipeline',
      metadata: { name: 'prop' },
      spec: { sources: [{ id: 'p', command: [process.execPath, join(PROGRAMS, 'dump.js')] }] },
    });
    const text = fc
      .string({ unit: 'binary', maxLength: 10 })
      .filter((s) => !s.includes('\u0000') && wellFormed(s));
    const piece = fc.oneof(
      text,
      fc.constantFrom("'", '$(', ')', '`', '\\', '\n', '*', '-', '"', '$', '--', ' '),
    );
    const word = fc.array(piece, { maxLength: 4 }).map((a) => a.join(''));
    const key = word.filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
    const value = fc.oneof(word, fc.array(word, { maxLength: 3 }), fc.integer(), fc.boolean());
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, { maxLength: 5 }),
        fc.array(word, { maxLength: 3 }),
        fc.dictionary(key, value, { maxKeys: 3 }),
        async (args, values, config) => {
          n += 1;
          const run = join(dir, `run-${n}`);
          mkdirSync(run);
          const c = base.components[0];
          const env = values.map((v, i) => ({ name: `PROP_${i}`, value: v, loc: c.loc }));
          const component: Component = {
            ...c,
            args,
            env: [...env, { name: 'DUMP_FILE', value: join(run, 'dump.json'), loc: c.loc }],
            config: Object.entries(config).map(([k, v]) => ({ key: k, value: v, loc: c.loc })),
          };
          const script = emitScript(run, { ...base, components: [component] });
          const up = runScript(script, ['up'], run);
          groups.push(...recordedGroups(join(run, '.flowctl', 'prop')));
          expect(up.code, up.stderr).toBe(0);
          const dump = await readDump(join(run, 'dump.json'));
          expect(dump.args).toEqual(args);
          for (const [i, v] of values.entries()) expect(dump.env[`PROP_${i}`]).toBe(v);
          if (component.config.length > 0) expect(JSON.parse(dump.env.FLOWCTL_CONFIG)).toEqual(config);
          expect(runScript(script, ['down'], run).code).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
    expect(existsSync(join(dir, SENTINEL))).toBe(false);
  }, 120_000);
});
