import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compile } from '../../src/compile.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { composeTarget } from '../../src/emit/targets/compose.js';
import type { EmitOptions } from '../../src/emit/types.js';
import type { Component, Pipeline } from '../../src/ir.js';

// Helpers for the compose tests: IR builders, the emitter, and the real docker-compose.

export const FILE = 'pipeline.yaml';

/** An IR component with empty defaults; `over` sets the fields a test cares about. */
export function component(id: string, over: Partial<Component> = {}): Component {
  return {
    id,
    loc: { file: FILE, path: ['spec', 'sources', 0] },
    role: 'source',
    image: { value: `${id}:1`, loc: { file: FILE, path: ['spec', 'sources', 0, 'image'] } },
    args: [],
    env: [],
    config: [],
    inputs: [],
    dependsOn: [],
    consumes: [],
    produces: [],
    ports: [],
    volumes: [],
    secrets: [],
    replicas: undefined,
    labels: {},
    envMapping: {},
    ...over,
  };
}

export function pipeline(components: Component[], over: Partial<Pipeline> = {}): Pipeline {
  return {
    format: 'v1',
    file: FILE,
    name: 'p',
    nameLoc: { file: FILE, path: ['metadata', 'name'] },
    labels: {},
    annotations: {},
    config: [],
    components,
    ...over,
  };
}

export interface Emitted {
  readonly text: string;
  /** compose.yaml parsed as docker-compose 1.29's PyYAML reads it (YAML 1.1). */
  // biome-ignore lint/suspicious/noExplicitAny: a parsed document navigated by tests.
  readonly doc: any;
  readonly diagnostics: readonly Diagnostic[];
}

export function emitCompose(p: Pipeline, opts: EmitOptions = {}): Emitted {
  const r = composeTarget.emit(p, opts);
  const text = r.files.get('compose.yaml') ?? '';
  return { text, doc: text ? parse(text, { version: '1.1' }) : undefined, diagnostics: r.diagnostics };
}

/** Compile pipeline YAML text (no default registry) and emit compose. */
export async function emitFromYaml(yaml: string, opts: EmitOptions = {}): Promise<Emitted> {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-compose-'));
  try {
    const file = join(dir, 'pipeline.yaml');
    writeFileSync(file, yaml);
    const r = await compile(file, { defaultRegistry: false, vars: {}, varFiles: [], environment: {} });
    if (!r.pipeline) throw new Error(`pipeline did not compile: ${JSON.stringify(r.diagnostics)}`);
    return emitCompose(r.pipeline, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What docker-compose makes of a string it reads from compose.yaml: `$$` is one `$`; any other
 * `$` would be an interpolation, which the emitter must never leave in user text (throws).
 */
export function composeValue(s: string): string {
  return s.replace(/\$\$|\$/g, (m) => {
    if (m === '$') throw new Error(`unescaped $ in ${JSON.stringify(s)}`);
    return '$';
  });
}

export const DOCKER_COMPOSE = 'docker-compose';

/**
 * Run `docker-compose -f compose.yaml <args>` on `text` in a fresh directory, with only PATH
 * and `env` in its environment (docker-compose needs no daemon for `config`).
 */
export function dockerCompose(
  text: string,
  args: readonly string[],
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-dc-'));
  try {
    writeFileSync(join(dir, 'compose.yaml'), text);
    const r = spawnSync(DOCKER_COMPOSE, ['-f', 'compose.yaml', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
