import type { LoadLimits } from './yaml.js';

/**
 * The fast path of the loader: a parser for the plain subset of YAML that pipelines are
 * written in (block mappings and sequences, one-line plain or simply quoted scalars, one-line
 * flow collections, comments), about ten times faster than building yaml's Document.
 *
 * Contract: it returns `undefined` whenever the text leaves that subset or anything could
 * deserve a diagnostic (anchors, aliases, tags, directives, block scalars, multi-line scalars,
 * escapes, tabs, control characters, duplicate, forbidden, merge or null keys, limits), and
 * the caller then takes the full path. When it returns a value, the full path would have
 * produced the same value and no diagnostic (test/load/fast.test.ts checks this
 * differentially). Positions are never needed on this path: SourceSet parses lazily when a
 * later stage prints a diagnostic.
 */
export function fastParse(text: string, limits: LoadLimits): unknown {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: anything but LF and printable text bails.
  if (/[\u0000-\u0009\u000b-\u001f\u007f\ufeff]/.test(text)) return undefined;
  try {
    const lines = splitLines(text);
    if (lines === undefined || lines.length === 0) return undefined;
    const p = new FastParser(lines, limits);
    if (lines[0].indent !== 0) return undefined;
    const value = p.block(0, 0);
    return p.done() ? value : undefined;
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

interface Line {
  readonly indent: number;
  readonly text: string;
}

/** Content lines: indentation measured, comments and trailing spaces removed. */
function splitLines(text: string): Line[] | undefined {
  const out: Line[] = [];
  for (const raw of text.split('\n')) {
    const body = raw.trimStart();
    if (body === '' || body[0] === '#') continue;
    if (body.startsWith('---') || body.startsWith('...') || body[0] === '%') return undefined;
    out.push({ indent: raw.length - body.length, text: stripComment(body) });
  }
  return out;
}

/** Cut a ` #` comment that lies outside quotes; bail on anything unclear. */
function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || ' [{,:'.includes(s[i - 1])) quote = c;
    } else if (c === '#' && s[i - 1] === ' ') return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

const isSeqItem = (t: string) => t === '-' || t.startsWith('- ');
const SAFE_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_.$/-]*$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '<<']);

class FastParser {
  private i = 0;
  private nodes = 0;
  constructor(
    private readonly lines: Line[],
    private readonly limits: LoadLimits,
  ) {}

  done(): boolean {
    return this.i === this.lines.length;
  }

  private count(depth: number): void {
    if (++this.nodes > this.limits.maxNodes || depth > this.limits.maxDepth) bail();
  }

  /** The block node whose first line is the current one, at `indent`. */
  block(indent: number, depth: number): unknown {
    const line = this.lines[this.i];
    if (!line || line.indent !== indent) return bail();
    return isSeqItem(line.text) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  private sequence(indent: number, depth: number): unknown[] {
    this.count(depth);
    const out: unknown[] = [];
    while (this.i < this.lines.length && this.lines[this.i].indent === indent) {
      const { text } = this.lines[this.i];
      if (!isSeqItem(text)) break;
      const rest = text.slice(1).trimStart();
      if (rest === '') {
        this.i++;
        const next = this.lines[this.i];
        out.push(next && next.indent > indent ? this.block(next.indent, depth + 1) : bail());
      } else if (isSeqItem(rest)) {
        return bail(); // "- - x": nested compact sequences
      } else if (pairSplit(rest) !== undefined) {
        // "- key: value" opens a mapping whose keys line up after the dash.
        const inner = indent + (text.length - rest.length);
        (this.lines as Line[])[this.i] = { indent: inner, text: rest };
        out.push(this.mapping(inner, depth + 1));
      } else {
        this.i++;
        out.push(this.inline(rest, depth + 1));
      }
    }
    return out;
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    this.count(depth);
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length && this.lines[this.i].indent === indent) {
      const { text } = this.lines[this.i];
      if (isSeqItem(text)) break;
      const pair = pairSplit(text) ?? bail();
      const key = keyOf(pair[0]);
      if (Object.hasOwn(out, key)) bail();
      this.i++;
      this.count(depth + 1);
      if (pair[1] !== '') {
        out[key] = this.inline(pair[1], depth + 1);
        continue;
      }
      const next = this.lines[this.i];
      if (next && next.indent > indent) out[key] = this.block(next.indent, depth + 1);
      else if (next && next.indent === indent && isSeqItem(next.text))
        out[key] = this.sequence(indent, depth + 1);
      else out[key] = null;
    }
    if (this.i < this.lines.length && this.lines[this.i].indent > indent) bail();
    return out;
  }

