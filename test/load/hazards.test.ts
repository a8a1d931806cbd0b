import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { load } from './helpers.js';

// Each test here stands for one item of HAZARDS.md "Input" and fails if its mitigation goes.

/** A "billion laughs" document: `levels` anchors, each holding nine aliases of the previous. */
function laughs(levels: number): string {
  const lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('alias bombs', () => {
  it('rejects a billion-laughs document fast, with bounded memory', () => {
    const before = process.memoryUsage().heapUsed;
    const r = load(laughs(10)); // 9^11 nodes if expanded
    const grown = process.memoryUsage().heapUsed - before;
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FC1005']);
    expect(r.ms).toBeLessThan(2000);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });

  it('counts every node reached through an alias, not only the aliases', () => {
    // One alias of a 20,000-element list is a single alias but 20,000 expanded nodes.
    const big = `a: &a [${Array.from({ length: 20_000 }, (_, i) => i).join(',')}]\nb: *a\n`;
    expect(load(big).codes[0]).toMatch(/^FC1005 /);
  });

  it('still expands a few ordinary aliases', () => {
    const r = load('img: &img registry.example.com/app:1\nother: *img\nlist: &l [1, 2]\ncopy: *l\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual({
      img: 'registry.example.com/app:1',
      other: 'registry.example.com/app:1',
      list: [1, 2],
      copy: [1, 2],
    });
  });
});

describe('duplicate keys', () => {
  it('reports the second key, with the first as a related location', () => {
    const r = load('a: 1\nb:\n  c: 2\n  c: 3\na: 4\n');
    expect(r.value).toBeUndefined();
    expect(r.codes).toEqual(['FC1006 4:3', 'FC1006 5:1']);
    const related = r.diagnostics.map((d) => d.related?.map((x) => r.at({ ...d, loc: x.loc })));
    expect(related).toEqual([['3:3'], ['1:1']]);
    expect(r.diagnostics[1].message).toContain("'a'");
  });

  it('finds a duplicate among 20,000 keys in linear time', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `key${i}: v${i}`);
    const clean = load(`${lines.join('\n')}\n`);
    expect(clean.diagnostics).toEqual([]);
    expect(Object.keys(clean.value as object)).toHaveLength(20_000);
    // yaml's own uniqueKeys check is quadratic: ~8 s here. Ours is one pass.
    expect(clean.ms).toBeLessThan(3000);
    const dup = load(`${lines.join('\n')}\nkey7: again\n`);
    expect(dup.codes).toEqual(['FC1006 20001:1']);
    expect(dup.ms).toBeLessThan(3000);
  });
});

describe('prototype keys', () => {
  it('refuses __proto__, constructor and prototype wherever they appear', () => {
    const r = load(
      'a:\n  __proto__: {polluted: 1}\nb: [{constructor: x}]\n"prototype": 3\nc: {"__proto__": {polluted: 2}}\n',
    );
    expect(r.value).toBeUndefined();
    expect(r.codes).toEqual(['FC1007 2:3', 'FC1007 3:6', 'FC1007 4:1', 'FC1007 5:5']);
  });

  it('leaves Object.prototype untouched after compiling a hostile pipeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-proto-'));
    const file = join(dir, 'pipeline.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: flowctl/v1',
        'kind: Pipeline',
        'metadata:',
        '  name: hostile',
        '  labels: {__proto__: {polluted: yes}}',
        'spec:',
        '  config: {constructor: {prototype: {polluted: yes}}}',
        '  sources:',
        '    - id: src',
        '      image: src:1',
        '      env: {"__proto__": {"polluted": "yes"}}',
        '      config:',
        '        __proto__:',
        '          polluted: yes',
      ].join('\n'),
    );
    const r = await compile(file, { defaultRegistry: false });
    expect(r.pipeline).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.code === 'FC1007')).toHaveLength(4);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('YAML 1.1 scalars', () => {
  const yaml11 = 'a: NO\nb: no\nc: yes\nd: on\ne: 0755\nf: 12:30\ng: 1_000\nh: 2001-12-14\ni: 0o17\n';
  const expected = {
    a: 'NO',
    b: 'no',
    c: 'yes',
    d: 'on',
    e: 755,
    f: '12:30',
    g: '1_000',
    h: '2001-12-14',
    i: 15,
  };

  it('reads booleans, sexagesimals and octals as YAML 1.2 does', () => {
    const r = load(yaml11);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual(expected);
  });

  it('ignores a %YAML 1.1 directive, with a warning that says so', () => {
    const r = load(`%YAML 1.1\n---\n${yaml11}`);
    expect(r.value).toEqual(expected);
    expect(r.codes).toEqual(['FC1017 1:1']);
    expect(r.diagnostics[0].severity).toBe('warning');
    expect(r.diagnostics[0].message).toContain('%YAML 1.1');
  });
});

