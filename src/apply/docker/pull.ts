import type Dockerode from 'dockerode';
import { daemonMessage, statusOf } from './connect.js';

/** One event of the daemon's pull progress stream. */
export interface PullEvent {
  readonly status?: string;
  readonly id?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
}

/** A pull failed; `message` is the daemon's. */
export class PullError extends Error {}

/**
 * Read a pull progress stream (newline-delimited JSON) to its end. A pull that fails in the
 * middle of a layer still answers HTTP 200 and ends the stream normally, so failure is only an
 * `error` event inside it: the first such event rejects. Progress reports layers done / seen.
 */
export function consumePullStream(
  stream: NodeJS.ReadableStream,
  progress: (done: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let failed: string | undefined;
    const layers = new Map<string, boolean>();
    const handle = (line: string) => {
      if (line.trim() === '' || failed !== undefined) return;
      let ev: PullEvent;
      try {
        ev = JSON.parse(line) as PullEvent;
      } catch {
        return;
      }
      if (ev.error !== undefined || ev.errorDetail !== undefined) {
        failed = ev.errorDetail?.message ?? ev.error ?? 'unknown error';
        return;
      }
      if (ev.id && ev.status && !ev.status.startsWith('Pulling from')) {
        const before = layers.get(ev.id);
        const done = /^(Pull complete|Already exists|Download complete)/.test(ev.status) || before === true;
        layers.set(ev.id, done);
        if (done !== before) progress([...layers.values()].filter(Boolean).length, layers.size);
      }
    };
    stream.setEncoding?.('utf8');
    stream.on('data', (chunk: string | Buffer) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) handle(l);
    });
    stream.on('error', (e: Error) => reject(e));
    stream.on('end', () => {
      handle(buf);
      if (failed !== undefined) reject(new PullError(failed));
      else resolve();
    });
  });
}

/**
 * Pull one image, reporting progress, and confirm it is present afterwards. Rejects with a
 * PullError carrying the daemon's reason (refused at the start or failed mid-stream); errors of
 * the connection itself are rethrown as they are.
 */
export async function pullImage(
  docker: Dockerode,
  image: string,
  progress: (line: string) => void,
): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await docker.pull(image)) as NodeJS.ReadableStream;
  } catch (e) {
    if (statusOf(e) !== undefined) throw new PullError(daemonMessage(e));
    throw e;
  }
  let last = '';
  await consumePullStream(stream, (done, total) => {
    const line = `pulling '${image}': ${done}/${total} layers`;
    if (line !== last) progress(line);
    last = line;
  });
  try {
    await docker.getImage(image).inspect();
  } catch (e) {
    if (statusOf(e) === 404) throw new PullError('the pull ended but the image is not present');
    throw e;
  }
}
