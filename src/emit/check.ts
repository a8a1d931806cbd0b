import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Files } from './types.js';
import { listFiles, readIfExists } from './write.js';

/**
 * Compare what translate would write with what is in outDir; writes nothing. The report is a
 * unified diff of every differing file, then the missing and extra files.
 */
export function checkOutDir(outDir: string, files: Files): { upToDate: boolean; report: string } {
  const parts: string[] = [];
  const missing: string[] = [];
  for (const [path, text] of files) {
    const current = readIfExists(join(outDir, path));
    if (current === undefined) {
      missing.push(path);
      continue;
    }
    if (current !== text)
      parts.push(createTwoFilesPatch(`a/${path}`, `b/${path}`, current, text, 'committed', 'generated'));
  }
  const extra = listFiles(outDir).filter((p) => !files.has(p));
  for (const m of missing) parts.push(`missing: ${join(outDir, m)} (translate would create it)\n`);
  for (const e of extra) parts.push(`extra: ${join(outDir, e)} (translate would not produce it)\n`);
  const upToDate = parts.length === 0;
  return {
    upToDate,
    report: upToDate
      ? ''
      : `${parts.join('')}${outDir} is out of date: run the same translate without --check to update it.\n`,
  };
}
