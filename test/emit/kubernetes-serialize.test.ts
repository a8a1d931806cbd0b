/**
 * fastYaml is a drop-in for toYaml on Kubernetes objects: byte-identical output, proved on
 * every kubernetes golden object and on random objects full of strings that need quoting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastYaml } from '../../src/emit/kubernetes/serialize.js';
import { toYaml } from '../../src/emit/yaml.js';
import { GOLDEN } from '../support/fixtures.js';
import { parseStream } from './kubernetes-helpers.js';

// biome-ignore format: a table of values
const TRICKY = [
  'yes', 'NO', 'on', 'Off', 'y', 'N', '~', 'null', 'true', '0777', '007', '1e3', '12:30', '2001-12-14',
  '1_000', '.inf', '=', '<<', '-', '- x', ': x', 'a: b', 'a:', '#x', 'a #b', '', ' ', ' x', 'x ', '$(A)',
  'a\nb', 'a\n', '\n', '\n\n', ' a\nb', 'a\n\n\nb\n\n', 'x\r\ny', '\t', '"', "'", 'it\'s "q"', '{a: 1}',
  '[1]', '&a', '*a', '!t', '%x', '@x', '`x', '|', '>', '---', 'a\n---\nb', 'a\n...\n', '\u2028', '\u0085',
  '\ufeff', 'é', '😀', 'x/y:1.0', 'a.b/c', '_x', '/p', 'docker.io/x@sha256:ab', 'A-B_c.d', 'Y', 'nULL',
  '..x', '...', '--x', '-1', '+1', '.5', '1.2.3', '0b1', '0o7', '@x', 'x@', '1:2', '1:60', '190:20:30',
  'E0', 'e-5', '.e1', '{"a":1}', '["x"]', "{'a':1}", '{"a":"it\'s"}', '{"a":"\u2028"}',
];

const str = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc
    .array(fc.constantFrom(...TRICKY, 'a', ':', ' ', '\n', '-', '#'), { maxLength: 6 })
    .map((a) => a.join('')),
  fc.stringMatching(/^[A-Za-z0-9_./@:+-]{1,12}$/),
  fc.stringMatching(/^[0-9._:+eE-]{1,8}$/),
  fc.json().map((j) => j.replace(/^"/, '{"')),
  fc
    .array(fc.constantFrom('{', '[', '"', "'", ':', ' ', 'a', '\n', '\t', '\u2028', ',', '}'), {
      maxLength: 8,
    })
    .map((a) => `{${a.join('')}`),
);
const scalar = fc.oneof(str, fc.integer(), fc.boolean());
const key = fc.oneof(
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9._/-]{0,10}$/),
  fc.constantFrom('yes', 'on', 'a', 'Z', 'null'),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, scalar, tie('tree'), tie('list')), {
    maxKeys: 4,
  }),
  list: fc.array(fc.oneof({ depthSize: 'small' }, scalar, tie('tree')), { maxLength: 3 }),
}));

describe('fastYaml', () => {
  it('writes every kubernetes golden object exactly as toYaml does', () => {
    let n = 0;
    for (const c of readdirSync(join(GOLDEN, 'kubernetes'))) {
      for (const f of readdirSync(join(GOLDEN, 'kubernetes', c)).filter((x) => x.endsWith('.yaml'))) {
        const obj = parseStream(readFileSync(join(GOLDEN, 'kubernetes', c, f), 'utf8'), '1.2')[0];
        expect(fastYaml(obj), `${c}/${f}`).toBe(toYaml(obj));
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  it('is byte-identical to toYaml on random objects (property)', () => {
    fc.assert(
      fc.property(tree, (obj) => {
        expect(fastYaml(obj as Record<string, unknown>)).toBe(toYaml(obj));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('falls back to toYaml for shapes it does not write itself', () => {
    const odd = { a: [[1, 2], ['x']], b: 1.5 };
    expect(fastYaml(odd)).toBe(toYaml(odd));
  });
});
