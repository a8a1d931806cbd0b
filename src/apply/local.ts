import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { topoOrder } from '../check/graph.js';
import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { configHash } from '../emit/labels.js';
import { LOCAL_SCRIPT, pathSegment, stateDir } from '../emit/local/layout.js';
import type { Pipeline } from '../ir.js';
import { hostPathOf } from './docker/secrets.js';
import { parseStatus, type ProcessStatus, runScript } from './local/script.js';
import { acquireLock, type Lock, lockDir } from './lock.js';
import type {
  ApplyResult,
  Backend,
  BackendContext,
  ItemResult,
  Plan,
  Planned,
  PlanItem,
  Session,
} from './types.js';

/** Per-component configuration hashes of the last apply, next to the script. */
const RECORD = 'apply.json';
const TAIL = 20;

interface LocalPlan {
  readonly script: string;
  readonly hashes: Record<string, string>;
  /** Stop everything with the old script before the new one starts (script changed, processes running). */
  readonly restartAll: boolean;
}

const item = (kind: string, name: string, action: PlanItem['action'], reason?: string): PlanItem => ({
  key: `${kind}/${name}`,
  kind,
  name,
  action,
  ...(kind === 'process' ? { component: name } : {}),
  ...(reason ? { reason } : {}),
});

class LocalSession implements Session {
  private readonly script: string;

  constructor(
    private readonly p: Pipeline,
    private readonly ctx: BackendContext,
    private readonly dir: string,
    private readonly lock: Lock | undefined,
  ) {
    this.script = join(dir, LOCAL_SCRIPT);
  }

  /** Run the script in the deployer's directory and environment, its state directory pinned. */
  private run(args: string[], onLine?: (l: string) => void) {
    const env = { ...this.ctx.env, FLOWCTL_STATE_DIR: this.dir };
    return runScript(this.script, args, {
      cwd: this.ctx.cwd,
      env,
      timeoutMs: this.ctx.timeoutMs,
      ...(onLine ? { onLine } : {}),
    });
  }

  private async status(): Promise<Map<string, ProcessStatus>> {
    if (!existsSync(this.script)) return new Map();
    const json = await this.run(['status', '--json']);
    return new Map((parseStatus(json.stdout) ?? []).map((s) => [s.id, s] as const));
  }

  private display(): string {
    return relative(this.ctx.cwd, this.dir) || '.';
  }

  private registerSecrets(): void {
    for (const c of this.p.components)
      for (const s of c.secrets) {
        if (s.from.env !== undefined) this.ctx.redactor.add(this.ctx.env[s.from.env]);
        if (s.from.file !== undefined)
          try {
            this.ctx.redactor.add(readFileSync(hostPathOf(this.p, s.from.file, this.ctx.cwd), 'utf8'));
          } catch {}
      }
  }

  async plan(): Promise<Planned> {
    this.registerSecrets();
    const status = await this.status();
    if (this.ctx.mode === 'delete') return { plan: this.wrap(this.deleteItems(status)), diagnostics: [] };
    const { localTarget } = await import('../emit/targets/local.js');
    const emitted = localTarget.emit(this.p, {});
    const diagnostics: Diagnostic[] = [...emitted.diagnostics];
    const script = emitted.files.get(LOCAL_SCRIPT);
    if (script === undefined) return { diagnostics };
    const old = existsSync(this.script) ? readFileSync(this.script, 'utf8') : undefined;
    const previous = this.readRecord();
    const hashes = Object.fromEntries(this.p.components.map((c) => [c.id, configHash(this.p, c)] as const));
    const changed = old !== undefined && old !== script;
    const ids = new Set(this.p.components.map((c) => c.id));
    const running = [...status.values()].filter((s) => s.state === 'running');
    const restartAll = changed && running.length > 0;
    const items: PlanItem[] = [
      item(
        'script',
        join(this.display(), LOCAL_SCRIPT),
        old === undefined ? 'create' : changed ? 'update' : 'unchanged',
      ),
    ];
    for (const [id, s] of status)
      if (!ids.has(id) && s.state !== 'stopped')
        items.push(item('process', id, 'delete', 'no longer in the pipeline'));
    for (const c of topoOrder(this.p)) {
      const s = status.get(c.id);
      if (!s || s.state === 'stopped') items.push(item('process', c.id, 'create'));
      else if (s.state === 'exited')
        items.push(
          item(
            'process',
            c.id,
            'update',
            `exited${s.exitCode !== null ? ` with code ${s.exitCode}` : ''}: started again`,
          ),
        );
      else if (!restartAll) items.push(item('process', c.id, 'unchanged'));
      else if (previous[c.id] !== hashes[c.id])
        items.push(item('process', c.id, 'update', 'configuration changed'));
      else items.push(item('process', c.id, 'update', 'restarted: the local script changed'));
    }
    const detail: LocalPlan = { script, hashes, restartAll };
    return { plan: { ...this.wrap(items), detail }, diagnostics };
  }

  private deleteItems(status: Map<string, ProcessStatus>): PlanItem[] {
    const items = [...status.values()]
      .filter((s) => s.state === 'running')
      .map((s) => item('process', s.id, 'delete'));
    if (existsSync(this.dir))
      items.push(item('directory', this.display(), 'delete', 'the script, logs, secrets and volume data'));
    return items;
  }

