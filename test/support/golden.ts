import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Regenerate goldens only when asked (UPDATE_GOLDEN=1), never under CI. */
export const UPDATE = process.env.UPDATE_GOLDEN === '1';
if (UPDATE && process.env.CI)
  throw new Error('UPDATE_GOLDEN is refused under CI: goldens are reviewed, never regenerated in CI');

/**
 * Compare `actual` with the golden file; with UPDATE_GOLDEN=1 write it instead.
 * Returns the expected text (undefined when missing and not updating).
 */
export function golden(path: string, actual: string): string | undefined {
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path) || readFileSync(path, 'utf8') !== actual) writeFileSync(path, actual);
    return actual;
  }
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Every file under dir, relative, sorted. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const full = join(d, n);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

/** Goldens nobody produced: deleted under UPDATE_GOLDEN=1, else returned for the test to fail on. */
export function orphans(dir: string, produced: ReadonlySet<string>): string[] {
  const extra = filesUnder(dir).filter((f) => !produced.has(f));
  if (UPDATE) {
    for (const f of extra) rmSync(join(dir, f));
    return [];
  }
  return extra;
}
