// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about literal ${VAR} text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expand, parseTemplate, plainScalar } from '../../src/layers/interpolate.js';

const vars = (o: Record<string, string>) => (n: string) => (Object.hasOwn(o, n) ? o[n] : undefined);

describe('expand', () => {
  it('substitutes set variables and keeps the surrounding text', () => {
    const r = expand('host=${HOST}:${PORT}/db', vars({ HOST: 'pg', PORT: '5432' }));
    expect(r).toEqual({ value: 'host=pg:5432/db', problems: [], whole: false });
  });

  it('reports an unset variable without default instead of substituting an empty string', () => {
    const r = expand('x-${MISSING}-y', vars({}));
    expect(r.problems).toEqual([{ kind: 'unset', ref: { name: 'MISSING', start: 2, end: 12 } }]);
    expect(r.value).toBe('x-${MISSING}-y');
  });

  it('keeps a variable that is set but empty', () => {
    expect(expand('[${E}]', vars({ E: '' })).value).toBe('[]');
    expect(expand('[${E}]', vars({ E: '' })).problems).toEqual([]);
  });

  it('uses :- defaults when unset or empty, and expands references inside defaults', () => {
    expect(expand('${A:-fallback}', vars({})).value).toBe('fallback');
    expect(expand('${A:-fallback}', vars({ A: '' })).value).toBe('fallback');
    expect(expand('${A:-fallback}', vars({ A: 'set' })).value).toBe('set');
    expect(expand('${A:-${B:-deep}}', vars({})).value).toBe('deep');
    expect(expand('${A:-${B:-deep}}', vars({ B: 'b' })).value).toBe('b');
    expect(expand('${A:-}', vars({})).value).toBe('');
  });

  it('does not evaluate a default that is not needed', () => {
    expect(expand('${A:-${NOPE}}', vars({ A: 'a' })).problems).toEqual([]);
  });

  it('reports :? with its message when unset or empty', () => {
    const r = expand('${DB:?set DB to the database host}', vars({ DB: '' }));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: 'required', message: 'set DB to the database host' });
    expect(expand('${DB:?msg}', vars({ DB: 'x' }))).toEqual({ value: 'x', problems: [], whole: true });
  });

  it('treats $${ as a literal ${ and leaves other dollars alone', () => {
    expect(expand('$${HOME} $HOME $ $$ a$b ${X}', vars({ X: 'x' })).value).toBe('${HOME} $HOME $ $$ a$b x');
    expect(expand('${A:-$${literal}}', vars({})).value).toBe('${literal}');
  });

  it('refuses a variable that holds a secret', () => {
    const r = expand('${PG_PASSWORD}', vars({ PG_PASSWORD: 's3cr3t' }), (n) =>
      n === 'PG_PASSWORD' ? 'pg-password' : undefined,
    );
    expect(r.problems).toEqual([
      { kind: 'secret', ref: { name: 'PG_PASSWORD', start: 0, end: 14 }, secret: 'pg-password' },
    ]);
    expect(r.value).toBe('${PG_PASSWORD}');
  });

  it.each([
    ['${', "it has no closing '}'"],
    ['a ${B', "it has no closing '}'"],
    ['${}', 'it names no variable'],
    ['${1X}', 'a variable name starts with a letter or _ and holds only A-Z, 0-9, _'],
    ['${A-b}', "'-b' after the name is not ':-default' or ':?message'"],
    ['${A:=b}', "':=b' after the name is not ':-default' or ':?message'"],
  ])('reports %s as malformed', (s, detail) => {
    const r = expand(s, vars({ A: 'a', B: 'b' }));
    expect(r.problems).toEqual([{ kind: 'malformed', start: s.indexOf('${'), end: s.length, detail }]);
  });

  it('marks a string that is exactly one reference as whole', () => {
    expect(expand('${N}', vars({ N: '3' })).whole).toBe(true);
    expect(expand(' ${N}', vars({ N: '3' })).whole).toBe(false);
  });
});

describe('parseTemplate', () => {
  it('gives offsets of nested defaults relative to the whole string', () => {
    const p = parseTemplate('ab${X:-${Y}}');
    expect(p).toEqual({
      pieces: ['ab', { name: 'X', op: ':-', word: '${Y}', wordStart: 7, start: 2, end: 12 }],
    });
  });
});

describe('plainScalar', () => {
  it('reads the result as YAML 1.2 core would', () => {
    expect(plainScalar('3')).toBe(3);
    expect(plainScalar('-1.5e3')).toBe(-1500);
    expect(plainScalar('0x1f')).toBe(31);
    expect(plainScalar('0o17')).toBe(15);
    expect(plainScalar('true')).toBe(true);
    expect(plainScalar('False')).toBe(false);
    expect(plainScalar('')).toBe(null);
    expect(plainScalar('~')).toBe(null);
    expect(plainScalar('yes')).toBe('yes'); // YAML 1.1 booleans stay strings
    expect(plainScalar('0755')).toBe(755);
    expect(plainScalar('1.10')).toBe(1.1);
    expect(plainScalar('ledger:1.4')).toBe('ledger:1.4');
  });
});

// Literal text: anything without '${' that does not end in '$' (which would turn the next
// '${' into the escape '$${').
const literal = fc
  .string({ unit: fc.constantFrom('a', 'Z', ' ', '$', '{', '}', ':', '-', '?', '\n', 'é', '\\') })
  .filter((s) => !s.includes('${') && !s.endsWith('$'));
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);

describe('properties', () => {
  it('never touches text outside ${…}', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(literal, name, fc.string({ maxLength: 8 })), { maxLength: 5 }),
        literal,
        (parts, tail) => {
          const env: Record<string, string> = {};
          let input = '';
          let expected = '';
          for (const [text, n, value] of parts) {
            env[n] ??= value;
            input += `${text}\${${n}}`;
            expected += text + env[n];
          }
          input += tail;
          expected += tail;
          const r = expand(input, vars(env));
          expect(r.problems).toEqual([]);
          expect(r.value).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves a string without ${ exactly as it is', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('${')),
        (s) => {
          expect(expand(s, vars({ A: 'x' }))).toEqual({ value: s, problems: [], whole: false });
        },
      ),
      { numRuns: 200 },
    );
  });
});
