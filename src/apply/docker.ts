import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type Dockerode from 'dockerode';
import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Pipeline } from '../ir.js';
import { classify, DaemonLost, daemonAddress, type DaemonAddress } from './docker/connect.js';
import { desiredState } from './docker/desired.js';
import { EngineReader } from './docker/engine.js';
import { executeApply, executeDelete, nothingToDo } from './docker/execute.js';
import { names } from './docker/names.js';
import { type ObservedState, observe } from './docker/observe.js';
import { type DockerPlan, planApply, planDelete, type PlannedDocker } from './docker/plan.js';
import { acquireLock, type Lock, lockDir } from './lock.js';
import type { ApplyResult, Backend, BackendContext, Plan, Planned, Session } from './types.js';

/** Whether a TCP port can be bound on this host right now (false only for EADDRINUSE). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'EADDRINUSE'));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Host ports of containers to start that no container holds but something on this host does. */
async function probeHostPorts(planned: PlannedDocker, observed: ObservedState): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const published = new Set(observed.containers.flatMap((c) => c.publicPorts));
  for (const { component, steps } of planned.detail.components)
    for (const s of steps) {
      if (s.item.action !== 'create' && s.item.action !== 'update') continue;
      for (const port of s.desired!.hostPorts) {
        if (published.has(port)) continue; // a container holds it: planApply reported it, or it is being replaced
        if (await portFree(port)) continue;
        const loc = component.ports.find((x) => x.hostPort === port)?.loc ?? component.loc;
        out.push(diag('FC5005', { port, id: component.id, by: ' by a process on this host' }, loc));
      }
    }
  return out;
}

class DockerSession implements Session {
  private client: Dockerode | undefined;

  constructor(
    private readonly engine: EngineReader,
    private readonly address: DaemonAddress,
    private readonly p: Pipeline,
    private readonly ctx: BackendContext,
    private readonly lock: Lock | undefined,
  ) {}

  async plan(): Promise<Planned> {
    try {
      return await this.planUnguarded();
    } catch (e) {
      const err = classify(e);
      if (err instanceof DaemonLost)
        return { diagnostics: [diag('FC5001', { host: this.address.host, cause: err.reason })] };
      throw e;
    }
  }

  private async planUnguarded(): Promise<Planned> {
    const { p, ctx } = this;
    if (ctx.mode === 'delete') {
      const observed = await observe(this.engine, p.name, {});
      return { plan: this.wrap(planDelete(p, observed)), diagnostics: [] };
    }
    const src = {
      env: ctx.env,
      cwd: ctx.cwd,
      readFile: (path: string) => {
        try {
          return readFileSync(path);
        } catch {
          return undefined;
        }
      },
    };
    const desired = desiredState(p, src, ctx.redactor);
    const images = [...new Set(desired.state.components.flatMap((c) => c.containers.map((d) => d.image)))];
    const observed = await observe(this.engine, p.name, {
      network: names.network(p.name),
      volumes: desired.state.volumes.map((v) => v.name),
      images,
    });
    const planned = planApply(p, desired.state, observed, ctx.prune);
    const probes = this.address.local ? await probeHostPorts(planned, observed) : [];
    return {
      plan: this.wrap(planned),
      diagnostics: [...desired.diagnostics, ...planned.diagnostics, ...probes],
    };
  }

  private wrap(planned: PlannedDocker): Plan {
    return {
      backend: 'docker',
      pipeline: this.p.name,
      mode: this.ctx.mode,
      items: planned.items,
      notes: planned.notes,
      detail: planned.detail,
    };
  }

  async execute(plan: Plan): Promise<ApplyResult> {
    const detail = plan.detail as DockerPlan;
    // Nothing to change and every dependency already seen ready: no request, and no dockerode.
    if (plan.mode === 'apply' && nothingToDo(detail, this.ctx.wait))
      return { ok: true, items: plan.items.map((item) => ({ item, outcome: 'unchanged' })), diagnostics: [] };
    try {
      this.client ??= new (await import('dockerode')).default(this.address.options);
    } catch (e) {
      throw classify(e);
    }
    const x = { docker: this.client, p: this.p, ctx: this.ctx, host: this.address.host };
    return plan.mode === 'delete'
      ? executeDelete(x, detail, plan.items)
      : executeApply(x, detail, plan.items);
  }

  async close(): Promise<void> {
    this.engine.close();
    this.lock?.release();
  }
}

/**
 * The docker backend: the Docker Engine API at DOCKER_HOST, read with EngineReader and changed
 * through dockerode (imported only here, on demand, and only when something changes). Owns one bridge network per pipeline, a container per component replica
 * and the named volumes it creates, all labelled; never touches an object without its labels.
 */
export const dockerBackend: Backend = {
  name: 'docker',
  async open(p, ctx) {
    const address = daemonAddress(ctx.env);
    if (typeof address === 'string')
      return { diagnostics: [diag('FC5001', { host: ctx.env.DOCKER_HOST ?? '', cause: address })] };
    const engine = new EngineReader(address);
    try {
      await engine.get('/_ping');
    } catch (e) {
      engine.close();
      const err = classify(e);
      const cause = err instanceof DaemonLost ? err.reason : err.message;
      return { diagnostics: [diag('FC5001', { host: address.host, cause })] };
    }
    let lock: Lock | undefined;
    if (ctx.mode !== 'diff' && !ctx.dryRun) {
      const got = acquireLock(lockDir(ctx.env), `docker\n${address.host}`, p.name);
      if (!('release' in got)) {
        engine.close();
        return { diagnostics: [diag('FC5002', { pipeline: p.name, holder: got.holder, file: got.file })] };
      }
      lock = got;
    }
    return new DockerSession(engine, address, p, ctx, lock);
  },
};
