import { diag } from '../diagnostics/catalog/index.js';
import type { SourceSet } from '../diagnostics/sources.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Loc, NodePath } from '../ir.js';
import { expand, hasTemplate, plainScalar, type Problem } from './interpolate.js';
import { pinSubstring, scalarAt } from './locate.js';
import { setOwn } from './tree.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: this regex exists to find them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface ExpandContext {
  readonly vars: ReadonlyMap<string, string>;
  /** Variables that hold a secret's value (secrets[].from_env) → the secret's name. */
  readonly secrets: ReadonlyMap<string, string>;
  /** Where the value at a path of this document was written. */
  readonly originOf: (path: NodePath) => Loc;
  readonly sources: SourceSet;
  readonly out: Diagnostic[];
}

/**
 * Expand `${…}` in every string value (never in keys). Unchanged subtrees are returned as
 * they are; changed ones are copied, so the input is never mutated. A plain (unquoted) scalar
 * that is exactly one reference takes the type YAML would give its result (`replicas: ${N}`).
 */
export function expandValues(value: unknown, ctx: ExpandContext): unknown {
  return walk(value, [], ctx);
}

function walk(v: unknown, path: (string | number)[], ctx: ExpandContext): unknown {
  if (typeof v === 'string') return hasTemplate(v) ? expandString(v, path, ctx) : v;
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      const x = walk(v[i], path, ctx);
      path.pop();
      if (x !== v[i]) {
        copy ??= v.slice();
        copy[i] = x;
      }
    }
    return copy ?? v;
  }
  if (v !== null && typeof v === 'object') {
    let copy: Record<string, unknown> | undefined;
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      path.push(k);
      const x = walk(obj[k], path, ctx);
      path.pop();
      if (x !== obj[k]) {
        copy ??= { ...obj };
        setOwn(copy, k, x);
      }
    }
    return copy ?? v;
  }
  return v;
}

function expandString(s: string, path: NodePath, ctx: ExpandContext): unknown {
  const e = expand(
    s,
    (n) => ctx.vars.get(n),
    (n) => ctx.secrets.get(n),
  );
  const origin = ctx.originOf([...path]);
  if (e.problems.length > 0) {
    for (const p of e.problems) ctx.out.push(report(p, s, origin, ctx.sources));
    return s;
  }
  if (CONTROL.test(e.value)) {
    const what = `the value at ${describe(path)} after variable expansion`;
    ctx.out.push(diag('FC1019', { what }, pinSubstring(ctx.sources, origin, s, 0, s.length)));
    return s;
  }
  if (e.whole && scalarAt(ctx.sources, origin)?.type === 'PLAIN') return plainScalar(e.value);
  return e.value;
}

function report(p: Problem, s: string, origin: Loc, sources: SourceSet): Diagnostic {
  const span = p.kind === 'malformed' ? p : p.ref;
  const loc = pinSubstring(sources, origin, s, span.start, span.end);
  switch (p.kind) {
    case 'unset':
      return diag('FC1101', { name: p.ref.name }, loc);
    case 'required':
      return diag('FC1102', { name: p.ref.name, message: p.message }, loc);
    case 'secret':
      return diag('FC1104', { name: p.ref.name, secret: p.secret }, loc);
    default: {
      const text = s.slice(p.start, p.end);
      return diag(
        'FC1103',
        { text: text.length > 60 ? `${text.slice(0, 57)}...` : text, detail: p.detail },
        loc,
      );
    }
  }
}

function describe(path: NodePath): string {
  return path.length === 0 ? 'the top level' : path.join('.');
}

/** Variables named by `secrets: [{name, from_env}]` entries anywhere in the document. */
export function secretVariables(doc: unknown): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (v: unknown, key: string | undefined): void => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (key === 'secrets' && item && typeof item === 'object') {
          const { from_env: env, name } = item as Record<string, unknown>;
          if (typeof env === 'string' && !env.includes('$')) found.set(env, String(name ?? env));
        }
        visit(item, undefined);
      }
    } else if (v !== null && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      for (const k of Object.keys(obj)) visit(obj[k], k);
    }
  };
  visit(doc, undefined);
  return found;
}
