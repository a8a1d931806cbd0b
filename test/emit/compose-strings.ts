import fc from 'fast-check';
import { expect } from 'vitest';
import type { Pipeline } from '../../src/ir.js';
import { component, FILE, pipeline } from './compose-support.js';

// Arbitrary strings for the compose escaping properties: YAML 1.1 traps, Compose interpolation
// traps, line breaks YAML 1.1 knows and 1.2 does not, and arbitrary Unicode.

export const TRICKY = [
  'yes',
  'no',
  'NO',
  'on',
  'Off',
  'y',
  'n',
  'true',
  '~',
  'null',
  'Null',
  '',
  ' ',
  '0777',
  '0755',
  '012',
  '007',
  '1e3',
  '1_000',
  '0x1F',
  '0o17',
  '0b101',
  '+1',
  '.5',
  '-.inf',
  '.NaN',
  '12:30',
  '190:20:30',
  '2001-12-14',
  '2001-12-14 21:59:43.10 -5',
  '=',
  '<<',
  '$',
  '$$',
  '$$$',
  '\u0024{HOME}',
  '$HOME',
  '\u0024{X:-y}',
  '\u0024{X:?e}',
  '$(x)',
  '$1',
  'a$',
  'a\nb',
  'a\nb\n',
  '\n',
  '\n\n',
  'x\r\ny',
  '\r',
  ' lead',
  'trail ',
  'a \nb',
  'tab\there',
  '\t',
  '\u0085',
  'x\u2028y',
  '\u2029',
  '\ufeff',
  '\u007f',
  '\u0001',
  '\u001b[0m',
  '\u00a0',
  'é',
  '😀',
  "'",
  '"',
  '\\',
  '\\n',
  '%',
  '@x',
  '`x`',
  '!x',
  '&a',
  '*a',
  '|',
  '>',
  '? x',
  '- x',
  'a: b',
  '#x',
  'a #b',
  '{a: 1}',
  '[1]',
  ',',
  '---',
  '...',
  '%YAML 1.1',
];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Strings the IR can hold: well-formed Unicode without NUL (the loader rejects both). */
export const text: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(...TRICKY),
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.array(fc.constantFrom(...TRICKY), { maxLength: 4 }).map((xs) => xs.join('')),
    fc
      .tuple(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }))
      .map(([a, b]) => a + b),
  )
  .filter((s) => !s.includes('\u0000') && !LONE_SURROGATE.test(s));

/** Strings for one component: env values, config values, args, label keys and values. */
export interface Strings {
  readonly env: string[];
  readonly config: string[];
  readonly args: string[];
  readonly labels: [string, string][];
}

export const strings: fc.Arbitrary<Strings> = fc.record({
  env: fc.array(text, { maxLength: 6 }),
  config: fc.array(text, { maxLength: 6 }),
  args: fc.array(text, { maxLength: 6 }),
  labels: fc.uniqueArray(
    fc.tuple(
      text.filter(
        (k) =>
          k !== '' &&
          !k.startsWith('com.docker.') &&
          !k.startsWith('flowctl.io/') &&
          k !== 'app.kubernetes.io/managed-by',
      ),
      text,
    ),
    {
      maxLength: 6,
      selector: ([k]) => k,
    },
  ),
});

const loc = { file: FILE, path: [] };

/** One component carrying every string of `s` in env, config, args and labels. */
export function carrying(s: Strings, order: 'written' | 'reversed' = 'written'): Pipeline {
  const o = <T>(xs: T[]) => (order === 'written' ? xs : [...xs].reverse());
  return pipeline([
    component('c', {
      env: o(s.env.map((value, i) => ({ name: `U_${i}`, value, loc }))),
      config: o(s.config.map((value, i) => ({ key: `k${i}`, value, loc }))),
      args: s.args,
      labels: Object.fromEntries(o(s.labels)),
    }),
  ]);
}

/**
 * Every string of `s` comes back from a parsed compose.yaml: `value` turns a string as parsed
 * into what the container sees (Compose `$$` → `$`), `key` does the same for mapping keys.
 */
// biome-ignore lint/suspicious/noExplicitAny: a parsed document.
export function expectCarried(doc: any, s: Strings, value: (v: string) => string, key = (k: string) => k) {
  const svc = doc.services.c;
  const env = Object.fromEntries(
    Object.entries(svc.environment ?? {}).map(([k, v]) => [key(k), value(v as string)]),
  );
  s.env.forEach((v, i) => {
    expect(env[`U_${i}`]).toBe(v);
  });
  s.config.forEach((v, i) => {
    expect(env[`K${i}`]).toBe(v);
  });
  if (s.config.length > 0)
    expect(JSON.parse(env.FLOWCTL_CONFIG)).toEqual(Object.fromEntries(s.config.map((v, i) => [`k${i}`, v])));
  expect((svc.command ?? []).map(value)).toEqual(s.args);
  const labels = Object.fromEntries(Object.entries(svc.labels).map(([k, v]) => [key(k), value(v as string)]));
  for (const [k, v] of s.labels) expect(labels[k]).toBe(v);
}
