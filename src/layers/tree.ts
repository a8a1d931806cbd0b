import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Loc, NodePath } from '../ir.js';

/**
 * A document being layered: every node remembers where it was written (`origin`, a path in
 * its own file). Maps are `Map`s, so no key can reach an object prototype while merging.
 */
export type LNode = LScalar | LMap | LList | LDelete;

interface Base {
  readonly origin: Loc;
  /** Set when this node replaced a base value of another shape: it never merges into one below. */
  readonly replace?: boolean;
}
export interface LScalar extends Base {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
}
export interface LMap extends Base {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, LNode>;
}
export interface LList extends Base {
  readonly kind: 'list';
  readonly items: readonly LNode[];
}
/** `{$delete: true}`: removes what is below it. `hit` records that it removed something. */
export interface LDelete extends Base {
  readonly kind: 'delete';
  readonly ident: Readonly<Record<string, string>>;
  readonly hit: boolean;
}

export const DELETE = '$delete';
const IDENTS = ['id', 'name'] as const;

/** A loaded plain value → layered tree. `$delete` markers are checked here. */
export function lift(value: unknown, origin: Loc, out: Diagnostic[]): LNode {
  if (Array.isArray(value)) {
    return {
      kind: 'list',
      origin,
      items: value.map((v, i) => lift(v, { file: origin.file, path: [...origin.path, i] }, out)),
    };
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (Object.hasOwn(obj, DELETE)) return liftDelete(obj, origin, out);
    const entries = new Map<string, LNode>();
    for (const k of Object.keys(obj)) {
      entries.set(k, lift(obj[k], { file: origin.file, path: [...origin.path, k] }, out));
    }
    return { kind: 'map', origin, entries };
  }
  return { kind: 'scalar', origin, value: value as LScalar['value'] };
}

function liftDelete(obj: Record<string, unknown>, origin: Loc, out: Diagnostic[]): LDelete {
  const ident: Record<string, string> = {};
  const markerLoc = { file: origin.file, path: [...origin.path, DELETE] };
  if (obj[DELETE] !== true) {
    out.push(diag('FC1111', { detail: `'$delete' must be true` }, markerLoc));
  }
  for (const k of Object.keys(obj)) {
    if (k === DELETE) continue;
    const v = obj[k];
    if ((k === 'id' || k === 'name') && typeof v === 'string') ident[k] = v;
    else
      out.push(
        diag(
          'FC1111',
          { detail: `a '$delete' marker holds only the marker and an id or name, not ${JSON.stringify(k)}` },
          { file: origin.file, path: [...origin.path, k], key: true },
        ),
      );
  }
  return { kind: 'delete', origin, ident, hit: false };
}

/**
 * `overlay` merged over `base`: maps key by key; lists whose items (in both) all carry an
 * `id`, or else all a `name`, item by item (base order, new items appended); anything else
 * is replaced. Associative: merge(merge(a, b), c) and merge(a, merge(b, c)) finalize alike.
 */
export function merge(base: LNode | undefined, overlay: LNode): LNode {
  if (base === undefined) return overlay;
  if (overlay.kind === 'delete') return { ...overlay, hit: base.kind !== 'delete' || base.hit };
  if (!overlay.replace) {
    if (overlay.kind === 'map' && base.kind === 'map') return mergeMaps(base, overlay);
    if (overlay.kind === 'list' && base.kind === 'list') {
      const key = commonKey(base.items, overlay.items);
      if (key) return mergeLists(base, overlay, key);
    }
  }
  return overlay.replace ? overlay : { ...overlay, replace: true };
}

function mergeMaps(base: LMap, overlay: LMap): LMap {
  const entries = new Map<string, LNode>();
  for (const [k, v] of base.entries) {
    const o = overlay.entries.get(k);
    entries.set(k, o === undefined ? v : merge(v, o));
  }
  for (const [k, o] of overlay.entries) if (!entries.has(k)) entries.set(k, o);
  return { ...base, entries };
}

function mergeLists(base: LList, overlay: LList, key: string): LList {
  const items = [...base.items];
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const k = identOf(item, key)!;
    if (!index.has(k)) index.set(k, i);
  });
  const matched = new Set<string>();
  for (const o of overlay.items) {
    const k = identOf(o, key)!;
    const at = index.get(k);
    if (at !== undefined && !matched.has(k)) {
      items[at] = merge(items[at], o);
      matched.add(k);
    } else {
      // A new item, or a repeated id in the overlay: kept as written for the id rules to see.
      if (at === undefined) index.set(k, items.length);
      matched.add(k);
      items.push(o);
    }
  }
  return { ...base, items };
}

function commonKey(a: readonly LNode[], b: readonly LNode[]): string | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  for (const key of IDENTS) {
    if (a.every((n) => identOf(n, key) !== undefined) && b.every((n) => identOf(n, key) !== undefined))
      return key;
  }
  return undefined;
}

function identOf(n: LNode, key: string): string | undefined {
  if (n.kind === 'delete') return n.ident[key];
  if (n.kind !== 'map') return undefined;
  const v = n.entries.get(key);
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
}

/** Where each value of a finalized document was written, by path in that document. */
export interface OriginTrie {
  readonly origin: Loc;
  readonly children?: Map<string, OriginTrie>;
}

/** The origin of a merged-document path: its deepest known node, plus the rest of the path. */
export function lookupOrigin(trie: OriginTrie, path: NodePath): Loc {
  let t = trie;
  let i = 0;
  for (; i < path.length; i++) {
    const c = t.children?.get(String(path[i]));
    if (!c) break;
    t = c;
  }
  return i === path.length ? t.origin : { file: t.origin.file, path: [...t.origin.path, ...path.slice(i)] };
}

/**
 * The plain value of a layered tree, with the origin of every node. Remaining `$delete`
 * markers are dropped; one that removed nothing is reported to `unused`.
 */
export function finalize(n: LNode, unused: (d: LDelete) => void): { value: unknown; trie: OriginTrie } {
  if (n.kind === 'scalar') return { value: n.value, trie: { origin: n.origin } };
  const children = new Map<string, OriginTrie>();
  if (n.kind === 'list') {
    const value: unknown[] = [];
    for (const item of n.items) {
      if (item.kind === 'delete') {
        if (!item.hit) unused(item);
        continue;
      }
      const f = finalize(item, unused);
      children.set(String(value.length), f.trie);
      value.push(f.value);
    }
    return { value, trie: { origin: n.origin, children } };
  }
  if (n.kind === 'delete') return { value: null, trie: { origin: n.origin } };
  const value: Record<string, unknown> = {};
  for (const [k, v] of n.entries) {
    if (v.kind === 'delete') {
      if (!v.hit) unused(v);
      continue;
    }
    const f = finalize(v, unused);
    children.set(k, f.trie);
    Object.defineProperty(value, k, { value: f.value, enumerable: true, writable: true, configurable: true });
  }
  return { value, trie: { origin: n.origin, children } };
}
