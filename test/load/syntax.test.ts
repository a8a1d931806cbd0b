import { describe, expect, it } from 'vitest';
import { load } from './helpers.js';

// The parser notices an unclosed bracket or quote only where the file ends or indentation
// drops; the diagnostic points at the opening character, where the fix goes.
describe('syntax errors point where the fix goes', () => {
  it('an unclosed flow list, at its [', () => {
    const r = load('spec:\n  sinks:\n    - id: sink\n      inputs: [src\n');
    expect(r.codes).toEqual(['FC1001 4:15']);
    expect(r.diagnostics[0].message).toBe(
      "YAML syntax error: the '[' here is never closed, or a line of it is not indented further than its key; end the list with ']'.",
    );
  });

  it('an unclosed flow mapping, at its {', () => {
    const r = load('a:\n  b: {x: 1\nc: 2\n');
    expect(r.codes).toEqual(['FC1001 2:6']);
    expect(r.diagnostics[0].message).toContain("end the mapping with '}'");
  });

  it('an unclosed quote, at the opening quote', () => {
    expect(load('a: "unclosed\nb: 1\n').codes).toEqual(['FC1001 1:4']);
    const single = load("x: 1\na: 'unclosed\n");
    expect(single.codes).toEqual(['FC1001 2:4']);
    expect(single.diagnostics[0].message).toContain('no closing single quote');
  });

  it("keeps the parser's words for other errors", () => {
    const r = load('a: b: c\n');
    expect(r.codes).toEqual(['FC1001 1:4']);
    expect(r.diagnostics[0].message).toBe(
      'YAML syntax error: Nested mappings are not allowed in compact mappings.',
    );
  });
});
