import type { Diagnostic } from '../diagnostics/types.js';
import type { Component, Pipeline } from '../ir.js';

/** What every rule receives: the pipeline and indexes computed once. */
export interface RuleContext {
  readonly pipeline: Pipeline;
  /** First component of each id (duplicates are the unique-ids rule's business). */
  readonly byId: ReadonlyMap<string, Component>;
  /** Ids of the components that list each id as an input. */
  readonly consumers: ReadonlyMap<string, readonly string[]>;
}

export interface Rule {
  readonly name: string;
  readonly check: (ctx: RuleContext) => Diagnostic[];
}

export function makeContext(pipeline: Pipeline): RuleContext {
  const byId = new Map<string, Component>();
  for (const c of pipeline.components) if (!byId.has(c.id)) byId.set(c.id, c);
  const consumers = new Map<string, string[]>();
  for (const c of pipeline.components) {
    for (const input of c.inputs) {
      const list = consumers.get(input.value) ?? [];
      list.push(c.id);
      consumers.set(input.value, list);
    }
  }
  return { pipeline, byId, consumers };
}
