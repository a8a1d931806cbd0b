// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL, Nomad and Go-template text under test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hcl, hclComment, hclUnescapeTemplate } from '../../src/emit/hcl.js';
import { envFileLine, goTemplateText } from '../../src/emit/nomad/gotemplate.js';
import { metaKey } from '../../src/emit/nomad/names.js';
import { cpuMhz, memoryMb } from '../../src/emit/nomad/resources.js';
import type { EnvVar } from '../../src/ir.js';
import { component, emitNomad, LOC, parsedJob, pipeline } from './nomad-support.js';

describe('hcl escaping', () => {
  it('escapes backslash, quote, control characters, template sequences and non-ASCII', () => {
    expect(hcl('a\\b"c')).toBe('"a\\\\b\\"c"');
    expect(hcl('l1\nl2\r\tx\u0000\u001f\u007f')).toBe('"l1\\nl2\\r\\tx\\u0000\\u001F\\u007F"');
    expect(hcl('${HOME} %{ if } $${x} $ % {')).toBe('"$${HOME} %%{ if } $$${x} $ % {"');
    expect(hcl('é ☃ 😀 \u202e')).toBe('"\\u00E9 \\u2603 \\U0001F600 \\u202E"');
    expect(hcl('lone \ud800 end')).toBe('"lone \\uFFFD end"');
  });

  it('keeps comments on one line', () => {
    expect(hclComment('a\nb = 1')).toBe('# a\\nb = 1');
  });
});

describe('go template escaping', () => {
  it('makes every {{ in user text literal, even at the end where an action may follow', () => {
    expect(goTemplateText('{{ .Secret }}')).toBe('{{"{"}}{ .Secret }}');
    expect(goTemplateText('a{')).toBe('a{{"{"}}');
    expect(goTemplateText('{{{')).toBe('{{"{"}}{{"{"}}{{"{"}}');
    expect(goTemplateText('${x} {y}')).toBe('${x} {y}');
  });

  it('never leaves "{{" outside the escape action, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '-', ' ', 'a', '$') }), (s) => {
        const out = goTemplateText(s);
        expect(out.split('{{"{"}}').join('\u0001')).not.toContain('{{');
        expect(out.split('{{"{"}}').join('{')).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('writes env-file lines as JSON strings that go-envparse decodes', () => {
    expect(envFileLine('A', 'x "y" \n ${z}')).toBe('A="x \\"y\\" \\n ${z}"');
  });
});

describe('resources', () => {
  it('converts cores to MHz at 1000 MHz per core, rounding up', () => {
    expect([cpuMhz('250m'), cpuMhz('1'), cpuMhz('1.5'), cpuMhz('1m'), cpuMhz('0.0001')]).toEqual([
      250, 1000, 1500, 1, 1,
    ]);
  });
  it('converts memory to Nomad MB (MiB), rounding up, at least 10', () => {
    expect([memoryMb('128Mi'), memoryMb('1Gi'), memoryMb('512M'), memoryMb('1e9'), memoryMb('1Ki')]).toEqual([
      128, 1024, 489, 954, 10,
    ]);
  });
  it('writes defaults when absent and memory_max from a larger limit', async () => {
    const none = await parsedJob(emitNomad(pipeline([component({ id: 'a' })])).text);
    expect((none.task('a').resources as object[])[0]).toEqual({ cpu: 100, memory: 300 });
    const q = (value: string) => ({ value, loc: LOC });
    const c = component({
      id: 'a',
      resources: { requests: { cpu: q('250m'), memory: q('64Mi') }, limits: { memory: q('256Mi') } },
    });
    const j = await parsedJob(emitNomad(pipeline([c])).text);
    expect((j.task('a').resources as object[])[0]).toEqual({ cpu: 250, memory: 64, memory_max: 256 });
  });
});

// Strings that stress every layer: HCL templates, Nomad interpolation, Go templates, quoting.
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '${',
        '%{',
        '$${',
        '%%{',
        '{{',
        '}}',
        '{',
        '$',
        '%',
        '"',
        '\\',
        '\n',
        '\r',
        '\t',
        '\u0000',
      ),
      fc.constantFrom(
        '${NOMAD_TASK_NAME}',
        '${node.unique.id}',
        '{{ env "X" }}',
        'é',
        '😀',
        '\u2028',
        '\u202e',
      ),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** The value of NAME in a rendered env template (Go template text → env file line). */
