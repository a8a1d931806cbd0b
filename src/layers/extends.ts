import { dirname, isAbsolute, join, resolve } from 'node:path';
import { diag } from '../diagnostics/catalog/index.js';
import type { SourceSet } from '../diagnostics/sources.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Loc } from '../ir.js';
import { readYamlFile } from '../load/read.js';
import type { LoadLimits } from '../load/yaml.js';
import { pin } from './locate.js';
import { type LNode, lift, merge } from './tree.js';

export const EXTENDS = 'extends';
/** Files in one extends chain, the file named on the command line included. */
export const MAX_CHAIN = 16;

interface Ctx {
  readonly sources: SourceSet;
  readonly limits: LoadLimits;
  readonly out: Diagnostic[];
}

/**
 * The document of `file` with its whole extends chain merged under it (base first), as a
 * layered tree whose nodes remember their own file. Base paths are relative to the file that
 * names them. Undefined when a file of the chain could not be read or the chain is broken.
 */
export function loadChain(
  value: unknown,
  file: string,
  sources: SourceSet,
  limits: LoadLimits,
  out: Diagnostic[],
): LNode | undefined {
  return layer(value, file, [resolve(file)], [file], { sources, limits, out });
}

function layer(
  value: unknown,
  file: string,
  seen: readonly string[],
  names: readonly string[],
  ctx: Ctx,
): LNode | undefined {
  const root: Loc = { file, path: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (names.length === 1) return lift(value, { file }, ctx.out); // the format check reports it
    ctx.out.push(
      diag('FC1106', { detail: `the base file '${file}' is not a mapping` }, pin(ctx.sources, root)),
    );
    return undefined;
  }
  const { [EXTENDS]: ext, ...rest } = value as Record<string, unknown>;
  const own = lift(rest, { file }, ctx.out);
  if (ext === undefined) return own;
  const extLoc = pin(ctx.sources, { file, path: [EXTENDS] });
  if (typeof ext !== 'string' || ext.trim() === '') {
    ctx.out.push(diag('FC1106', { detail: 'extends must name one base file, as a string' }, extLoc));
    return undefined;
  }
  let basePath = isAbsolute(ext) ? ext : join(dirname(file), ext);
  if (basePath === '-') basePath = './-'; // a file named '-', never standard input
  const real = resolve(basePath);
  if (seen.includes(real)) {
    const chain = [...names.slice(seen.indexOf(real)), basePath].join(' → ');
    ctx.out.push(diag('FC1107', { chain }, extLoc));
    return undefined;
  }
  if (seen.length >= MAX_CHAIN) {
    ctx.out.push(diag('FC1108', { limit: MAX_CHAIN }, extLoc));
    return undefined;
  }
  const loaded = readYamlFile(basePath, ctx.sources, ctx.limits);
  for (const d of loaded.diagnostics) {
    // An unreadable base names the line that asked for it.
    ctx.out.push(d.loc ? d : { ...d, related: [{ message: `'${basePath}' is extended here`, loc: extLoc }] });
  }
  if (loaded.value === undefined) return undefined;
  const base = layer(loaded.value, basePath, [...seen, real], [...names, basePath], ctx);
  return base === undefined ? undefined : merge(base, own);
}
