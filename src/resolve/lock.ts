import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse, stringify } from 'yaml';
import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { STDIN } from '../load/read.js';
import type { FlowSpec } from './topology.js';

/**
 * The lock file of a topology: `<file>.lock` beside it, recording each flow's chain as
 * `name@version` steps. A run whose choice differs from the lock is an error (FC2109), never
 * a silent switch; `flowctl resolve --lock` writes it, `--update-lock` rewrites it.
 */
export interface LockedFlow {
  readonly flow: string;
  readonly chain: readonly string[];
}

/** Where the lock of a topology file lives; stdin has none. */
export function lockPathFor(file: string): string | undefined {
  return file === STDIN ? undefined : `${file}.lock`;
}

/** Lock keys: the flow's name, made unique by position when two flows share one. */
export function lockKeys(flows: readonly FlowSpec[]): string[] {
  const seen = new Map<string, number>();
  return flows.map((f) => {
    const n = (seen.get(f.name) ?? 0) + 1;
    seen.set(f.name, n);
    return n === 1 ? f.name : `${f.name} #${n}`;
  });
}

/** Read a lock file: undefined when there is none, an error diagnostic when it is unreadable. */
export function readLock(
  path: string,
  file: string,
): { flows: ReadonlyMap<string, readonly string[]> } | Diagnostic | undefined {
  if (!existsSync(path)) return undefined;
  const bad = (detail: string) => diag('FC2111', { lock: basename(path), detail }, { file, path: [] });
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'), { version: '1.2', schema: 'core', maxAliasCount: 0 });
  } catch (e) {
    return bad((e as Error).message.split('\n')[0]);
  }
  const flows = (doc as { kind?: unknown; flows?: unknown } | null)?.flows;
  if ((doc as { kind?: unknown } | null)?.kind !== 'TopologyLock' || !Array.isArray(flows))
    return bad("it is not a 'kind: TopologyLock' document with a 'flows' list");
  const out = new Map<string, readonly string[]>();
  for (const f of flows as { flow?: unknown; chain?: unknown }[]) {
    if (
      typeof f?.flow !== 'string' ||
      !Array.isArray(f.chain) ||
      !f.chain.every((x) => typeof x === 'string')
    )
      return bad("every flow needs a 'flow' name and a 'chain' list");
    out.set(f.flow, f.chain as string[]);
  }
  return { flows: out };
}

/** The lock file's text: deterministic, with a comment saying what it is for. */
export function renderLock(topology: string, flows: readonly LockedFlow[]): string {
  const body = stringify(
    { apiVersion: 'flowctl/v1', kind: 'TopologyLock', flows: flows.map((f) => ({ ...f })) },
    { lineWidth: 0, indentSeq: true },
  );
  return `# Written by 'flowctl resolve --lock' for ${basename(topology)}: the chain each flow resolved to.
# Commit it. When a registry change would make flowctl choose another chain, every command
# stops with FC2109 instead of switching; 'flowctl resolve --update-lock' accepts the change.
${body}`;
}