  private inline(s: string, depth: number): unknown {
    this.count(depth);
    if (s[0] === '[' || s[0] === '{') {
      const f = new Flow(s, (d) => this.count(depth + d));
      const v = f.value(0);
      return f.atEnd() ? v : bail();
    }
    return scalar(s, false);
  }
}

/** `key: value` or `key:` on one line; undefined when the line is not a simple pair. */
function pairSplit(s: string): [string, string] | undefined {
  const m = /^([^\s:'"[\]{},#&*!|>%@`?-][^\s:]*|-[^\s:]+|"[^"\\]*"|'[^']*'):(?: +(.*))?$/.exec(s);
  if (!m) return undefined;
  return [m[1], m[2] ?? ''];
}

/** A mapping key as the full path turns it into a string; bail where it would complain. */
function keyOf(raw: string): string {
  let key: string;
  if (raw[0] === '"' || raw[0] === "'") key = raw.slice(1, -1);
  else {
    if (!SAFE_KEY.test(raw)) bail();
    const v = resolvePlain(raw);
    if (v === null) bail();
    key = String(v);
  }
  if (FORBIDDEN.has(key)) bail();
  return key;
}

/** A one-line scalar outside or inside a flow collection. */
function scalar(s: string, inFlow: boolean): unknown {
  const c = s[0];
  if (c === '"') return /^"[^"\\]*"$/.test(s) ? s.slice(1, -1) : bail();
  if (c === "'") return /^'[^']*'$/.test(s) ? s.slice(1, -1) : bail();
  if (s === '' || '&*!|>%@`?:,[]{}#'.includes(c) || (c === '-' && (s.length === 1 || s[1] === ' '))) bail();
  if (/: |:$| #/.test(s) || (inFlow && /[[\]{},]/.test(s))) bail();
  return resolvePlain(s);
}

/** YAML 1.2 core schema, exactly as yaml resolves a plain scalar. */
function resolvePlain(s: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return Number.parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return Number.parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return Number.parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? Number.NaN : s[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return Number.parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return Number.parseFloat(s);
  return s;
}

/** A one-line flow collection: `[a, "b", {k: v}]`. No trailing commas, no implicit pairs. */
class Flow {
  private p = 0;
  constructor(
    private readonly s: string,
    private readonly count: (depth: number) => void,
  ) {}

  atEnd(): boolean {
    return this.p === this.s.length;
  }

  value(depth: number): unknown {
    this.count(depth);
    this.space();
    const c = this.s[this.p];
    if (c === '[') return this.seq(depth);
    if (c === '{') return this.map(depth);
    return scalar(this.token(), true);
  }

  private seq(depth: number): unknown[] {
    this.p++;
    const out: unknown[] = [];
    this.space();
    if (this.s[this.p] === ']') return this.close(out);
    for (;;) {
      out.push(this.value(depth + 1));
      this.space();
      const c = this.s[this.p++];
      if (c === ']') return this.closed(out);
      if (c !== ',') bail();
    }
  }

  private map(depth: number): Record<string, unknown> {
    this.p++;
    const out: Record<string, unknown> = {};
    this.space();
    if (this.s[this.p] === '}') return this.close(out);
    for (;;) {
      this.space();
      const raw = this.token();
      if (!raw.endsWith(':')) bail();
      const key = keyOf(raw.slice(0, -1));
      if (Object.hasOwn(out, key)) bail();
      if (this.s[this.p] !== ' ') bail();
      out[key] = this.value(depth + 1);
      this.space();
      const c = this.s[this.p++];
      if (c === '}') return this.closed(out);
      if (c !== ',') bail();
    }
  }

  private close<T>(v: T): T {
    this.p++;
    return this.closed(v);
  }

  private closed<T>(v: T): T {
    // After a collection: a separator, a closing bracket, or the end of the line.
    const c = this.s[this.p];
    if (c !== undefined && c !== ',' && c !== ']' && c !== '}' && c !== ' ') bail();
    return v;
  }

  /** A scalar token up to the next flow indicator (quotes kept whole). */
  private token(): string {
    const start = this.p;
    const q = this.s[this.p];
    if (q === '"' || q === "'") {
      const end = this.s.indexOf(q, this.p + 1);
      if (end < 0) bail();
      this.p = end + 1;
      return this.s.slice(start, this.p);
    }
    while (this.p < this.s.length && !',[]{}'.includes(this.s[this.p])) {
      // A key ends at ': ' (the colon stays with the token, for map() to see).
      if (this.s[this.p] === ':' && this.s[this.p + 1] === ' ') {
        this.p++;
        return this.s.slice(start, this.p);
      }
      this.p++;
    }
    return this.s.slice(start, this.p).trimEnd();
  }

  private space(): void {
    while (this.s[this.p] === ' ') this.p++;
  }
}
