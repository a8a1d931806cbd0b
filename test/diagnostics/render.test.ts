import { describe, expect, it } from 'vitest';
import { generatePipeline } from '../../bench/generate.mjs';
import { diag } from '../../src/diagnostics/catalog/index.js';
import { renderText } from '../../src/diagnostics/render.js';
import { SourceSet } from '../../src/diagnostics/sources.js';
import { offsetLoc } from '../../src/ir.js';

describe('text rendering', () => {
  it('frames each diagnostic with its real line numbers, CRLF or not', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['a: 1', 'b: 2', 'c: three', 'd: 4', 'e: 5'].join(eol) + eol;
      const sources = new SourceSet();
      sources.add('f.yaml', text);
      const at = text.indexOf('three');
      const out = renderText([diag('FC1001', { detail: 'x' }, offsetLoc('f.yaml', at, at + 5))], sources);
      expect(out).toBe(
        [
          'f.yaml:3:4: error FC1001 YAML syntax error: x.',
          '  2 | b: 2',
          '> 3 | c: three',
          '    |    ^^^^^',
          '  4 | d: 4',
          '1 error, 0 warnings',
          '',
        ].join('\n'),
      );
    }
  });

  it('widens the gutter for the line numbers shown', () => {
    const text = `${Array.from({ length: 120 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
    const sources = new SourceSet();
    sources.add('f.yaml', text);
    const at = text.indexOf('k99:');
    const out = renderText([diag('FC1001', { detail: 'x' }, offsetLoc('f.yaml', at, at + 3))], sources);
    expect(out).toContain('f.yaml:100:1: ');
    expect(out).toContain('   99 | k98: 98\n> 100 | k99: 99\n      | ^^^\n  101 | k100: 100\n');
  });

  it('costs time per diagnostic, not per diagnostic times file size', () => {
    // 2,000 diagnostics in a 1.6 MB file: framing the whole file for each took seconds.
    const text: string = generatePipeline(10_000);
    const sources = new SourceSet();
    sources.add('big.yaml', text);
    const diags = [];
    for (let at = 0, i = 0; i < 2000; i++, at = text.indexOf('\n', at + 700) + 1)
      diags.push(diag('FC1001', { detail: `d${i}` }, offsetLoc('big.yaml', at, at + 4)));
    const t0 = performance.now();
    const out = renderText(diags, sources);
    const ms = performance.now() - t0;
    expect(out.split('\n').filter((l) => l.startsWith('big.yaml:'))).toHaveLength(2000);
    expect(ms).toBeLessThan(1500);
  });
});
