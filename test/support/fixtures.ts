import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '../../src/compile.js';
import type { EmitOptions } from '../../src/emit/types.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'fixtures');
export const GOLDEN = join(ROOT, 'golden');

export interface CaseOptions {
  /** Registry files relative to the case folder; registry.yaml is used when present. */
  readonly registries?: string[];
  readonly strict?: boolean;
  readonly env?: string;
  readonly vars?: Record<string, string>;
  /** Process environment for ${VAR} (the real environment is never used by fixtures). */
  readonly environment?: Record<string, string>;
  readonly emit?: EmitOptions;
  /** Targets to emit; default every target. */
  readonly targets?: string[];
  readonly defaultRegistry?: boolean;
  /** Pipeline file name inside the case (default pipeline.yaml). */
  readonly file?: string;
}

export interface Case {
  readonly name: string;
  readonly dir: string;
  /** Pipeline path relative to the repository root (as diagnostics print it). */
  readonly file: string;
  readonly options: CaseOptions;
}

/** Every fixture case: a folder of fixtures/ with a pipeline file, sorted by name. */
export function listCases(): Case[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(FIXTURES, name);
      const optsPath = join(dir, 'options.json');
      const options: CaseOptions = existsSync(optsPath) ? JSON.parse(readFileSync(optsPath, 'utf8')) : {};
      const file = `fixtures/${name}/${options.file ?? 'pipeline.yaml'}`;
      return { name, dir, file, options };
    });
}

/** Compile a case the way `flowctl validate` would, with paths relative to the repo root. */
export async function compileCase(c: Case): Promise<CompileResult> {
  const registries =
    c.options.registries?.map((r) => `fixtures/${c.name}/${r}`) ??
    (existsSync(join(c.dir, 'registry.yaml')) ? [`fixtures/${c.name}/registry.yaml`] : []);
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return await compile(c.file, {
      registries,
      strict: c.options.strict ?? false,
      defaultRegistry: c.options.defaultRegistry ?? true,
      ...(c.options.env ? { env: c.options.env } : {}),
      vars: c.options.vars ?? {},
      varFiles: [],
      environment: c.options.environment ?? {},
    });
  } finally {
    process.chdir(cwd);
  }
}
