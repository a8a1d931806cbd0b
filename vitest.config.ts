import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { assertGoldenPolicy } from './test/support/env.js';

// CI must never write golden files (also checked in the globalSetup).
assertGoldenPolicy();

// Docker-backed tests mostly wait on the daemon, so two workers pay off even on 2 cores
// (vitest's default would be cores - 1 = 1 here).
const workers = Math.max(2, Math.min(4, os.availableParallelism() - 1));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    // forks: tests spawn processes, chdir and signal children; worker threads can do neither safely.
    pool: 'forks',
    maxWorkers: workers,
    testTimeout: 30_000,
    // A file's beforeAll may start the shared private dockerd and import the test image.
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    restoreMocks: true,
  },
});
