import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { stringify } from 'yaml';

/** A unique pipeline name for tests sharing one daemon. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** A temporary directory for pipelines, secrets and the flowctl state directory. */
export function tempDir(prefix = 'flowctl-apply-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a pipeline document (an object) as YAML and return its path. */
export function writePipeline(dir: string, doc: unknown, file = 'pipeline.yaml'): string {
  const path = join(dir, file);
  writeFileSync(path, stringify(doc));
  return path;
}

/**
 * Containers, networks and volumes of the daemon whose names start with `prefix` or that carry
 * the label `flowctl.io/pipeline=<prefix>`, by id/name: what a test that uses unique names may
 * compare before and after, while other test files use the same daemon.
 */
export async function daemonInventory(
  docker: Docker,
  prefix: string,
): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const [c, n, v] = await Promise.all([
    docker.listContainers({ all: true }),
    docker.listNetworks(),
    docker.listVolumes(),
  ]);
  const mine = (name: string, labels: Record<string, string> | null | undefined) =>
    name.replace(/^\//, '').startsWith(prefix) || labels?.['flowctl.io/pipeline'] === prefix;
  return {
    containers: c
      .filter((x) => mine(x.Names[0] ?? '', x.Labels))
      .map((x) => `${x.Names[0]} ${x.Id}`)
      .sort(),
    networks: n
      .filter((x) => mine(x.Name, x.Labels))
      .map((x) => `${x.Name} ${x.Id}`)
      .sort(),
    volumes: (v.Volumes ?? [])
      .filter((x) => mine(x.Name, x.Labels))
      .map((x) => x.Name)
      .sort(),
  };
}

/** Containers of a pipeline created by apply, by name → id. */
export async function appliedContainers(docker: Docker, pipeline: string): Promise<Map<string, string>> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`flowctl.io/pipeline=${pipeline}`, 'flowctl.io/backend=docker'] },
  });
  return new Map(list.map((c) => [c.Names[0].replace(/^\//, ''), c.Id] as const).sort());
}

/** The content of one regular file inside a container (Docker archive API), or undefined. */
export async function readContainerFile(
  docker: Docker,
  container: string,
  path: string,
): Promise<string | undefined> {
  try {
    const stream = await docker.getContainer(container).getArchive({ path });
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    const tar = Buffer.concat(chunks);
    const size = Number.parseInt(tar.subarray(124, 136).toString('utf8').replace(/\0.*$/, '').trim(), 8);
    return tar.subarray(512, 512 + size).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Poll until `fn` returns a value other than undefined, or fail after `ms`. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  ms = 15_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Item lines of a printed plan (`  + container name ...`). */
export function planLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^ {2}[+~=-] /.test(l));
}