  private readRecord(): Record<string, string> {
    try {
      return (
        (JSON.parse(readFileSync(join(this.dir, RECORD), 'utf8')) as { hashes: Record<string, string> })
          .hashes ?? {}
      );
    } catch {
      return {};
    }
  }

  private wrap(items: PlanItem[]): Plan {
    return { backend: 'local', pipeline: this.p.name, mode: this.ctx.mode, items, notes: [] };
  }

  async execute(plan: Plan): Promise<ApplyResult> {
    return plan.mode === 'delete'
      ? this.executeDelete(plan)
      : this.executeApply(plan, plan.detail as LocalPlan);
  }

  private failed(cmd: string, r: { code: number; output: string; timedOut: boolean }): Diagnostic {
    const detail = r.timedOut ? ` (stopped after --timeout)` : '';
    return diag('FC5017', { command: cmd, exitCode: r.code, detail });
  }

  private async executeApply(plan: Plan, d: LocalPlan): Promise<ApplyResult> {
    const progress = (l: string) => this.ctx.progress(l.replace(/^flowctl-local: /, ''));
    const diagnostics: Diagnostic[] = [];
    if (d.restartAll) {
      const down = await this.run(['down'], progress);
      if (down.code !== 0) return this.outcome(plan, [this.failed('down', down)], new Map(), down.output);
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.script}.tmp-${process.pid}`;
    writeFileSync(tmp, d.script, { mode: 0o755 });
    renameSync(tmp, this.script);
    writeFileSync(
      join(this.dir, RECORD),
      `${JSON.stringify({ pipeline: this.p.name, hashes: d.hashes }, null, 2)}\n`,
    );
    const up = await this.run(['up'], progress);
    if (up.code !== 0) diagnostics.push(this.failed('up', up));
    if (up.code === 0 && this.ctx.wait) await new Promise((r) => setTimeout(r, 1000));
    return this.outcome(plan, diagnostics, await this.status(), up.output);
  }

  /** Each item's outcome from the processes' state after the script ran. */
  private outcome(
    plan: Plan,
    diagnostics: Diagnostic[],
    status: Map<string, ProcessStatus>,
    output: string,
  ): ApplyResult {
    const ran = status.size > 0;
    const results = plan.items.map((i): ItemResult => {
      if (i.kind === 'script')
        return {
          item: i,
          outcome: ran ? (i.action === 'unchanged' ? 'unchanged' : 'changed') : 'not-attempted',
        };
      const s = status.get(i.name);
      if (i.action === 'delete') return { item: i, outcome: s?.state === 'running' ? 'failed' : 'changed' };
      if (s?.state === 'running')
        return { item: i, outcome: i.action === 'unchanged' ? 'unchanged' : 'changed' };
      if (s?.state === 'exited') {
        const error = `exited${s.exitCode !== null ? ` with code ${s.exitCode}` : ''}`;
        return { item: i, outcome: 'failed', error, logTail: this.logTail(i.name) };
      }
      return { item: i, outcome: 'not-attempted' };
    });
    if (diagnostics.length > 0 && !results.some((r) => r.outcome === 'failed')) {
      const tail = output.trimEnd().split('\n').slice(-TAIL);
      const first = results.findIndex((r) => r.outcome === 'not-attempted' && r.item.kind === 'process');
      if (first >= 0)
        results[first] = { ...results[first], outcome: 'failed', error: 'up failed', logTail: tail };
    }
    const ok =
      diagnostics.length === 0 &&
      results.every((r) => r.outcome !== 'failed' && r.outcome !== 'not-attempted');
    return { ok, items: results, diagnostics };
  }

  private logTail(id: string): string[] {
    try {
      return readFileSync(join(this.dir, `${pathSegment(id)}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-TAIL);
    } catch {
      return [];
    }
  }

  private async executeDelete(plan: Plan): Promise<ApplyResult> {
    const progress = (l: string) => this.ctx.progress(l.replace(/^flowctl-local: /, ''));
    if (existsSync(this.script)) {
      const down = await this.run(['down'], progress);
      if (down.code !== 0) {
        const status = await this.status();
        return this.outcome(plan, [this.failed('down', down)], status, down.output);
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    try {
      rmdirSync(dirname(this.dir)); // .flowctl, when this was its last pipeline
    } catch {}
    return { ok: true, items: plan.items.map((i) => ({ item: i, outcome: 'changed' })), diagnostics: [] };
  }

  async close(): Promise<void> {
    this.lock?.release();
  }
}

/**
 * The local backend: writes the script `translate -o local` generates into `.flowctl/<pipeline>/`
 * (under the current directory, which is also the script's state directory: pid files, logs,
 * secrets, volumes) and runs its `up`; `delete` runs `down` and removes that directory; `diff`
 * compares with `status --json`. A changed script restarts the pipeline's processes.
 */
export const localBackend: Backend = {
  name: 'local',
  async open(p, ctx) {
    const dir = resolve(ctx.cwd, stateDir(p));
    let lock: Lock | undefined;
    if (ctx.mode !== 'diff' && !ctx.dryRun) {
      const got = acquireLock(lockDir(ctx.env), `local\n${dir}`, p.name);
      if (!('release' in got))
        return { diagnostics: [diag('FC5002', { pipeline: p.name, holder: got.holder, file: got.file })] };
      lock = got;
    }
    return new LocalSession(p, ctx, dir, lock);
  },
};
