import type { Diagnostic } from '../diagnostics/types.js';
import type { Pipeline } from '../ir.js';
import type { Redactor } from './redact.js';

/** Backends `apply`, `diff` and `delete` can drive (`-t`). */
export type BackendName = 'docker' | 'kubernetes' | 'local';

/** What the command is doing: apply changes, print what would change, or remove everything owned. */
export type Mode = 'apply' | 'diff' | 'delete';

/** `+` create, `~` update (recreate), `-` delete, `=` unchanged. */
export type Action = 'create' | 'update' | 'delete' | 'unchanged';

export const ACTION_SIGN: Readonly<Record<Action, string>> = {
  create: '+',
  update: '~',
  delete: '-',
  unchanged: '=',
};

/** One object the backend owns or will own, and what the plan does to it. */
export interface PlanItem {
  /** Stable key within a plan, e.g. `container/demo-source-1`. */
  readonly key: string;
  /** Object kind as the backend names it: network, volume, container, process, ... */
  readonly kind: string;
  readonly name: string;
  /** Component id the object belongs to, when it belongs to one. */
  readonly component?: string;
  readonly action: Action;
  /** Why it changes (or stays), in a few words; never contains secret values. */
  readonly reason?: string;
}

/**
 * What a backend will do, in execution order. `notes` are sentences shown after the items
 * (orphans kept without --prune, images to pull). `detail` is private to the backend that made
 * the plan and is only read by its own `execute`.
 */
export interface Plan {
  readonly backend: BackendName;
  readonly pipeline: string;
  readonly mode: Mode;
  readonly items: readonly PlanItem[];
  readonly notes: readonly string[];
  readonly detail?: unknown;
}

/** How one plan item ended. */
export type Outcome = 'changed' | 'unchanged' | 'failed' | 'not-attempted';

export interface ItemResult {
  readonly item: PlanItem;
  readonly outcome: Outcome;
  /** Short cause when failed (one line). */
  readonly error?: string;
  /** Last log lines of a failed container or process, already redacted by the printer. */
  readonly logTail?: readonly string[];
}

export interface ApplyResult {
  readonly ok: boolean;
  readonly items: readonly ItemResult[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A plan, or the diagnostics that prevented one (preflight failures, unreachable daemon). */
export interface Planned {
  readonly plan?: Plan;
  readonly diagnostics: readonly Diagnostic[];
}

/** Everything a backend may use from the invocation. Backends never read process.env directly. */
export interface BackendContext {
  readonly mode: Mode;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly prune: boolean;
  readonly wait: boolean;
  readonly dryRun: boolean;
  /** Deadline for waits (health, rollouts, stops), in milliseconds. */
  readonly timeoutMs: number;
  /** Kubernetes context (`--context`); other backends ignore it. */
  readonly context?: string;
  /** Kubernetes: take over fields other managers own (`--force-conflicts`); others ignore it. */
  readonly forceConflicts?: boolean;
  /** Progress for a person (stderr in text mode, dropped in json mode). */
  readonly progress: (line: string) => void;
  /** Every secret value a backend reads is registered here before anything can print it. */
  readonly redactor: Redactor;
}

/**
 * A backend connected to its world for one command. `plan` only reads; `execute` changes the
 * world and reports every item as changed, unchanged, failed or not attempted (it does not throw
 * for failures of the world); `close` releases locks and connections and is always called.
 */
export interface Session {
  plan(): Promise<Planned>;
  execute(plan: Plan): Promise<ApplyResult>;
  close(): Promise<void>;
}

/**
 * One deployment backend: one file in src/apply/ and one line in the map in backends.ts.
 * `open` connects (and, for apply and delete, takes the pipeline's lock); a failure to do so is
 * returned as diagnostics.
 */
export interface Backend {
  readonly name: BackendName;
  open(p: Pipeline, ctx: BackendContext): Promise<Session | { readonly diagnostics: readonly Diagnostic[] }>;
}
