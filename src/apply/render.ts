import {
  ACTION_SIGN,
  type Action,
  type ApplyResult,
  type ItemResult,
  type Outcome,
  type Plan,
  type PlanItem,
} from './types.js';

const VERB: Readonly<Record<Action, string>> = {
  create: 'to create',
  update: 'to update',
  delete: 'to delete',
  unchanged: 'unchanged',
};

const DONE: Readonly<Record<Action, string>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  unchanged: 'unchanged',
};

const OUTCOME_TEXT: Readonly<Record<Outcome, string>> = {
  changed: 'changed',
  unchanged: 'unchanged',
  failed: 'failed',
  'not-attempted': 'not attempted',
};

function counts<T extends string>(keys: readonly T[], values: readonly T[]): Record<T, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<T, number>;
  for (const v of values) out[v]++;
  return out;
}

const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'unchanged'];
const OUTCOMES: readonly Outcome[] = ['changed', 'unchanged', 'failed', 'not-attempted'];

function pad(items: readonly PlanItem[]): (item: PlanItem) => string {
  const width = Math.max(0, ...items.map((i) => i.kind.length));
  return (i) => i.kind.padEnd(width);
}

/**
 * The plan as text: a header, one line per object (`+ container demo-source-1 (reason)`) in
 * execution order, notes, and a one-line count. Deterministic: no times, no ids.
 */
export function planText(plan: Plan): string {
  const kind = pad(plan.items);
  const lines = [`Plan for pipeline '${plan.pipeline}' (${plan.backend}):`];
  if (plan.items.length === 0) lines.push('  (nothing: no objects are owned by this pipeline)');
  for (const i of plan.items)
    lines.push(
      `  ${ACTION_SIGN[i.action]} ${kind(i)} ${i.name}${i.reason ? `  (${i.reason})` : ''}`.trimEnd(),
    );
  for (const n of plan.notes) lines.push(`note: ${n}`);
  const c = counts(
    ACTIONS,
    plan.items.map((i) => i.action),
  );
  const changes = c.create + c.update + c.delete;
  lines.push(
    changes === 0
      ? `No changes: ${c.unchanged} object${c.unchanged === 1 ? '' : 's'} up to date.`
      : `${ACTIONS.map((a) => `${c[a]} ${VERB[a]}`).join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}

function itemLine(r: ItemResult, kind: (i: PlanItem) => string, width: number): string[] {
  const head = `  ${OUTCOME_TEXT[r.outcome].padEnd(width)}  ${kind(r.item)} ${r.item.name}`;
  const lines = [r.error ? `${head}: ${r.error}` : head];
  for (const l of r.logTail ?? []) lines.push(`      | ${l}`);
  return lines;
}

/**
 * The result as text. On success one summary line (`Applied: 2 created, 0 updated, ...`); on
 * failure every item with its outcome (changed, unchanged, failed with the cause and log tail,
 * not attempted), then the summary.
 */
export function resultText(plan: Plan, result: ApplyResult): string {
  const verb = plan.mode === 'delete' ? 'Deleted' : 'Applied';
  if (result.ok) {
    const changed = result.items.filter((r) => r.outcome === 'changed').map((r) => r.item.action);
    const c = counts(ACTIONS, changed);
    const unchanged = result.items.filter((r) => r.outcome === 'unchanged').length;
    const parts = ACTIONS.filter((a) => a !== 'unchanged').map((a) => `${c[a]} ${DONE[a]}`);
    return `${verb}: ${[...parts, `${unchanged} unchanged`].join(', ')}.\n`;
  }
  const kind = pad(result.items.map((r) => r.item));
  const width = Math.max(...OUTCOMES.map((o) => OUTCOME_TEXT[o].length));
  const lines = [`${plan.mode === 'delete' ? 'Delete' : 'Apply'} failed; what happened to each object:`];
  for (const r of result.items) lines.push(...itemLine(r, kind, width));
  const c = counts(
    OUTCOMES,
    result.items.map((r) => r.outcome),
  );
  lines.push(`${OUTCOMES.map((o) => `${c[o]} ${OUTCOME_TEXT[o]}`).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

/** The JSON document `--format json` prints: the plan, the result when executed, diagnostics. */
export function jsonReport(
  plan: Plan | undefined,
  result: ApplyResult | undefined,
  diagnostics: unknown,
  extra: { executed: boolean },
): string {
  const item = (i: PlanItem) => ({
    action: i.action,
    kind: i.kind,
    name: i.name,
    component: i.component ?? null,
    reason: i.reason ?? null,
  });
  const doc = {
    pipeline: plan?.pipeline ?? null,
    backend: plan?.backend ?? null,
    mode: plan?.mode ?? null,
    plan: plan ? plan.items.map(item) : [],
    notes: plan?.notes ?? [],
    planSummary: counts(
      ACTIONS,
      (plan?.items ?? []).map((i) => i.action),
    ),
    executed: extra.executed,
    result: result
      ? {
          ok: result.ok,
          items: result.items.map((r) => ({
            ...item(r.item),
            outcome: r.outcome,
            error: r.error ?? null,
            logTail: r.logTail ?? [],
          })),
          summary: counts(
            OUTCOMES,
            result.items.map((r) => r.outcome),
          ),
        }
      : null,
    diagnostics,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
