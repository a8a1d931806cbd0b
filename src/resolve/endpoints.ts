import { diag } from '../diagnostics/catalog/index.js';
import { suggest } from '../diagnostics/suggest.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Located } from '../ir.js';
import { graphFor, passesWhere, splitRef, vocabulary } from './candidates.js';
import type { Endpoint, Graph } from './search.js';
import type { Registry, RegistryEntry } from './types.js';
import { shown } from './topology.js';
import { isUri, type ParsedUri, parseUri } from './uri.js';

/**
 * Turning the words of a flow into search endpoints, and, when a word matches nothing usable,
 * into a diagnostic that says what to write instead.
 */
export type Side = 'from' | 'to';

export interface Words {
  readonly registry: Registry;
  readonly where: Readonly<Record<string, string>>;
  readonly pins: ReadonlyMap<string, string>;
}

export interface EndMatch {
  readonly endpoints: Endpoint[];
  readonly uri?: ParsedUri;
}

const ROLE: Record<Side, 'source' | 'sink'> = { from: 'source', to: 'sink' };

/** Entries of graph `g` matching one end of a flow: by name, event type, capability or URI scheme. */
export function matchWord(g: Graph, word: string, side: Side): Endpoint[] {
  const role = ROLE[side];
  const uri = isUri(word) ? parseUri(word) : undefined;
  const { name, version } = splitRef(word);
  const out: Endpoint[] = [];
  g.entries.forEach((e, index) => {
    if (e.role !== role) return;
    if (uri) {
      if ('scheme' in uri && e.schemes.some((s) => s.toLowerCase() === uri.scheme)) out.push({ index });
      return;
    }
    if (e.name === name && (version === undefined || e.version === version)) out.push({ index });
    else if (e.provides.includes(word)) out.push({ index });
    else if ((side === 'from' ? e.produces : e.consumes).includes(word)) out.push({ index, type: word });
  });
  return out;
}

/** Match `from` or `to`; on failure, the diagnostic explaining why. */
export function matchEnd(
  w: Words,
  g: Graph,
  word: Located<string>,
  side: Side,
  field: string,
): EndMatch | Diagnostic {
  let uri: ParsedUri | undefined;
  if (isUri(word.value)) {
    const parsed = parseUri(word.value);
    if ('error' in parsed) return diag('FC2106', { uri: word.value, detail: parsed.error }, word.loc);
    uri = parsed;
  }
  const endpoints = matchWord(g, word.value, side);
  if (endpoints.length > 0) return { endpoints, ...(uri ? { uri } : {}) };
  return whyNot(w, word, side, field, uri);
}

/** Match one `via` entry to a component of the graph. */
export function matchVia(w: Words, g: Graph, word: Located<string>, field: string): number | Diagnostic {
  const { name, version } = splitRef(word.value);
  const i = g.entries.findIndex((e) => e.name === name && (version === undefined || e.version === version));
  if (i >= 0) return i;
  const voc = vocabulary(w.registry);
  const known = voc.names.get(name);
  if (known) return versionOrWhere(w, known, word, field) ?? diag('FC2001', { ref: word.value }, word.loc);
  if (voc.types.has(word.value)) {
    const makers = producersOf(w.registry, word.value);
    return diag(
      'FC2104',
      {
        field,
        word: word.value,
        what: 'an event type, but via names components',
        fix: makers.length > 0 ? `write ${list(makers)}, which produce it` : 'write a component name',
      },
      word.loc,
    );
  }
  return diag(
    'FC2103',
    {
      field,
      word: word.value,
      kinds: 'a component',
      suggestion: suggest(name, voc.names.keys()),
      known: `its processors include ${sample(processorNames(w.registry))}`,
    },
    word.loc,
  );
}

function whyNot(
  w: Words,
  word: Located<string>,
  side: Side,
  field: string,
  uri: ParsedUri | undefined,
): Diagnostic {
  const role = ROLE[side];
  const voc = vocabulary(w.registry);
  const wide = graphFor(w.registry, {}, w.pins);
  if (matchWord(wide, word.value, side).length > 0) return excludedByWhere(w, wide, word, side, field);
  if (uri) {
    const schemes = voc.schemes.get(role)!;
    return diag(
      'FC2105',
      {
        field,
        scheme: uri.scheme,
        role,
        suggestion: suggest(uri.scheme, schemes),
        known: `the schemes ${role}s serve are ${list([...schemes].sort())}`,
      },
      word.loc,
    );
  }
  const { name } = splitRef(word.value);
  const named = voc.names.get(name);
  if (named && named.role === role) return versionOrWhere(w, named, word, field)!;
  if (named) return wrongRole(named, word, side, field);
  if (voc.types.has(word.value)) return typeOnWrongSide(w, word, side, field);
  if (voc.capabilities.has(word.value)) {
    const holders = w.registry.entries.filter((e) => e.provides.includes(word.value)).map((e) => e.name);
    return diag(
      'FC2104',
      {
        field,
        word: word.value,
        what: `a capability no ${role} provides (${list(holders)} do)`,
        fix: side === 'from' ? `write it as 'to', or start 'from' at an event type` : `write it in 'via'`,
      },
      word.loc,
    );
  }
  const words = [...voc.names.keys(), ...voc.types, ...voc.capabilities];
  if (words.length === 0) {
    const known =
      'the registry is empty: give a registry file with --registry (or drop --no-default-registry)';
    return diag(
      'FC2103',
      { field, word: word.value, kinds: 'an event type, capability, component or URI', known },
      word.loc,
    );
  }
  return diag(
    'FC2103',
    {
      field,
      word: word.value,
      kinds: 'an event type, capability, component or URI',
      suggestion: suggest(word.value, words),
      known: `known event types include ${sample([...voc.types].sort())}; 'flowctl topology suggest' shows what connects`,
    },
    word.loc,
  );
}

