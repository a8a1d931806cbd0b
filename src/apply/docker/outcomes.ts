import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { ApplyResult, ItemResult, PlanItem } from '../types.js';
import type { DaemonLost } from './connect.js';
import type { OpFailure } from './containers.js';

/** Outcomes of one execution, all items starting as not attempted. */
export class Outcomes {
  readonly results = new Map<string, ItemResult>();
  readonly diagnostics: Diagnostic[] = [];
  lost: DaemonLost | undefined;

  constructor(items: readonly PlanItem[]) {
    for (const item of items) this.results.set(item.key, { item, outcome: 'not-attempted' });
  }

  set(item: PlanItem, outcome: ItemResult['outcome']): void {
    this.results.set(item.key, { item, outcome });
  }

  /** Keep an item not attempted, with a note on what was left behind. */
  note(item: PlanItem, error: string): void {
    this.results.set(item.key, { item, outcome: 'not-attempted', error });
  }

  /** Record a failure; returns false so callers can `return out.fail(...)`. */
  fail(item: PlanItem, f: OpFailure): false {
    this.results.set(item.key, {
      item,
      outcome: 'failed',
      error: f.error,
      ...(f.logTail && f.logTail.length > 0 ? { logTail: f.logTail } : {}),
    });
    this.diagnostics.push(f.diagnostic);
    return false;
  }

  /** Record a lost daemon once; the item being worked on fails, the rest stay not attempted. */
  daemonLost(e: DaemonLost, host: string, item?: PlanItem): void {
    if (item)
      this.results.set(item.key, { item, outcome: 'failed', error: `daemon unreachable (${e.reason})` });
    if (this.lost) return;
    this.lost = e;
    this.diagnostics.push(diag('FC5001', { host, cause: e.reason }));
  }

  result(): ApplyResult {
    const items = [...this.results.values()];
    const ok =
      this.diagnostics.every((d) => d.severity !== 'error') && items.every((r) => r.outcome !== 'failed');
    return { ok: ok && !this.lost, items, diagnostics: this.diagnostics };
  }
}
