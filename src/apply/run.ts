import {
  compileOptions,
  EXIT_FAIL,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeFor,
  type Io,
  type PipelineFlags,
  printDiagnostics,
} from '../cli/common.js';
import { compile } from '../compile.js';
import { diag } from '../diagnostics/catalog/index.js';
import type { SourceSet } from '../diagnostics/sources.js';
import { type Diagnostic, hasErrors } from '../diagnostics/types.js';
import { chooseBackend, loadBackend } from './backends.js';
import { formatDuration, parseDuration } from './duration.js';
import { Redactor } from './redact.js';
import { jsonReport, planText, resultText } from './render.js';
import type { ApplyResult, BackendContext, Mode, Plan, Session } from './types.js';

/** Flags shared by apply, diff and delete (see cli/specs/pipeline-commands.ts). */
export interface ApplyFlags extends PipelineFlags {
  file: string;
  target?: string;
  context?: string;
  format?: 'text' | 'json';
  dryRun?: boolean;
  prune?: boolean;
  wait?: boolean;
  timeout?: string;
  forceConflicts?: boolean;
}

/** Output of one command: every byte printed passes through the redactor first. */
class Output {
  constructor(
    private readonly io: Io,
    readonly redactor: Redactor,
    readonly json: boolean,
  ) {}
  stdout(s: string): void {
    this.io.stdout(this.redactor.redact(s));
  }
  stderr(s: string): void {
    this.io.stderr(this.redactor.redact(s));
  }
  /** The io handed to shared printers (diagnostics), redacting too. */
  get redacting(): Io {
    return { ...this.io, stdout: (s) => this.stdout(s), stderr: (s) => this.stderr(s) };
  }
}

async function report(
  out: Output,
  sources: SourceSet,
  diags: readonly Diagnostic[],
  plan?: Plan,
  result?: ApplyResult,
): Promise<void> {
  if (out.json) {
    const { renderJson } = await import('../diagnostics/render.js');
    const parsed = JSON.parse(renderJson(diags, sources)) as { diagnostics: unknown };
    out.stdout(jsonReport(plan, result, parsed.diagnostics, { executed: result !== undefined }));
    return;
  }
  if (result && plan) out.stdout(resultText(plan, result));
  await printDiagnostics(out.redacting, diags, sources);
}

/**
 * `flowctl apply | diff | delete`: compile, choose the backend (`-t`, else the pipeline driver,
 * else docker), open it, plan, print the plan, and (apply, delete) execute it. Exit codes: 0
 * done (diff: nothing would change); 1 input errors, a failed apply, or (diff) changes pending;
 * 2 usage. Secret values are redacted from everything printed.
 */
export async function runApplyCommand(io: Io, flags: ApplyFlags, mode: Mode): Promise<number> {
  const name = `flowctl ${mode}`;
  const opts = compileOptions(flags, io);
  if (typeof opts === 'string') {
    io.stderr(`${name}: ${opts}\n`);
    return EXIT_USAGE;
  }
  const timeoutMs = parseDuration(flags.timeout ?? '5m');
  if (timeoutMs === undefined || timeoutMs <= 0) {
    io.stderr(`${name}: --timeout expects a duration such as 90s, 5m or 1h, got '${flags.timeout}'\n`);
    return EXIT_USAGE;
  }
  const out = new Output(io, new Redactor(), flags.format === 'json');
  const compiled = await compile(flags.file, opts);
  if (!compiled.pipeline) {
    await report(out, compiled.sources, compiled.diagnostics);
    return exitCodeFor(compiled.diagnostics);
  }
  const p = compiled.pipeline;
  let diags: Diagnostic[] = [...compiled.diagnostics];
  const backendName = chooseBackend(flags.target, p);
  if (backendName === undefined) {
    const env = p.environment!;
    await report(out, compiled.sources, [
      ...diags,
      diag('FC5040', { env: env.name, target: String(env.target?.value) }, env.target?.loc),
    ]);
    return EXIT_FAIL;
  }
  const backend = await loadBackend(backendName);
  if (!backend) {
    await report(out, compiled.sources, [...diags, diag('FC5014', { backend: backendName })]);
    return EXIT_FAIL;
  }
  const started = Date.now();
  const ctx: BackendContext = {
    mode,
    env: io.env,
    cwd: io.cwd,
    prune: flags.prune ?? false,
    wait: flags.wait ?? false,
    dryRun: flags.dryRun ?? false,
    timeoutMs,
    ...(flags.context ? { context: flags.context } : {}),
    ...(flags.forceConflicts ? { forceConflicts: true } : {}),
    progress: out.json
      ? () => {}
      : (line) => out.stderr(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s  ${line}\n`),
    redactor: out.redactor,
  };
  let session: Session | undefined;
  try {
    const opened = await backend.open(p, ctx);
    if (!('plan' in opened)) {
      await report(out, compiled.sources, [...diags, ...opened.diagnostics]);
      return EXIT_FAIL;
    }
    session = opened;
    const planned = await session.plan();
    diags = [...diags, ...planned.diagnostics];
    const plan = planned.plan;
    if (plan && !out.json) out.stdout(planText(plan));
    const changes = plan?.items.some((i) => i.action !== 'unchanged') ?? false;
    if (!plan || hasErrors(diags) || mode === 'diff' || ctx.dryRun) {
      await report(out, compiled.sources, diags, plan);
      if (!plan || hasErrors(diags)) return EXIT_FAIL;
      return mode === 'diff' && changes ? EXIT_FAIL : EXIT_OK;
    }
    const result = await session.execute(plan);
    if (!out.json) out.stderr(`  done in ${formatDuration(Date.now() - started)}\n`);
    await report(out, compiled.sources, [...diags, ...result.diagnostics], plan, result);
    return result.ok ? EXIT_OK : EXIT_FAIL;
  } catch (e) {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    // Redacted like everything else: a message rethrown from a client library may quote a value.
    out.stderr(`${name}: internal error: ${detail}\n`);
    return EXIT_USAGE;
  } finally {
    await session?.close();
  }
}
