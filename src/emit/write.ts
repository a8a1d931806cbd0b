import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Files } from './types.js';

/**
 * Write files under `outDir` atomically: everything is written to a temporary directory on the
 * same filesystem first, then renamed into place. On any error nothing partial remains. Paths
 * must be relative and stay inside outDir. Returns the written paths (relative to cwd).
 */
export function writeFilesAtomic(
  outDir: string,
  files: Files,
  modes: ReadonlyMap<string, number> = new Map(),
): string[] {
  const root = resolve(outDir);
  for (const path of files.keys()) {
    const full = resolve(root, path);
    if (!full.startsWith(root + sep)) throw new Error(`refusing to write outside --out-dir: ${path}`);
  }
  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(root, '.flowctl-tmp-'));
  try {
    for (const [path, text] of files) {
      const tmp = join(staging, path);
      mkdirSync(dirname(tmp), { recursive: true });
      writeFileSync(tmp, text, { mode: modes.get(path) ?? 0o644 });
    }
    for (const path of files.keys()) {
      const dest = join(root, path);
      mkdirSync(dirname(dest), { recursive: true });
      renameSync(join(staging, path), dest);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return [...files.keys()].map((p) => relative(process.cwd(), join(root, p)) || p);
}

/** Every regular file under dir (relative paths, sorted), skipping flowctl temp dirs. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      if (n.startsWith('.flowctl-tmp-')) continue;
      const full = join(d, n);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
