import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFilesAtomic } from '../../emit/write.js';
import { EXIT_OK, EXIT_USAGE, type Io } from '../common.js';

interface Flags {
  nonInteractive?: boolean;
  name?: string;
  preset?: string;
  force?: boolean;
  portBase?: string;
}

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PRESETS = ['local-demo', 'testnet-duckdb', 'testnet-postgres'] as const;
type Preset = (typeof PRESETS)[number];
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `flowctl init [DIR]`: a commented pipeline.yaml and registry.yaml that validate and run as written. */
export async function run(io: Io, dir: string, flags: Flags): Promise<number> {
  const root = resolve(io.cwd, dir);
  const interactive = !flags.nonInteractive && process.stdin.isTTY === true;
  const defaultName = suggestName(basename(root));
  let name = flags.name ?? defaultName;
  let preset = (flags.preset ?? 'local-demo') as Preset;
  if (interactive) {
    const ask = await prompter(io);
    const answer = await ask(`Pipeline name [${name}]: `);
    if (answer !== undefined) name = answer.trim() || name;
    const starter = await ask(`Starter (${PRESETS.join(', ')}) [${preset}]: `);
    if (starter !== undefined) preset = (starter.trim() || preset) as Preset;
    ask.close();
    if (answer === undefined || starter === undefined) {
      io.stderr('\nflowctl init: cancelled; nothing was written.\n');
      return EXIT_USAGE;
    }
  }
  if (!NAME.test(name)) {
    io.stderr(
      `flowctl init: '${name}' is not a valid pipeline name; use lower-case letters, digits and '-' (at most 63).\n`,
    );
    return EXIT_USAGE;
  }
  if (!PRESETS.includes(preset)) {
    io.stderr(`flowctl init: unknown starter '${preset}'; choose one of ${PRESETS.join(', ')}.\n`);
    return EXIT_USAGE;
  }
  const base = Number(flags.portBase ?? 8701);
  if (!Number.isInteger(base) || base < 1024 || base > 65530) {
    io.stderr('flowctl init: --port-base must be a whole number from 1024 to 65530.\n');
    return EXIT_USAGE;
  }
  const files = starterFiles(preset, root, { name, port1: base, port2: base + 1, port3: base + 2 });
  const existing = [...files.keys()].filter((f) => existsSync(join(root, f)));
  if (existing.length > 0 && !flags.force) {
    io.stderr(`flowctl init: ${existing.join(', ')} already exist in ${dir}; use --force to overwrite.\n`);
    return EXIT_USAGE;
  }
  for (const p of writeFilesAtomic(root, files)) io.stdout(`${p}\n`);
  const rel = relative(io.cwd, root) || '.';
  const reg = preset === 'local-demo' ? ' --registry registry.yaml' : ' --registry registry.yaml';
  io.stderr(
    `\nNext:\n  cd ${rel}\n  flowctl validate pipeline.yaml${reg}\n` +
      (preset === 'local-demo'
        ? `  flowctl apply -f pipeline.yaml${reg} -t local\n  tail -f out/events.jsonl\n`
        : '') +
      `  flowctl translate -f pipeline.yaml${reg} -o k8s\n`,
  );
  return EXIT_OK;
}

/**
 * Questions at a terminal. Lines typed ahead are queued, not lost between questions;
 * end of input (Ctrl-D) answers undefined.
 */
async function prompter(io: Io) {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines: string[] = [];
  const waiting: ((l: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (l) => (waiting.length > 0 ? waiting.shift()!(l) : lines.push(l)));
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(undefined);
  });
  const ask = (q: string) => {
    io.stderr(q);
    if (lines.length > 0) return Promise.resolve(lines.shift());
    if (ended) return Promise.resolve(undefined);
    return new Promise<string | undefined>((r) => waiting.push(r));
  };
  return Object.assign(ask, { close: () => rl.close() });
}

function suggestName(dir: string): string {
  const s = dir
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return NAME.test(s) ? s : 'my-pipeline';
}

/** The starter's files: templates/init/<preset> with {{placeholders}} filled in. */
function starterFiles(
  preset: Preset,
  root: string,
  v: { name: string; port1: number; port2: number; port3: number },
): Map<string, string> {
  const schemas = relative(root, join(PACKAGE, 'schemas')) || '.';
  const vars: Record<string, string> = {
    name: v.name,
    image: `${v.name}-components:latest`,
    port1: String(v.port1),
    port2: String(v.port2),
    port3: String(v.port3),
    schemaUrl: `${schemas}/pipeline.schema.json`,
    registrySchemaUrl: `${schemas}/registry.schema.json`,
  };
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');
  const files = new Map<string, string>();
  if (preset === 'local-demo') {
    const dir = join(PACKAGE, 'templates', 'init', 'local-demo');
    for (const f of walk(dir)) files.set(f, fill(readFileSync(join(dir, f), 'utf8')));
  } else {
    const compat = preset === 'testnet-duckdb' ? 'duckdb' : 'postgres';
    files.set('pipeline.yaml', fill(testnetPipeline(compat)));
    files.set(
      'registry.yaml',
      fill(readFileSync(join(PACKAGE, 'templates', 'init', 'testnet', 'registry.yaml'), 'utf8')),
    );
  }
  return files;
}

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) =>
      statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`],
    );
}

function testnetPipeline(sink: 'duckdb' | 'postgres'): string {
  const sinkBlock =
    sink === 'duckdb'
      ? `    - id: duckdb-sink
      type: duckdb-consumer@v1.0.0
      config:
        database_path: ./{{name}}.duckdb
      inputs: [contract-events]`
      : `    - id: postgres-sink
      type: postgres-consumer@v1.0.0
      config:
        postgres_host: localhost
        postgres_port: "5432"
        postgres_db: stellar_events
        postgres_user: postgres
      # The password is never written here: apply reads it from POSTGRES_PASSWORD.
      secrets:
        - name: postgres-password
          from_env: POSTGRES_PASSWORD
          env: POSTGRES_PASSWORD
      inputs: [contract-events]`;
  return `# yaml-language-server: $schema={{schemaUrl}}
#
# {{name}}: Stellar testnet contract events into ${sink === 'duckdb' ? 'DuckDB' : 'PostgreSQL'}, written by \`flowctl init\`.
# The components are references into the default registry shipped with flowctl.
apiVersion: flowctl/v1
kind: Pipeline
metadata:
  name: {{name}}
  description: Process stellar contract events on testnet
spec:
  sources:
    - id: stellar-source
      type: stellar-live-source@v1.0.0
      config:
        network_passphrase: "Test SDF Network ; September 2015"
        backend_type: RPC
        rpc_endpoint: https://soroban-testnet.stellar.org
        start_ledger: 2187805
  processors:
    - id: contract-events
      type: contract-events-processor@v1.0.0
      inputs: [stellar-source]
  sinks:
${sinkBlock}
`;
}
