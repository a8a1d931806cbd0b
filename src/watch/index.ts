import { resolve } from 'node:path';
import { compile, type CompileOptions } from '../compile.js';
import { renderText } from '../diagnostics/render.js';
import { loadTarget } from '../emit/targets/index.js';
import type { EmitOptions, TargetName } from '../emit/types.js';
import { writeFilesAtomic } from '../emit/write.js';

export interface WatchOptions {
  readonly file: string;
  readonly target: TargetName;
  readonly outDir: string;
  readonly compile: CompileOptions;
  readonly emit: EmitOptions;
  readonly debounceMs?: number;
  readonly log: (s: string) => void;
  readonly color: boolean;
  /** Stops watching when aborted. */
  readonly signal: AbortSignal;
}

/** What one build did; exposed for tests. */
export type BuildOutcome = { ok: true; written: string[] } | { ok: false; errors: number };

/**
 * Re-validate and regenerate on every change of the pipeline file, the registries and every
 * other file the last build read (bases of `extends`). One build at a time, at most one
 * queued; a broken input keeps the last good output on disk. Watches directories, not files,
 * so editors that save by writing a temporary file and renaming it are seen (chokidar `atomic`
 * and `awaitWriteFinish` smooth the rest).
 */
export async function watchPipeline(
  o: WatchOptions,
  onBuild: (b: BuildOutcome) => void = () => {},
): Promise<void> {
  const { watch } = await import('chokidar');
  const watched = new Set<string>();
  let running = false;
  let queued = false;
  let timer: NodeJS.Timeout | undefined;

  const build = async (): Promise<BuildOutcome> => {
    const r = await compile(o.file, o.compile);
    for (const f of r.sources.fileNames()) if (f !== '<stdin>') watchFile(resolve(f));
    const diagnostics = [...r.diagnostics];
    if (r.pipeline) {
      const target = await loadTarget(o.target);
      const emitted = target.emit(r.pipeline, o.emit);
      diagnostics.push(...emitted.diagnostics);
      if (
        !diagnostics.some((d) => d.severity === 'error' || (o.compile.strict && d.severity === 'warning'))
      ) {
        const text = renderText(diagnostics, r.sources, { color: o.color });
        if (text) o.log(text);
        const written = writeFilesAtomic(o.outDir, emitted.files);
        o.log(
          `flowctl watch: wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${o.outDir}\n`,
        );
        return { ok: true, written };
      }
    }
    o.log(renderText(diagnostics, r.sources, { color: o.color }));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    o.log(`flowctl watch: ${o.file} has errors; keeping the last good output in ${o.outDir}\n`);
    return { ok: false, errors };
  };

  const run = async () => {
    if (running) {
      queued = true;
      return;
    }
    running = true;
    try {
      do {
        queued = false;
        onBuild(await build());
      } while (queued && !o.signal.aborted);
    } finally {
      running = false;
    }
  };

  const watcher = watch([], {
    ignoreInitial: true,
    atomic: true,
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 },
  });
  const watchFile = (abs: string) => {
    if (watched.has(abs)) return;
    watched.add(abs);
    watcher.add(abs);
  };
  watchFile(resolve(o.file));
  for (const r of o.compile.registries ?? []) watchFile(resolve(r));
  const onChange = (path: string) => {
    if (!watched.has(resolve(path))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), o.debounceMs ?? 100);
  };
  watcher.on('add', onChange).on('change', onChange);
  await new Promise<void>((ready) => watcher.on('ready', () => ready()));
  await run();
  o.log(
    `flowctl watch: watching ${[...watched].length} file${watched.size === 1 ? '' : 's'}; press Ctrl-C to stop\n`,
  );
  await new Promise<void>((done) => {
    if (o.signal.aborted) done();
    o.signal.addEventListener('abort', () => done(), { once: true });
  });
  clearTimeout(timer);
  await watcher.close();
}
