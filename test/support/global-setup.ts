/**
 * vitest globalSetup (main process). Starts nothing by itself: it creates a run directory through
 * which test files lazily share one private dockerd (see ./docker-fixture.ts), and at teardown
 * stops every daemon this run started (their marker files name this process as owner). Also
 * cleans up after earlier runs that were killed before their teardown.
 */
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { isAlive, stopDaemonsOwnedBy, sweepStaleDaemons } from './dockerd.js';
import { assertGoldenPolicy } from './env.js';

const RUN_PREFIX = 'flowctl-test-run-';

async function sweepStaleRunDirs(): Promise<void> {
  const tmp = os.tmpdir();
  for (const name of await readdir(tmp).catch(() => [] as string[])) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const dir = path.join(tmp, name);
    const owner = Number.parseInt(await readFile(path.join(dir, 'owner.pid'), 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && !isAlive(owner)) await rm(dir, { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject) {
  assertGoldenPolicy();
  await sweepStaleDaemons().catch(() => 0);
  await sweepStaleRunDirs().catch(() => {});
  const runDir = await mkdtemp(path.join(os.tmpdir(), RUN_PREFIX));
  await writeFile(path.join(runDir, 'owner.pid'), String(process.pid));
  project.provide('flowctlDockerRunDir', runDir);
  project.provide('flowctlDockerOwnerPid', process.pid);

  return async function teardown() {
    try {
      await stopDaemonsOwnedBy(process.pid);
      // Private daemons of test files whose worker died without its afterAll.
      await sweepStaleDaemons();
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  };
}
