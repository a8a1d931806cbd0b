import type Dockerode from 'dockerode';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { classify, DaemonLost, daemonMessage, statusOf } from './connect.js';
import type { DesiredContainer } from './desired.js';
import { tarFiles } from './tar.js';
import { logTail } from './wait.js';

/** A failure of one container operation, ready to report. */
export interface OpFailure {
  readonly error: string;
  readonly diagnostic: Diagnostic;
  readonly logTail?: readonly string[];
}

/** Seconds a container gets between SIGTERM and SIGKILL when flowctl stops it. */
export const STOP_SECONDS = 10;

/**
 * Stop (SIGTERM, SIGKILL after `seconds`) and remove one container with its anonymous volumes.
 * A container that is already stopped or gone is fine. Daemon loss is thrown as DaemonLost;
 * other refusals are returned.
 */
export async function removeContainer(
  docker: Dockerode,
  id: string,
  name: string,
  seconds = STOP_SECONDS,
): Promise<OpFailure | undefined> {
  const c = docker.getContainer(id);
  try {
    await c.stop({ t: seconds });
  } catch (e) {
    const s = statusOf(e);
    if (s !== 304 && s !== 404 && !/is not running/.test(daemonMessage(e))) return refused(e, 'stop', name);
  }
  try {
    await c.remove({ v: true, force: true });
  } catch (e) {
    const s = statusOf(e);
    if (s !== 404 && !/already in progress/.test(daemonMessage(e))) return refused(e, 'remove', name);
  }
  return undefined;
}

function refused(e: unknown, action: string, name: string): OpFailure {
  const err = classify(e);
  if (err instanceof DaemonLost) throw err;
  const cause = daemonMessage(e);
  return { error: `${action} failed: ${cause}`, diagnostic: diag('FC5012', { action, name, cause }) };
}

const PORT_TAKEN = /port is already allocated|address already in use/i;

/**
 * Create one container (not started) and copy its secret files in. A refusal is returned; a
 * container created but not filled is removed again.
 */
export async function createOnly(
  docker: Dockerode,
  d: DesiredContainer,
): Promise<{ container: Dockerode.Container } | OpFailure> {
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer(d.create);
  } catch (e) {
    return refused(e, 'create', d.name);
  }
  if (d.secretFiles.length === 0) return { container };
  try {
    await container.putArchive(tarFiles(d.secretFiles), { path: '/' });
    return { container };
  } catch (e) {
    await container.remove({ v: true, force: true }).catch(() => undefined);
    return refused(e, 'copy secrets into', d.name);
  }
}

/**
 * Start a created container. When the start fails (a host port taken since the plan, a missing
 * bind source), Docker leaves the container in Created: it is removed again and the cause
 * reported (FC5005 for a port, else FC5011).
 */
export async function startCreated(
  container: Dockerode.Container,
  d: DesiredContainer,
): Promise<OpFailure | undefined> {
  try {
    await container.start();
    return undefined;
  } catch (e) {
    const err = classify(e);
    if (err instanceof DaemonLost) throw err;
    const cause = daemonMessage(e);
    const tail = await logTail(container);
    await container.remove({ v: true, force: true }).catch(() => undefined);
    const id = d.component.id;
    const port =
      d.hostPorts.find((p) => cause.includes(`:${p} `) || cause.includes(`:${p}:`)) ?? d.hostPorts[0];
    const loc = d.component.ports.find((p) => p.hostPort === port)?.loc ?? d.component.loc;
    const diagnostic =
      PORT_TAKEN.test(cause) && port !== undefined
        ? diag('FC5005', { port, id, by: '' }, loc)
        : diag('FC5011', { id, cause }, d.component.loc);
    return { error: `start failed: ${cause}`, diagnostic, ...(tail.length > 0 ? { logTail: tail } : {}) };
  }
}

/** createOnly, then startCreated. */
export async function createAndStart(
  docker: Dockerode,
  d: DesiredContainer,
): Promise<{ container: Dockerode.Container } | OpFailure> {
  const c = await createOnly(docker, d);
  if ('error' in c) return c;
  const f = await startCreated(c.container, d);
  return f ?? c;
}
