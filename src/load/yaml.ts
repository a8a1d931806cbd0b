import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { SourceSet } from '../diagnostics/sources.js';
import { offsetLoc, type Loc, type NodePath } from '../ir.js';
import { fastParse } from './fast.js';
import { describeSyntaxError } from './syntax.js';

export interface LoadLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxNodes: number;
  /** Nodes that may be visited through aliases, in total. */
  readonly maxAliasNodes: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 2_000_000,
  maxAliasNodes: 10_000,
};

export interface Loaded {
  /** Plain JSON-like value; objects never carry __proto__/constructor/prototype keys. */
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

const ALLOWED_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  // Duplicate keys are found by the walk below in linear time; the library's own check is
  // quadratic in the number of keys of a mapping.
  uniqueKeys: false,
  merge: false,
  strict: true,
  prettyErrors: false,
  keepSourceTokens: false,
} as const;
// biome-ignore lint/suspicious/noControlCharactersInRegex: this regex exists to find them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Parse YAML text as YAML 1.2 (core schema) into a plain value, registering the text and
 * document in `sources` for later position lookups. Never throws: every problem is a
 * diagnostic, and a file with errors yields `value: undefined`.
 */
export function loadYamlText(
  text: string,
  file: string,
  sources: SourceSet,
  limits: LoadLimits = DEFAULT_LIMITS,
): Loaded {
  // Most pipelines are plain YAML: parse those without building a Document, and build it
  // only if a later stage prints a diagnostic (see fast.ts for the contract).
  const fast = fastParse(text, limits);
  if (fast !== undefined) {
    sources.add(file, text, () => parseDocument(text, PARSE_OPTIONS) as Document);
    return { value: fast, diagnostics: [] };
  }
  return loadYamlDocument(text, file, sources, limits);
}

/** The full path: yaml's Document, every parser error and warning, then our checking walk. */
export function loadYamlDocument(
  text: string,
  file: string,
  sources: SourceSet,
  limits: LoadLimits = DEFAULT_LIMITS,
): Loaded {
  const doc = parseDocument(text, PARSE_OPTIONS);
  sources.add(file, text, doc as Document);
  const diagnostics: Diagnostic[] = [];
  const rangeLoc = (pos: readonly [number, number]) => offsetLoc(file, pos[0], pos[1]);
  let exhausted = false;
  for (const e of doc.errors) {
    // yaml reports a stack overflow on very deep nesting as RESOURCE_EXHAUSTION: that is our
    // depth limit, reached before our own walk could count it.
    if (e.code === 'RESOURCE_EXHAUSTION') {
      if (!exhausted) diagnostics.push(diag('FC1009', { limit: limits.maxDepth }, rangeLoc(e.pos)));
      exhausted = true;
      continue;
    }
    const problem = describeSyntaxError(e, doc as Document, cleanMessage);
    diagnostics.push(diag('FC1001', { detail: problem.detail }, rangeLoc([problem.pos[0], problem.pos[1]])));
  }
  const directive = /^%YAML[ \t]+1\.1\b.*/m.exec(text);
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version === '1.1' && directive) {
    diagnostics.push(
      diag(
        'FC1017',
        {
          detail:
            "the '%YAML 1.1' directive is ignored, because flowctl reads YAML 1.2 (no, yes, on and off stay strings and 0755 is the number 755); remove the directive and quote values that must stay text",
        },
        rangeLoc([directive.index, directive.index + directive[0].length]),
      ),
    );
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // reported by the walk as FC1008
    diagnostics.push({ ...diag('FC1017', { detail: cleanMessage(w.message) }), loc: rangeLoc(w.pos) });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics };
  const walker = new Walker(doc as Document, file, limits, diagnostics);
  let value: unknown;
  try {
    value = walker.walk(doc.contents, [], 0);
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
  }
  return { value: diagnostics.some((d) => d.severity === 'error') ? undefined : value, diagnostics };
}

class LimitReached extends Error {}

class Walker {
  private nodes = 0;
  private aliasNodes = 0;
  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly limits: LoadLimits,
    private readonly out: Diagnostic[],
  ) {}

  walk(node: unknown, path: NodePath, depth: number, viaAlias = false): unknown {
    if (++this.nodes > this.limits.maxNodes) {
      this.out.push(diag('FC1020', { count: this.nodes, limit: this.limits.maxNodes }, this.loc(path)));
      throw new LimitReached();
    }
    if (viaAlias && ++this.aliasNodes > this.limits.maxAliasNodes) {
      this.out.push(diag('FC1005', { limit: this.limits.maxAliasNodes }, this.loc(path)));
      throw new LimitReached();
    }
    if (depth > this.limits.maxDepth) {
      this.out.push(diag('FC1009', { limit: this.limits.maxDepth }, this.loc(path)));
      throw new LimitReached();
    }
    if (node == null) return null;
    if (isAlias(node)) return this.walk(node.resolve(this.doc), path, depth + 1, true);
    const tag = (node as { tag?: string }).tag;
    if (tag && !ALLOWED_TAGS.has(tag)) {
      this.out.push(diag('FC1008', { tag: shortTag(tag) }, this.loc(path)));
      return null;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string' && CONTROL.test(v)) {
        this.out.push(diag('FC1019', { what: `the value at ${describe(path)}` }, this.loc(path)));
      }
      return v;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => this.walk(item, [...path, i], depth + 1, viaAlias));
    }
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      const seen = new Map<string, number>();
      node.items.forEach((pair) => {
        if (!isPair(pair)) return;
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (key === null || key === undefined || typeof key === 'object') {
          this.out.push(
            diag(
              'FC1014',
              {
                what: `a mapping key at ${describe(path)}`,
                expected: 'a plain string',
                got: 'a complex key',
              },
              this.loc(path),
            ),
          );
          return;
        }
        const k = String(key);
        const keyLoc: Loc = { file: this.file, path: [...path, k], key: true };
        if (k === '<<' && (pair.key as { type?: string }).type === 'PLAIN') {
          this.out.push(diag('FC1018', undefined, keyLoc));
          return;
        }
        if (FORBIDDEN_KEYS.has(k)) {
          this.out.push(diag('FC1007', { key: k }, keyLoc));
          return;
        }
        if (seen.has(k)) {
          this.out.push(
            diag('FC1006', { key: k }, offsetLoc(this.file, ...keyRange(pair.key)), [
              {
                message: `'${k}' is first defined here`,
                loc: { file: this.file, path: [...path, k], key: true },
              },
            ]),
          );
          return;
        }
        seen.set(k, 1);
        obj[k] = this.walk(pair.value, [...path, k], depth + 1, viaAlias);
      });
      return obj;
    }
    return null;
  }

  private loc(path: NodePath): Loc {
    return { file: this.file, path };
  }
}

function keyRange(key: unknown): [number, number] {
  const r = (key as { range?: [number, number, number] }).range;
  return r ? [r[0], r[1]] : [0, 0];
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function describe(path: NodePath): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

function cleanMessage(m: string): string {
  return m.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').replace(/\.$/, '');
}
