import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YNode } from 'yaml';
import { OFFSET_MARK, type Loc, type NodePath } from '../ir.js';
import type { Diagnostic } from './types.js';

export interface Position {
  readonly line: number; // 1-based
  readonly column: number; // 1-based
  readonly endLine: number;
  readonly endColumn: number;
  readonly offset: number;
}

interface Entry {
  readonly text: string;
  /** The parsed document, or how to parse it on first use (the loader's fast path). */
  doc?: Document | (() => Document);
  lineStarts?: number[];
}

/**
 * The texts of every file read in one run, so that a Loc (file + node path) can be turned
 * into line:col when, and only when, a diagnostic is printed.
 */
export class SourceSet {
  private readonly files = new Map<string, Entry>();
  private readonly origins = new Map<string, (path: NodePath) => Loc | undefined>();

  add(file: string, text: string, doc?: Document | (() => Document)): void {
    this.files.set(file, { text, ...(doc ? { doc } : {}) });
  }

  /** The parsed YAML document of a file, when it was loaded as YAML. */
  document(file: string): Document | undefined {
    const entry = this.files.get(file);
    return entry ? docOf(entry) : undefined;
  }

  /**
   * Declare that node paths of `file` name nodes of a merged document (extends, overlays):
   * `lookup` maps such a path to where the value was written. Used by `origin`.
   */
  mapOrigins(file: string, lookup: (path: NodePath) => Loc | undefined): void {
    this.origins.set(file, lookup);
  }

  /** Where a Loc's value was originally written; the Loc itself when its file was not merged. */
  origin(loc: Loc): Loc {
    const lookup = this.origins.get(loc.file);
    if (!lookup || loc.path[0] === OFFSET_MARK) return loc;
    const o = lookup(loc.path);
    if (!o) return loc;
    return loc.key ? { ...o, key: true } : o;
  }

  /** A diagnostic with its location and related locations mapped to where they were written. */
  locate(d: Diagnostic): Diagnostic {
    if (this.origins.size === 0) return d;
    return {
      ...d,
      ...(d.loc ? { loc: this.origin(d.loc) } : {}),
      ...(d.related ? { related: d.related.map((r) => ({ ...r, loc: this.origin(r.loc) })) } : {}),
    };
  }

  /** Every file read in this run, in the order it was added. */
  fileNames(): string[] {
    return [...this.files.keys()];
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  text(file: string): string | undefined {
    return this.files.get(file)?.text;
  }

  /** Resolve a Loc to a position; the nearest existing ancestor node when the path is partial. */
  position(loc: Loc): Position | undefined {
    const entry = this.files.get(loc.file);
    if (!entry) return undefined;
    if (loc.path[0] === OFFSET_MARK)
      return this.positionAt(loc.file, Number(loc.path[1]), Number(loc.path[2]));
    const doc = docOf(entry);
    const range = doc ? rangeOf(doc, loc) : undefined;
    const [start, end] = range ?? [0, 0];
    return this.positionAt(loc.file, start, Math.max(end, start));
  }

  positionAt(file: string, start: number, end: number): Position | undefined {
    const entry = this.files.get(file);
    if (!entry) return undefined;
    entry.lineStarts ??= lineStartsOf(entry.text);
    const a = lineCol(entry.lineStarts, start);
    const b = lineCol(entry.lineStarts, end);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col, offset: start };
  }
}

/** The entry's document, parsed now if the loader deferred it. */
function docOf(entry: Entry): Document | undefined {
  if (typeof entry.doc === 'function') entry.doc = entry.doc();
  return entry.doc;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineCol(starts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}

/** Walk the document along the path; return the best [start, end] range. */
function rangeOf(doc: Document, loc: Loc): [number, number] | undefined {
  let node: unknown = doc.contents;
  let best: [number, number] | undefined = rangeOfNode(node);
  for (let i = 0; i < loc.path.length; i++) {
    const seg = loc.path[i];
    const isLast = i === loc.path.length - 1;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(seg));
      if (!pair) return best;
      if (isLast && loc.key) return rangeOfNode(pair.key) ?? best;
      node = pair.value;
      // A key without a value (`image:`) points at the key.
      const r = rangeOfNode(node) ?? rangeOfNode(pair.key);
      if (r) best = r;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      const r = rangeOfNode(node);
      if (!r) return best;
      best = r;
    } else {
      return best;
    }
  }
  return best;
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeOfNode(node: unknown): [number, number] | undefined {
  const r = (node as YNode | null | undefined)?.range;
  if (!r) return undefined;
  // Collections span to their last child; point at where they start, one character wide.
  if (isMap(node) || isSeq(node)) return [r[0], r[0]];
  return [r[0], r[1]];
}
