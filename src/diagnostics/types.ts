import type { Loc } from '../ir.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Related {
  readonly message: string;
  readonly loc: Loc;
}

/** A diagnostic is data: a stable code, a severity, one sentence, and where it points. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for diagnostics about the invocation itself (no file to point at). */
  readonly loc?: Loc;
  readonly related?: readonly Related[];
}

/** A catalog entry: what a code means, how bad it is, and its message builder. */
export interface CodeDef<A> {
  readonly severity: Severity;
  /** Short kebab-case name, shown by `flowctl explain` and in the README table. */
  readonly title: string;
  /** Several sentences: what triggers it and how to fix it. */
  readonly explain: string;
  readonly message: (args: A) => string;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of heterogeneous message builders.
export type CodeTable = Record<string, CodeDef<any>>;

/** Define one catalog entry with a typed message. */
export function code<A = void>(
  severity: Severity,
  title: string,
  message: (args: A) => string,
  explain: string,
): CodeDef<A> {
  return { severity, title, message, explain };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
