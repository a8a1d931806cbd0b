// flowctl benchmarks (DESIGN §8), all in one run, as ratios so the machine's speed cancels out:
// - cold start: `flowctl validate` and `flowctl translate -o TARGET` of a 10-component
//   pipeline against bare `node -e 0` (spawned processes, median of N);
// - scale: compile (validate) time in process for 10, 100, 1,000 and 10,000 components, the
//   loader's fast-path parse and yaml's full parseDocument for comparison, and the 10k/1k ratio;
// - translate of 10,000 components to every target (spawned, as a user runs it).
// Usage: npm run bench   (= npm run build && node bench/run.mjs)   [BENCH_RUNS=N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePipeline } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'flowctl.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const SIZES = [10, 100, 1_000, 10_000];

const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { compile } = await dist('compile.js');
const { TARGET_NAMES } = await dist('emit/targets/index.js');
const { parseDocument } = await import('yaml');
const { fastParse } = await dist('load/fast.js');
const { DEFAULT_LIMITS } = await dist('load/yaml.js');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Wall time of a spawned command in ms; throws when it fails (a benchmark of an error is void). */
function spawnMs(args, expectCode = 0) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== expectCode)
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return ms;
}

function timeSpawned(args, runs = RUNS) {
  spawnMs(args); // warm the file cache
  return median(Array.from({ length: runs }, () => spawnMs(args)));
}

async function timeInProcess(fn, runs) {
  await fn(); // warm up the JIT and module cache
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

const dir = mkdtempSync(join(tmpdir(), 'flowctl-bench-'));
const rows = [];
const row = (what, ms, note = '') => {
  rows.push([what, ms, note]);
  process.stderr.write(`  ${what}: ${ms.toFixed(1)} ms ${note}\n`);
};

try {
  const write = (name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const files = Object.fromEntries(SIZES.map((n) => [n, write(`pipeline-${n}.yaml`, generatePipeline(n))]));
  // The local target runs commands: its input has no images (else it notes each unused one).
  const commandOnly = {
    10: write('pipeline-10-local.yaml', generatePipeline(10, { images: false })),
    10000: write('pipeline-10000-local.yaml', generatePipeline(10_000, { images: false })),
  };
  const input = (t, n) => (t === 'local' ? commandOnly[n] : files[n]);
  process.stderr.write(`flowctl bench (median of ${RUNS} cold runs; inputs in ${dir})\n`);

  // Cold start.
  const node0 = timeSpawned(['-e', '0']);
  row('node -e 0', node0);
  const validate10 = timeSpawned([bin, 'validate', files[10]]);
  row('flowctl validate, 10 components (cold)', validate10, `${(validate10 / node0).toFixed(2)}× node`);
  for (const t of TARGET_NAMES) {
    const ms = timeSpawned([bin, 'translate', '-f', input(t, 10), '-o', t]);
    row(
      `flowctl translate -o ${t}, 10 components (cold)`,
      ms,
      `${(ms / node0).toFixed(2)}× node (budget 1.5×)`,
    );
  }

  // Scale, in process.
  const compileMs = {};
  for (const n of SIZES) {
    const runs = n >= 10_000 ? 3 : n >= 1_000 ? 5 : 11;
    const text = generatePipeline(n);
    compileMs[n] = await timeInProcess(async () => {
      const r = await compile(files[n], { defaultRegistry: false });
      if (!r.pipeline) throw new Error(`generated pipeline of ${n} did not compile`);
    }, runs);
    const fastMs = await timeInProcess(() => fastParse(text, DEFAULT_LIMITS), runs);
    const docMs = await timeInProcess(() => parseDocument(text, { uniqueKeys: false }), runs);
    row(
      `compile (validate) ${n} components, in process`,
      compileMs[n],
      `${(text.length / 1024).toFixed(0)} KiB; load fast path ${fastMs.toFixed(1)} ms, where yaml's parseDocument takes ${docMs.toFixed(1)} ms`,
    );
  }
  row('compile ratio 10k/1k', compileMs[10_000] / compileMs[1_000], '(budget < 12)');

  // 10,000 components, every target, as a user runs it.
  for (const t of TARGET_NAMES) {
    const ms = timeSpawned([bin, 'translate', '-f', input(t, 10_000), '-o', t], 3);
    row(`flowctl translate -o ${t}, 10,000 components`, ms, '(budget 2,000 ms)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The table, on standard output.
const width = Math.max(...rows.map(([w]) => w.length));
console.log(`${'measurement'.padEnd(width)} | ${'value'.padStart(9)} | note`);
console.log(`${'-'.repeat(width)}-|-${'-'.repeat(9)}-|-----`);
for (const [what, v, note] of rows) {
  const value = what.includes('ratio') ? `${v.toFixed(2)}` : `${v.toFixed(1)} ms`;
  console.log(`${what.padEnd(width)} | ${value.padStart(9)} | ${note}`);
}
