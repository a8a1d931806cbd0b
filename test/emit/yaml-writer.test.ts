import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml } from '../../src/emit/yaml.js';

describe('toYaml', () => {
  // eemeli/yaml writes these as block scalars without an indentation indicator, which read
  // back as other strings; toYaml double-quotes them (found by the kubernetes property test).
  it.each([' \n', '  \n', 'a\n \nb', '\n  \n', ' \n x', ' \n \n'])(
    'reads back %j exactly under YAML 1.1 and 1.2',
    (s) => {
      const text = toYaml({ v: s });
      expect(parse(text, { version: '1.2' }).v).toBe(s);
      expect(parse(text, { version: '1.1' }).v).toBe(s);
    },
  );

  it('keeps block scalars for ordinary multi-line text', () => {
    expect(toYaml({ v: 'line one\nline two\n' })).toBe('v: |\n  line one\n  line two\n');
  });
});