function templateEnvValue(data: string, name: string): string | undefined {
  const line = data.split('\n').find((l) => l.startsWith(`${name}=`));
  if (line === undefined) return undefined;
  const literal = line.slice(name.length + 1);
  // Our escape action is the only place a {{ may appear in user text.
  expect(literal.split('{{"{"}}').join('\u0001')).not.toContain('{{');
  return JSON.parse(literal.split('{{"{"}}').join('{'));
}

describe('every string survives the nomad target byte for byte (HashiCorp HCL parser)', () => {
  it('args, env, config and meta round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, hostile, async (arg, envValue, configValue, label) => {
        const env: EnvVar[] = [{ name: 'USER_VALUE', value: envValue, loc: LOC }];
        const c = component({
          id: 'a',
          args: [arg],
          env,
          config: [{ key: 'setting', value: configValue, loc: LOC }],
          labels: { 'x.label': label },
        });
        const out = emitNomad(pipeline([c]));
        const j = await parsedJob(out.text);
        // HCL normalises strings to NFC; flowctl reports every value that is not (FC4306).
        const nfc = [arg, envValue, configValue, label].every((x) => x === x.normalize('NFC'));
        expect(out.codes.includes('FC4306')).toBe(!nfc);
        const u = (v: unknown) => hclUnescapeTemplate(String(v)).normalize('NFC');
        const n = (x: string) => x.normalize('NFC');
        expect(u((j.config('a').args as string[])[0])).toBe(n(arg));
        expect(u((j.group('a').meta as Record<string, string>)['x.label'])).toBe(n(label));
        const envMap = j.task('a').env as Record<string, string>;
        const data = ((j.task('a').template as { data: string }[] | undefined) ?? [])
          .map((t) => u(t.data))
          .join('\n');
        const read = (name: string) => (name in envMap ? u(envMap[name]) : templateEnvValue(data, name));
        expect(read('USER_VALUE')).toBe(n(envValue));
        expect(read('SETTING')).toBe(n(configValue));
        expect(JSON.parse(read('FLOWCTL_CONFIG')!)).toEqual({ setting: n(configValue) });
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('meta keys become the keys Nomad stores', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 12 }), async (key) => {
        fc.pre(!metaKey(key).startsWith('flowctl.io_'));
        const j = await parsedJob(emitNomad(pipeline([component({ id: 'a', labels: { [key]: 'v' } })])).text);
        const meta = j.group('a').meta as Record<string, string>;
        expect(Object.keys(meta).map(hclUnescapeTemplate)).toContain(metaKey(key));
      }),
      { numRuns: 50 },
    );
  }, 30_000);
});

describe('determinism', () => {
  it('gives byte-identical output for the same pipeline, whatever the order of maps', () => {
    const env = (names: string[]) => names.map((name) => ({ name, value: `v-${name}`, loc: LOC }));
    const a = component({ id: 'a', env: env(['B', 'A', 'C']), labels: { z: '1', a: '2' } });
    const b = component({ id: 'a', env: env(['C', 'A', 'B']), labels: { a: '2', z: '1' } });
    const first = emitNomad(pipeline([a])).text;
    expect(emitNomad(pipeline([a])).text).toBe(first);
    expect(emitNomad(pipeline([b])).text).toBe(first);
    expect(first).not.toMatch(/\/work\/|\d{4}-\d\d-\d\dT/);
  });
});
