import { spawn } from 'node:child_process';

/** One component as `status --json` of the local script reports it. */
export interface ProcessStatus {
  readonly id: string;
  readonly state: 'running' | 'exited' | 'stopped';
  readonly pid: number | null;
  readonly exitCode: number | null;
}

export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  /** stdout and stderr interleaved as written (what a person would have seen). */
  readonly output: string;
  readonly timedOut: boolean;
}

/**
 * Run `bash SCRIPT ARGS...` in `cwd` with `env`, passing each line it writes to `onLine`.
 * After `timeoutMs` it is sent TERM (then KILL) and reported as timed out. Never rejects for a
 * non-zero exit.
 */
export function runScript(
  script: string,
  args: readonly string[],
  o: {
    cwd: string;
    env: Readonly<Record<string, string | undefined>>;
    timeoutMs: number;
    onLine?: (l: string) => void;
  },
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(
      Object.entries(o.env).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const child = spawn('bash', ['--', script, ...args], {
      cwd: o.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    let partial = '';
    let timedOut = false;
    const feed = (chunk: string) => {
      output += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) o.onLine?.(l);
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      feed(d);
    });
    child.stderr.setEncoding('utf8').on('data', feed);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial !== '') o.onLine?.(partial);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, output, timedOut });
    });
  });
}

/** Parse `status --json` output; undefined when it is not that document. */
export function parseStatus(stdout: string): ProcessStatus[] | undefined {
  try {
    const doc = JSON.parse(stdout) as { components?: ProcessStatus[] };
    return Array.isArray(doc.components) ? doc.components : undefined;
  } catch {
    return undefined;
  }
}
