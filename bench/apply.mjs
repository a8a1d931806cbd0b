#!/usr/bin/env node
// Benchmark (DESIGN §8): `flowctl apply -t docker` of a 10-container pipeline against
// `docker-compose up -d` of the same pipeline's compose output (`flowctl translate -o compose`),
// on one private dockerd started here (never any other daemon), in one run; then the re-apply of
// the unchanged pipeline (flowctl apply / docker-compose up -d again). Rounds alternate between
// the two tools; each round starts from an empty daemon; medians are reported.
//
//   npm run build && node bench/apply.mjs [--rounds N] [--json]
//
// Prints a table, or one JSON document with --json. Needs root, dockerd and docker-compose
// (scripts/test-setup.sh installs them). Exit code 0, or 1 when a step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'flowctl.js');
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;
const asJson = args.includes('--json');
const COMPONENTS = 10;

/** A chain of ten busybox components (source, eight processors, sink), no health checks. */
function pipeline(name, image) {
  const comp = (id, inputs) => ({
    id,
    image,
    command: ['sh', '-c', 'exec sleep 3600'],
    ports: [{ containerPort: 8080 }],
    ...(inputs.length > 0 ? { inputs } : {}),
  });
  const procs = Array.from({ length: COMPONENTS - 2 }, (_, i) =>
    comp(`proc-${i}`, [i === 0 ? 'src' : `proc-${i - 1}`]),
  );
  return JSON.stringify({
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name },
    spec: {
      sources: [comp('src', [])],
      processors: procs,
      sinks: [comp('sink', [`proc-${COMPONENTS - 3}`])],
    },
  });
}

function timed(cmd, argv, env, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, cwd, encoding: 'utf8', timeout: 300_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0)
    throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
  // The test harness's private-daemon helpers are TypeScript; vite's module runner loads them.
  const { module: d } = await runnerImport(join(ROOT, 'test', 'support', 'dockerd.ts'), {
    configFile: false,
    logLevel: 'silent',
  });
  const daemon = await d.startDockerd();
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-bench-apply-'));
  try {
    const image = await d.importBusyboxImage(daemon.dockerHost).then(() => d.DEFAULT_TEST_IMAGE);
    const env = { ...d.dockerEnv(daemon.dockerHost), FLOWCTL_LOCK_DIR: join(dir, 'locks'), NO_COLOR: '1' };
    const file = join(dir, 'pipeline.yaml');
    writeFileSync(file, pipeline('bench-apply', image));
    const composeFile = join(dir, 'compose.yaml');
    writeFileSync(
      composeFile,
      timed(process.execPath, [CLI, 'translate', '-f', file, '-o', 'compose'], env, dir).stdout,
    );
    const compose = (...a) =>
      timed('docker-compose', ['-p', 'bench-apply', '-f', composeFile, ...a], env, dir);
    const flowctl = (...a) => timed(process.execPath, [CLI, ...a, '-f', file, '-t', 'docker'], env, dir);
    const running = async () => {
      const r = await d.dockerApi(daemon.socketPath, 'GET', '/containers/json');
      return JSON.parse(r.body).length;
    };
    const m = { flowctlApply: [], flowctlReapply: [], composeUp: [], composeReup: [] };
    for (let i = 0; i < rounds; i++) {
      m.flowctlApply.push(flowctl('apply').ms);
      if ((await running()) !== COMPONENTS)
        throw new Error('flowctl apply did not leave 10 running containers');
      const again = flowctl('apply');
      if (!again.stdout.includes('No changes'))
        throw new Error(`re-apply changed something:\n${again.stdout}`);
      m.flowctlReapply.push(again.ms);
      flowctl('delete');
      m.composeUp.push(compose('up', '-d').ms);
      if ((await running()) !== COMPONENTS)
        throw new Error('docker-compose up did not leave 10 running containers');
      m.composeReup.push(compose('up', '-d').ms);
      compose('down', '-t', '1');
    }
    const node0 = median(Array.from({ length: 3 }, () => timed(process.execPath, ['-e', '0'], env, dir).ms));
    const res = {
      containers: COMPONENTS,
      rounds,
      flowctlApplyMs: Math.round(median(m.flowctlApply)),
      composeUpMs: Math.round(median(m.composeUp)),
      flowctlReapplyMs: Math.round(median(m.flowctlReapply)),
      composeReupMs: Math.round(median(m.composeReup)),
      nodeStartupMs: Math.round(node0),
    };
    res.applyRatio = Number((res.flowctlApplyMs / res.composeUpMs).toFixed(2));
    res.reapplyRatio = Number((res.flowctlReapplyMs / res.composeReupMs).toFixed(2));
    res.budget = {
      applyFasterThanCompose: res.applyRatio < 1,
      reapplyUnder500ms: res.flowctlReapplyMs < 500,
    };
    if (asJson) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
    else {
      const row = (a, b, c) => `${a.padEnd(28)}${String(b).padStart(10)}${String(c).padStart(16)}`;
      console.log(row('10 containers (median ms)', 'flowctl', 'compose 1.29'));
      console.log(row('apply / up -d', res.flowctlApplyMs, res.composeUpMs));
      console.log(row('re-apply unchanged', res.flowctlReapplyMs, res.composeReupMs));
      console.log(
        `ratios: apply ${res.applyRatio}, re-apply ${res.reapplyRatio}; bare node start ${res.nodeStartupMs} ms`,
      );
    }
  } finally {
    await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench/apply.mjs: ${e.stack ?? e}`);
  process.exitCode = 1;
});