function wrongRole(e: RegistryEntry, word: Located<string>, side: Side, field: string): Diagnostic {
  const a = `a ${e.role}`;
  let fix: string;
  if (side === 'from' && e.role === 'sink') fix = `a flow ends at a sink: write it as 'to: ${word.value}'`;
  else if (side === 'to' && e.role === 'source')
    fix = `a flow starts at a source: write it as 'from: ${word.value}'`;
  else if (side === 'from')
    fix = `a flow starts at a source: write 'from: ${e.consumes[0] ?? 'EVENT-TYPE'}' and 'via: [${e.name}]'`;
  else fix = `a flow ends at a sink: write 'via: [${e.name}]' and a 'to' that consumes ${list(e.produces)}`;
  return diag('FC2104', { field, word: word.value, what: a, fix }, word.loc);
}

function typeOnWrongSide(w: Words, word: Located<string>, side: Side, field: string): Diagnostic {
  const t = word.value;
  if (side === 'from') {
    const makers = w.registry.entries.filter((e) => e.role === 'processor' && e.produces.includes(t));
    const fix =
      makers.length > 0
        ? `write 'from: ${makers[0].consumes[0] ?? 'EVENT-TYPE'}' and 'via: [${makers[0].name}]'`
        : 'add a source that produces it to a registry file given with --registry';
    return diag('FC2104', { field, word: t, what: 'an event type no source produces', fix }, word.loc);
  }
  const users = w.registry.entries.filter((e) => e.role === 'processor' && e.consumes.includes(t));
  const fix =
    users.length > 0
      ? `write 'via: [${users[0].name}]' and a 'to' that consumes ${list(users[0].produces)}`
      : 'add a sink that consumes it to a registry file given with --registry';
  return diag('FC2104', { field, word: t, what: 'an event type no sink consumes', fix }, word.loc);
}

/** The word names an entry that exists: either in another version, or left out by `where`. */
function versionOrWhere(
  w: Words,
  e: RegistryEntry,
  word: Located<string>,
  field: string,
): Diagnostic | undefined {
  const { name, version } = splitRef(word.value);
  const versions = [...new Set(w.registry.entries.filter((x) => x.name === name).map((x) => x.version))];
  if (version !== undefined && !versions.includes(version))
    return diag('FC2002', { name, version, available: versions.join(', ') }, word.loc);
  const blocked = w.registry.entries.find((x) => x.name === name && !passesWhere(x, w.where)) ?? e;
  return diag('FC2104', whereArgs(w, blocked, word.value, field), word.loc);
}

function excludedByWhere(
  w: Words,
  wide: Graph,
  word: Located<string>,
  side: Side,
  field: string,
): Diagnostic {
  const first = wide.entries[matchWord(wide, word.value, side)[0].index];
  return diag('FC2104', whereArgs(w, first, shown(word.value), field), word.loc);
}

function whereArgs(w: Words, e: RegistryEntry, word: string, field: string) {
  const clash = Object.entries(w.where).find(([k, v]) => e.labels[k] !== undefined && e.labels[k] !== v);
  const what = clash
    ? `left out by 'where: {${clash[0]}: ${clash[1]}}', because ${e.name} has the label ${clash[0]}: ${e.labels[clash[0]]}`
    : `left out by 'where'`;
  return { field, word, what, fix: `relax 'where', or name a component whose labels agree` };
}

function producersOf(r: Registry, t: string): string[] {
  return [
    ...new Set(r.entries.filter((e) => e.role !== 'sink' && e.produces.includes(t)).map((e) => e.name)),
  ];
}

function processorNames(r: Registry): string[] {
  return [...new Set(r.entries.filter((e) => e.role === 'processor').map((e) => e.name))].sort();
}

/** 'a', 'b' and 'c'. */
export function list(words: readonly string[]): string {
  const q = words.map((x) => `'${x}'`);
  if (q.length <= 1) return q[0] ?? 'nothing';
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** At most six words, then "…and N more". */
export function sample(words: readonly string[], n = 6): string {
  if (words.length <= n) return list(words);
  return `${words
    .slice(0, n)
    .map((x) => `'${x}'`)
    .join(', ')} and ${words.length - n} more`;
}
