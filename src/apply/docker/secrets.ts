import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Pipeline } from '../../ir.js';
import type { Redactor } from '../redact.js';

/** How apply reads the deployer's secrets: the environment and host files. */
export interface SecretSource {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** File contents, or undefined when the file does not exist or cannot be read. */
  readonly readFile: (path: string) => Buffer | undefined;
}

/** A secret value copied into the container before it starts (from_env with a mount path). */
export interface SecretFile {
  readonly path: string;
  readonly mode: number;
  readonly content: Buffer;
}

/** What a component's secrets add to its container. Values live only here and in the redactor. */
export interface SecretParts {
  readonly env: Map<string, string>;
  readonly binds: { source: string; target: string }[];
  readonly files: SecretFile[];
  /** sha256 of every value, so a changed value changes the spec hash (never the value itself). */
  readonly digests: string[];
}

const MAX_REDACT_FILE = 1 << 20;

/** A path of the pipeline file's directory (the current directory for stdin). */
export function hostPathOf(p: Pipeline, path: string, cwd: string): string {
  if (isAbsolute(path)) return path;
  const base = p.file === '-' || p.file === '' ? cwd : dirname(resolve(cwd, p.file));
  return resolve(base, path);
}

function octal(mode: string | undefined, fallback: number): number {
  return mode !== undefined && /^0?[0-7]{1,4}$/.test(mode) ? Number.parseInt(mode, 8) : fallback;
}

/**
 * The secrets of one component, read at apply time. A host-file secret is bind-mounted
 * read-only (at its container_path, else /run/secrets/<name>) and its `env` receives the path;
 * a from_env secret reaches its `env` as the value and, with a container_path, is copied in as a
 * file with its mode (default 0400). A required secret whose source is missing is FC5006.
 * Every value read is registered with the redactor before anything else sees it.
 */
export function componentSecrets(
  p: Pipeline,
  c: Component,
  src: SecretSource,
  redactor: Redactor,
  diags: Diagnostic[],
): SecretParts {
  const parts: SecretParts = { env: new Map(), binds: [], files: [], digests: [] };
  for (const s of c.secrets) {
    const target = s.mountPath ?? `/run/secrets/${s.name}`;
    if (s.from.file !== undefined) {
      const path = hostPathOf(p, s.from.file, src.cwd);
      const content = src.readFile(path);
      if (content === undefined) {
        if (s.required)
          diags.push(diag('FC5006', { name: s.name, id: c.id, source: `the host file '${path}'` }, s.loc));
        continue;
      }
      if (content.length <= MAX_REDACT_FILE) redactor.add(content.toString('utf8'));
      parts.binds.push({ source: path, target });
      parts.digests.push(createHash('sha256').update(content).digest('hex'));
      if (s.envName) parts.env.set(s.envName, target);
      if (s.mode !== undefined) {
        const reason = `a bind-mounted file keeps the host file's mode; chmod ${s.mode} '${path}'`;
        diags.push(diag('FC5016', { field: 'secrets.mode', id: c.id, backend: 'docker', reason }, s.loc));
      }
    } else if (s.from.env !== undefined) {
      const value = src.env[s.from.env];
      if (value === undefined) {
        if (s.required)
          diags.push(
            diag(
              'FC5006',
              { name: s.name, id: c.id, source: `the environment variable '${s.from.env}'` },
              s.loc,
            ),
          );
        continue;
      }
      redactor.add(value);
      parts.digests.push(createHash('sha256').update(value).digest('hex'));
      if (s.envName) parts.env.set(s.envName, value);
      if (s.mountPath || !s.envName)
        parts.files.push({ path: target, mode: octal(s.mode, 0o400), content: Buffer.from(value, 'utf8') });
    } else {
      const reason = 'it names no source; give it host_path or from_env';
      diags.push(diag('FC5016', { field: `secrets.${s.name}`, id: c.id, backend: 'docker', reason }, s.loc));
    }
  }
  return parts;
}
