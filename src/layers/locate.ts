import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node as YNode,
  type Scalar,
} from 'yaml';
import type { SourceSet } from '../diagnostics/sources.js';
import { type Loc, type NodePath, OFFSET_MARK, offsetLoc } from '../ir.js';

/** The YAML node at `path`, or the nearest ancestor found and whether the walk reached the end. */
function walk(doc: Document, path: NodePath, key?: boolean): { node: unknown; exact: boolean } {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return { node, exact: false };
      if (key && i === path.length - 1) return { node: pair.key, exact: true };
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && Number.isInteger(Number(seg))) {
      const item = node.items[Number(seg)];
      if (item === undefined) return { node, exact: false };
      node = item;
    } else {
      return { node, exact: false };
    }
  }
  if (isAlias(node)) node = node.resolve(doc);
  return { node, exact: true };
}

/** The scalar node written at a Loc, when the Loc names one exactly. */
export function scalarAt(sources: SourceSet, loc: Loc): Scalar | undefined {
  const doc = sources.document(loc.file);
  if (!doc || loc.path[0] === OFFSET_MARK) return undefined;
  const { node, exact } = walk(doc, loc.path);
  return exact && isScalar(node) ? node : undefined;
}

/**
 * A Loc in a source file turned into a raw character range (the node, or the nearest ancestor
 * that exists). Such a Loc is never re-mapped as a merged-document path.
 */
export function pin(sources: SourceSet, loc: Loc): Loc {
  const doc = sources.document(loc.file);
  if (!doc || loc.path[0] === OFFSET_MARK) return loc;
  const { node } = walk(doc, loc.path, loc.key);
  const r = (node as YNode | null | undefined)?.range;
  if (!r) return offsetLoc(loc.file, 0, 0);
  // Collections span to their last child; point at where they start.
  return isMap(node) || isSeq(node) ? offsetLoc(loc.file, r[0], r[0]) : offsetLoc(loc.file, r[0], r[1]);
}

/**
 * The Loc of the characters `start..end` of a string value written at `loc`, when its source
 * text holds that substring verbatim as its `nth` occurrence; otherwise the whole value.
 */
export function pinSubstring(sources: SourceSet, loc: Loc, value: string, start: number, end: number): Loc {
  const node = scalarAt(sources, loc);
  const text = sources.text(loc.file);
  if (!node?.range || text === undefined) return pin(sources, loc);
  const [a, b] = node.range;
  const src = text.slice(a, b);
  const needle = value.slice(start, end);
  const nth = occurrences(value.slice(0, start), needle);
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = src.indexOf(needle, at + 1);
    if (at < 0) return offsetLoc(loc.file, a, b);
  }
  if (occurrences(src, needle) !== occurrences(value, needle)) return offsetLoc(loc.file, a, b);
  return offsetLoc(loc.file, a + at, a + at + needle.length);
}

function occurrences(hay: string, needle: string): number {
  if (needle === '') return 0;
  let n = 0;
  let i = hay.indexOf(needle);
  while (i >= 0) {
    n++;
    i = hay.indexOf(needle, i + needle.length);
  }
  return n;
}
