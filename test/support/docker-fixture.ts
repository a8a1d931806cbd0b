/**
 * Per-file access to the run's shared private Docker daemon (see ./README.md).
 *
 *   import { useDocker } from '../support/docker-fixture.js';
 *   const docker = useDocker();          // registers a beforeAll; nothing starts unless a file calls it
 *   it('...', async () => { docker.dockerHost; docker.socketPath; docker.image; });
 *
 * The first file of a run that calls useDocker() starts the daemon and imports the busybox image;
 * the others attach to it (coordination through files in a run directory that the globalSetup
 * creates and removes, together with the daemon). Without the globalSetup (e.g. a custom config),
 * each file gets a daemon of its own, stopped in afterAll.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import {
  DEFAULT_TEST_IMAGE,
  type Dockerd,
  type DockerdInfo,
  dockerApi,
  importBusyboxImage,
  startDockerd,
} from './dockerd.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Run directory created by test/support/global-setup.ts ('' when unavailable). */
    flowctlDockerRunDir: string;
    /** pid of the vitest main process (owner of the shared daemon). */
    flowctlDockerOwnerPid: number;
  }
}

export interface DockerContext {
  socketPath: string;
  /** `unix://...`: pass to `docker -H`, dockerode `{ socketPath }`, or DOCKER_HOST of a child. */
  dockerHost: string;
  /** Tag of the imported busybox image (`flowctl-test/busybox:1`). */
  image: string;
  /** Base directory of the daemon (log at `<baseDir>/dockerd.log`). */
  baseDir: string;
  shared: boolean;
}

const STATE_FILE = 'dockerd.json';
const ERROR_FILE = 'dockerd.error';
const LOCK_DIR = 'dockerd.lock';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

function safeInject<K extends 'flowctlDockerRunDir' | 'flowctlDockerOwnerPid'>(key: K) {
  try {
    return inject(key);
  } catch {
    return undefined;
  }
}

let sharedPromise: Promise<DockerContext> | undefined;
let privateDaemon: Dockerd | undefined;

/** Starts the shared daemon or attaches to it. Throws (never skips) when it cannot start. */
export function getSharedDocker(timeoutMs = 110_000): Promise<DockerContext> {
  sharedPromise ??= acquire(timeoutMs);
  return sharedPromise;
}

async function acquire(timeoutMs: number): Promise<DockerContext> {
  const runDir = safeInject('flowctlDockerRunDir');
  if (!runDir) {
    privateDaemon = await startDockerd();
    try {
      await importBusyboxImage(privateDaemon.dockerHost, DEFAULT_TEST_IMAGE);
    } catch (e) {
      await privateDaemon.stop().catch(() => {});
      privateDaemon = undefined;
      throw e;
    }
    return { ...pick(privateDaemon), image: DEFAULT_TEST_IMAGE, shared: false };
  }
  const stateFile = path.join(runDir, STATE_FILE);
  const errorFile = path.join(runDir, ERROR_FILE);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readJson<DockerdInfo & { image: string }>(stateFile);
    if (state) {
      const r = await dockerApi(state.socketPath, 'GET', '/_ping', undefined, 5_000).catch((e: Error) => e);
      if (r instanceof Error || r.status !== 200) {
        throw new Error(`shared test dockerd at ${state.socketPath} does not answer: ${String(r)}`);
      }
      return { ...pick(state), image: state.image, shared: true };
    }
    const failed = await readFile(errorFile, 'utf8').catch(() => null);
    if (failed !== null)
      throw new Error(`shared test dockerd failed to start (in another test file):\n${failed}`);
    let mine = false;
    try {
      await mkdir(path.join(runDir, LOCK_DIR));
      mine = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (mine) {
      try {
        const ownerPid = safeInject('flowctlDockerOwnerPid') ?? process.ppid;
        const d = await startDockerd({ ownerPid });
        await importBusyboxImage(d.dockerHost, DEFAULT_TEST_IMAGE);
        const state = { ...pick(d), image: DEFAULT_TEST_IMAGE };
        await writeAtomic(stateFile, JSON.stringify(state));
        return { ...state, shared: true };
      } catch (e) {
        await writeAtomic(errorFile, (e as Error).message);
        throw e;
      }
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for the shared test dockerd`);
    await sleep(100);
  }
}

function pick(d: DockerdInfo): DockerdInfo {
  return {
    pid: d.pid,
    baseDir: d.baseDir,
    socketPath: d.socketPath,
    dockerHost: d.dockerHost,
    logPath: d.logPath,
    ownerPid: d.ownerPid,
  };
}

/**
 * Registers a beforeAll that makes the shared daemon available, and returns an object whose
 * fields are valid from then on (reading them earlier throws).
 */
export function useDocker(): DockerContext {
  let ctx: DockerContext | undefined;
  beforeAll(async () => {
    ctx = await getSharedDocker();
  }, 120_000);
  afterAll(async () => {
    if (privateDaemon) {
      const d = privateDaemon;
      privateDaemon = undefined;
      sharedPromise = undefined;
      await d.stop();
    }
  }, 60_000);
  const get = <K extends keyof DockerContext>(k: K): DockerContext[K] => {
    if (!ctx)
      throw new Error('useDocker(): the daemon is available only inside tests and hooks, after beforeAll');
    return ctx[k];
  };
  return {
    get socketPath() {
      return get('socketPath');
    },
    get dockerHost() {
      return get('dockerHost');
    },
    get image() {
      return get('image');
    },
    get baseDir() {
      return get('baseDir');
    },
    get shared() {
      return get('shared');
    },
  };
}
