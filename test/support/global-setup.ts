/**
 * vitest globalSetup (main process). Starts nothing by itself: it creates a run directory through
 * which test files lazily share one private dockerd (see ./docker-fixture.ts), and at teardown
 * stops every daemon this run started (their marker files name this process as owner). Also
 * stops daemons left behind by earlier runs that were killed before their teardown.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopDaemonsOwnedBy, sweepStaleDaemons } from './dockerd.js';
import { assertGoldenPolicy } from './env.js';

export default async function setup(project: TestProject) {
  assertGoldenPolicy();
  await sweepStaleDaemons().catch(() => 0);
  const runDir = await mkdtemp(path.join(os.tmpdir(), 'flowctl-test-run-'));
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
