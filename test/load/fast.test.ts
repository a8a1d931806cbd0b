import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generatePipeline } from '../../bench/generate.mjs';
import { SourceSet } from '../../src/diagnostics/sources.js';
import { fastParse } from '../../src/load/fast.js';
import { DEFAULT_LIMITS, loadYamlDocument, loadYamlText } from '../../src/load/yaml.js';
import { FIXTURES, ROOT } from '../support/fixtures.js';

// The loader's fast path must be invisible: whenever it returns a value, the full path
// (yaml's Document + our walk) gives the same value, key order included, and no diagnostic.

/** Objects as [key, value] lists, so that key order takes part in the comparison. */
function ordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ordered);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, ordered(x)]);
  return v;
}

/** Check one text; returns whether the fast path took it. */
function agrees(text: string): boolean {
  const fast = fastParse(text, DEFAULT_LIMITS);
  if (fast === undefined) return false;
  const slow = loadYamlDocument(text, 'f.yaml', new SourceSet());
  expect(slow.diagnostics, text).toEqual([]);
  expect(ordered(fast), text).toEqual(ordered(slow.value));
  return true;
}

const fixtureTexts = readdirSync(FIXTURES)
  .sort()
  .flatMap((d) =>
    readdirSync(join(FIXTURES, d))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(join(FIXTURES, d, f), 'utf8')),
  );

describe('the fast path of the loader', () => {
  it('agrees with the full path on every fixture and registry, and takes most of them', () => {
    const texts = [...fixtureTexts, readFileSync(join(ROOT, 'registry', 'default.yaml'), 'utf8')];
    const taken = texts.filter(agrees).length;
    expect(taken).toBeGreaterThan(texts.length / 2);
  });

  it('takes generated pipelines, and is several times faster there', () => {
    const text: string = generatePipeline(2000);
    expect(agrees(text)).toBe(true);
    const time = (f: () => unknown) => {
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) f();
      return performance.now() - t0;
    };
    const slow = time(() => loadYamlDocument(text, 'f.yaml', new SourceSet()));
    const fast = time(() => fastParse(text, DEFAULT_LIMITS));
    expect(slow / fast).toBeGreaterThan(3);
  });

  it('agrees on random values written by yaml in every style', () => {
    const key = fc.oneof(
      fc.constantFrom(
        'id',
        'image',
        'a-b',
        'x.y',
        '1',
        '0x1f',
        '1.50',
        'true',
        'null',
        '~',
        'no',
        '__proto__',
        '<<',
      ),
      fc.string({ maxLength: 6 }),
      fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,6}$/),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.stringMatching(/^[a-z0-9][a-z0-9.:/ -]{0,10}$/),
      fc.constantFrom(
        'yes',
        'No',
        '0755',
        '0o17',
        '1_000',
        '12:30',
        '-',
        '- x',
        'a: b',
        'a #b',
        '#',
        "it's",
        '"q"',
        '',
      ),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, scalar, tie('seq'), tie('map')),
      seq: fc.array(tie('v'), { maxLength: 3 }),
      map: fc.dictionary(key, tie('v'), { maxKeys: 3 }),
    })).map;
    const options = fc.record({
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      indent: fc.constantFrom(2, 4),
      indentSeq: fc.boolean(),
      flowCollectionPadding: fc.boolean(),
    });
    fc.assert(
      fc.property(value, options, (v, o) => {
        agrees(stringify(v, o as never));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on line soup made of YAML punctuation', () => {
    const piece = fc.constantFrom(
      'a',
      'b: ',
      'id: x',
      '- ',
      '-',
      ':',
      ': ',
      '[',
      ']',
      '{',
      '}',
      ', ',
      ',',
      '#',
      ' # c',
      '"',
      "'",
      '"s"',
      "'t'",
      '1',
      '0x10',
      'null',
      '~',
      '&a ',
      '*a',
      '!t ',
      '|',
      '>',
      '?',
      '%',
      '@',
      '`',
      '\\',
      '  ',
      '\n',
      '\n  ',
      '\n    ',
      '\n- ',
      '\n  - ',
      'http://h:80/p',
      'k:v',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        agrees(`k: ${parts.join('')}\n`);
        agrees(parts.join(''));
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves positions to be found when a diagnostic is printed', () => {
    const sources = new SourceSet();
    const text = 'apiVersion: flowctl/v1\nspec:\n  sources:\n    - id: src\n      image: x:1\n';
    const r = loadYamlText(text, 'p.yaml', sources);
    expect(r.value).toEqual({ apiVersion: 'flowctl/v1', spec: { sources: [{ id: 'src', image: 'x:1' }] } });
    const pos = sources.position({ file: 'p.yaml', path: ['spec', 'sources', 0, 'image'] });
    expect([pos?.line, pos?.column]).toEqual([5, 14]);
  });
});
