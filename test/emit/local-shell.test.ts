import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasNul, isEnvName, sh, shComment, shWords } from '../../src/emit/shell.js';
import { wellFormed } from '../e2e/local/harness.js';

/** What bash makes of `words` (already shell text): each word printed NUL-terminated. */
function bashWords(words: string): string[] {
  const r = spawnSync('bash', ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8', env: {} });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

const noNul = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !hasNul(s) && wellFormed(s));
const shellish = fc
  .array(
    fc.oneof(noNul, fc.constantFrom("'", "'\\''", '$(', '`', '\\', '\n', '*', '"', '$&', '$1', '!', '~')),
    {
      maxLength: 6,
    },
  )
  .map((a) => a.join(''));

describe('sh', () => {
  it('writes single quotes as quote, backslash-quote, quote and nothing else', () => {
    expect(sh('')).toBe("''");
    expect(sh('plain')).toBe("'plain'");
    expect(sh("it's")).toBe("'it'\\''s'");
    // A replacement string would turn `$&` into the match: sh must not.
    expect(sh("$&'$1")).toBe("'$&'\\''$1'");
    expect(shWords(['a b', "'"])).toBe("'a b' ''\\'''");
  });

  it('makes bash see every string as exactly one word, byte for byte (property)', () => {
    fc.assert(
      fc.property(fc.array(shellish, { minLength: 1, maxLength: 20 }), (values) => {
        expect(bashWords(shWords(values))).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });
});

describe('isEnvName and shComment', () => {
  it('accepts exactly shell variable names', () => {
    for (const ok of ['A', '_', 'a_1', 'FLOWCTL_PORT', '_9']) expect(isEnvName(ok), ok).toBe(true);
    for (const bad of ['', '1A', 'A-B', 'a.b', 'A B', 'A=B', '$A', 'Ä', 'A\n'])
      expect(isEnvName(bad), bad).toBe(false);
  });

  it('keeps comment text on one line', () => {
    fc.assert(
      fc.property(shellish, (s) => {
        const c = shComment(s);
        expect(c).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(JSON.parse(c)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});
