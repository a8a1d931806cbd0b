import { cpuCores, memoryBytes } from '../../check/rules/quantities.js';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Located } from '../../ir.js';

/**
 * Nomad measures CPU in MHz of the client's processor, not in cores. flowctl assumes one core is
 * 1000 MHz (a stated convention: real clock speeds differ, so a component on a 3 GHz client gets
 * a third of a core per 1000 MHz). Values are rounded up, never below Nomad's minimum of 1 MHz.
 */
export const MHZ_PER_CORE = 1000;
/** Nomad's own defaults for a task without a resources block. */
export const DEFAULT_CPU_MHZ = 100;
export const DEFAULT_MEMORY_MB = 300;
/** Nomad rejects memory below 10 MB. */
export const MIN_MEMORY_MB = 10;

export interface ResourcesView {
  readonly cpu: string;
  readonly memory: string;
  readonly memoryMax?: string;
  /** One comment line saying how the numbers were derived. */
  readonly note: string;
}

/** Cores → MHz: 1 core = 1000 MHz, rounded up, at least 1. */
export function cpuMhz(quantity: string): number {
  return Math.max(1, Math.ceil(cpuCores(quantity) * MHZ_PER_CORE - 1e-9));
}

/** Bytes → Nomad "MB" (which Nomad counts in MiB, 2^20 bytes), rounded up, at least 10. */
export function memoryMb(quantity: string): number {
  return Math.max(MIN_MEMORY_MB, Math.ceil(memoryBytes(quantity) / 2 ** 20 - 1e-9));
}

const valid = (q: Located<string> | undefined, parse: (s: string) => number) =>
  q !== undefined && Number.isFinite(parse(q.value)) ? q : undefined;

/**
 * The task's resources: cpu from the request (else the limit), memory from the request (else the
 * limit), memory_max from a memory limit above the request (Nomad memory oversubscription).
 * A CPU limit that differs from the request has no Nomad equivalent and is reported.
 */
export function resourcesView(c: Component, diags: Diagnostic[]): ResourcesView {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const cpuReq = valid(req.cpu, cpuCores);
  const cpuLim = valid(lim.cpu, cpuCores);
  const memReq = valid(req.memory, memoryBytes);
  const memLim = valid(lim.memory, memoryBytes);
  for (const q of [req.cpu, lim.cpu, req.memory, lim.memory])
    if (q && q !== cpuReq && q !== cpuLim && q !== memReq && q !== memLim)
      diags.push(
        diag(
          'FC4001',
          {
            field: 'resources',
            id: c.id,
            target: 'nomad',
            reason: `'${q.value}' is not a quantity; Nomad's default is used`,
          },
          q.loc,
        ),
      );
  const cpuQ = cpuReq ?? cpuLim;
  const cpu = cpuQ ? cpuMhz(cpuQ.value) : DEFAULT_CPU_MHZ;
  if (cpuReq && cpuLim && cpuMhz(cpuLim.value) !== cpu)
    diags.push(
      diag(
        'FC4001',
        {
          field: 'resources.limits.cpu',
          id: c.id,
          target: 'nomad',
          reason: `Nomad reserves CPU (cpu = ${cpu} MHz from the request) and has no separate CPU ceiling`,
        },
        cpuLim.loc,
      ),
    );
  const memQ = memReq ?? memLim;
  const memory = memQ ? memoryMb(memQ.value) : DEFAULT_MEMORY_MB;
  const max = memReq && memLim ? memoryMb(memLim.value) : undefined;
  const memoryMax = max !== undefined && max > memory ? String(max) : undefined;
  const cpuNote = cpuQ
    ? `cpu ${cpuQ.value} x ${MHZ_PER_CORE} MHz per core = ${cpu} MHz`
    : `cpu ${cpu} MHz (Nomad default)`;
  const memNote = memQ
    ? `memory ${memQ.value} = ${memory} MB${memoryMax ? `, limit ${memLim!.value} = ${memoryMax} MB` : ''}`
    : `memory ${memory} MB (Nomad default)`;
  return {
    cpu: String(cpu),
    memory: String(memory),
    ...(memoryMax ? { memoryMax } : {}),
    note: `flowctl: ${cpuNote}; ${memNote}`,
  };
}
