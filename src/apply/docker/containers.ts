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
 * Create one container, copy its secret files in, and start it. When the start fails (a host
 * port taken since the plan, a missing bind source), Docker leaves the container in Created:
 * it is removed again and the cause reported (FC5005 for a port, else FC5011).
 */
export async function createAndStart(
  docker: Dockerode,
  d: DesiredContainer,
): Promise<{ container: Dockerode.Container } | OpFailure> {
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer(d.create);
  } catch (e) {
    return refused(e, 'create', d.name);
  }
  try {
    if (d.secretFiles.length > 0) await container.putArchive(tarFiles(d.secretFiles), { path: '/' });
    await container.start();
    return { container };
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
