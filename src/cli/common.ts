import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import type { CompileOptions } from '../compile.js';
import type { SourceSet } from '../diagnostics/sources.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { DEFAULT_LIMITS } from '../load/yaml.js';

/** Exit codes (DESIGN §1): 0 success; 1 input errors, --check differences, apply failure; 2 usage/IO/internal. */
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIo(): Io {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    color: !noColor && !process.argv.includes('--no-color') && process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Options every command that reads a pipeline takes. */
export function pipelineOptions(cmd: Command): Command {
  return cmd
    .option(
      '--registry <file>',
      'registry file (repeatable; first match wins, before the default registry)',
      collect,
      [],
    )
    .option('--no-default-registry', 'do not consult the registry shipped with flowctl')
    .option('--env <name>', 'environment overlay to apply (environments.<name>)')
    .option('--var <key=value>', 'set a variable for $' + '{VAR} interpolation (repeatable)', collect, [])
    .option('--var-file <file>', 'read variables from a dotenv file (repeatable)', collect, [])
    .option('--strict', 'treat warnings as errors')
    .addOption(
      new Option('--max-input-bytes <n>', 'refuse input files larger than this')
        .default(DEFAULT_LIMITS.maxBytes)
        .argParser(Number),
    );
}

export interface PipelineFlags {
  registry: string[];
  defaultRegistry: boolean;
  env?: string;
  var: string[];
  varFile: string[];
  strict?: boolean;
  maxInputBytes: number;
}

/** Turn parsed flags into compile options; a malformed --var is a usage error. */
export function compileOptions(flags: PipelineFlags, io: Io): CompileOptions | string {
  if (!Number.isSafeInteger(flags.maxInputBytes) || flags.maxInputBytes <= 0)
    return `--max-input-bytes expects a positive whole number of bytes, got '${String(flags.maxInputBytes)}'`;
  const vars: Record<string, string> = {};
  for (const kv of flags.var) {
    const i = kv.indexOf('=');
    if (i <= 0) return `--var expects KEY=VALUE, got '${kv}'`;
    vars[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return {
    registries: flags.registry,
    defaultRegistry: flags.defaultRegistry !== false,
    ...(flags.env ? { env: flags.env } : {}),
    vars,
    varFiles: flags.varFile,
    environment: io.env,
    strict: flags.strict ?? false,
    limits: { ...DEFAULT_LIMITS, maxBytes: flags.maxInputBytes },
  };
}

/** Compile options for a command, or undefined after printing the usage error (exit with EXIT_USAGE). */
export function optionsFor(io: Io, command: string, flags: PipelineFlags): CompileOptions | undefined {
  const opts = compileOptions(flags, io);
  if (typeof opts !== 'string') return opts;
  io.stderr(`flowctl ${command}: ${opts}\n`);
  return undefined;
}

/** Exit code for a set of diagnostics: 2 when a file could not be read or flowctl failed, else 1 on errors. */
export function exitCodeFor(diags: readonly Diagnostic[]): number {
  if (diags.some((d) => d.code === 'FC1002' || d.code.startsWith('FC9'))) return EXIT_USAGE;
  return diags.some((d) => d.severity === 'error') ? EXIT_FAIL : EXIT_OK;
}

/** Print diagnostics as text on standard error. */
export async function printDiagnostics(
  io: Io,
  diags: readonly Diagnostic[],
  sources: SourceSet,
): Promise<void> {
  if (diags.length === 0) return;
  const { renderText } = await import('../diagnostics/render.js');
  io.stderr(renderText(diags, sources, { color: io.color }));
}

let cachedVersion: string | undefined;
export function version(): string {
  if (cachedVersion) return cachedVersion;
  const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  cachedVersion = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  return cachedVersion;
}