describe('encoding', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it('reports the line and column of the first byte that is not UTF-8', () => {
    const r = load(bytes('a: 1\nname: "h\u00e9llo', [0xff], ' world"\nz: ', [0xfe], '\n'));
    expect(r.value).toBeUndefined();
    expect(r.codes).toEqual(['FC1004 2:13']);
    expect(r.diagnostics[0].message).toContain('0xff');
  });

  it('finds surrogates, overlong forms and truncated sequences', () => {
    expect(load(bytes('x: 1\ny: ', [0xed, 0xa0, 0x80], '\n')).codes).toEqual(['FC1004 2:4']);
    expect(load(bytes('k: ', [0xe0, 0x80, 0xaf], '\n')).codes).toEqual(['FC1004 1:4']);
    expect(load(bytes('k: ab', [0xf4, 0x90, 0x80, 0x80], '\n')).codes).toEqual(['FC1004 1:6']);
    expect(load(bytes('k: v\nw: ', [0xe2, 0x82])).codes).toEqual(['FC1004 2:4']);
  });

  it('refuses UTF-16 and UTF-32 byte-order marks, accepts a UTF-8 one', () => {
    const utf16le = Buffer.from('\ufeffa: 1\n', 'utf16le');
    const utf16be = Buffer.from(utf16le).swap16();
    for (const b of [utf16le, utf16be, bytes([0xff, 0xfe, 0, 0], 'a')]) {
      const r = load(b);
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => d.code)).toEqual(['FC1004']);
      expect(r.diagnostics[0].message).toMatch(/UTF-(16|32) byte-order mark/);
    }
    expect(load(bytes([0xef, 0xbb, 0xbf], 'a: 1\n')).value).toEqual({ a: 1 });
  });
});

describe('deep nesting', () => {
  it('maps the parser running out of stack to FC1009, without throwing', () => {
    for (const text of [
      '['.repeat(20_000) + ']'.repeat(20_000),
      `${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`,
    ]) {
      const r = load(text);
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => d.code)).toEqual(['FC1009']);
    }
  });

  it('stops the walk at the depth limit before any later stage recurses', () => {
    const nest = (n: number) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`;
    expect(load(nest(30)).diagnostics).toEqual([]);
    const r = load(nest(100));
    expect(r.codes).toEqual(['FC1009 66:66']);
    expect(load(nest(100), { maxDepth: 200 }).diagnostics).toEqual([]);
  });
});

describe('size', () => {
  it('refuses a 10 MB file before parsing it', () => {
    const text = `a: ${'x'.repeat(10 * 1024 * 1024)}\n`;
    const r = load(text);
    expect(r.value).toBeUndefined();
    expect(r.codes).toEqual(['FC1003 1:1']);
    expect(r.diagnostics[0].message).toContain('--max-input-bytes');
    expect(r.ms).toBeLessThan(500);
    // The limit is an option: raised, the same file loads.
    const raised = load(text, { maxBytes: 11 * 1024 * 1024 });
    expect(raised.diagnostics).toEqual([]);
    expect((raised.value as { a: string }).a).toHaveLength(10 * 1024 * 1024);
  });

  it('caps the number of nodes', () => {
    const r = load(`a: [${Array(500).fill('1').join(',')}]\n`, { maxNodes: 100 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FC1020']);
  });
});

describe('tags, merge keys and control characters', () => {
  it('refuses unknown and YAML 1.1 tags', () => {
    const r = load(
      'a: !!binary aGVsbG8=\nb: !custom x\nc: !!timestamp 2001-12-14\nd: !!set {x}\ne: !!str 1\n',
    );
    expect(r.codes).toEqual(['FC1008 1:13', 'FC1008 2:12', 'FC1008 3:16', 'FC1008 4:10']);
    expect(r.diagnostics.map((d) => d.message).join(' ')).toContain("'!!binary'");
  });

  it('accepts the core tags', () => {
    expect(load('a: !!str 1\nb: !!int "2"\n').value).toEqual({ a: '1', b: 2 });
  });

  it('refuses merge keys instead of passing "<<" on as data', () => {
    const r = load('base: &b {image: x}\nc:\n  <<: *b\n  id: c\n');
    expect(r.value).toBeUndefined();
    expect(r.codes).toEqual(['FC1018 3:3']);
    // A quoted "<<" is an ordinary key.
    expect(load('"<<": 1\n').value).toEqual({ '<<': 1 });
  });

  it('refuses NUL and control characters in values', () => {
    const r = load('a: "x\\0y"\nb: "\\x01"\nc: "\\e"\nd: "tab\\tand\\nnewline"\n');
    expect(r.codes).toEqual(['FC1019 1:4', 'FC1019 2:4', 'FC1019 3:4']);
    expect(r.value).toBeUndefined();
  });
});

describe('syntax errors', () => {
  it('reports every syntax error with a position and never throws', () => {
    const r = load('a: [1, 2\nb: "unclosed\n');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      expect(d.code).toBe('FC1001');
      expect(r.at(d)).toMatch(/^\d+:\d+$/);
    }
  });

  it('points at the tab used for indentation', () => {
    const r = load('a:\n\tb: 1\n');
    expect(r.codes[0]).toMatch(/^FC1001 2:1$/);
  });
});
