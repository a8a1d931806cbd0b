/**
 * The test image: a root filesystem from Debian's busybox-static, imported into a test daemon
 * (no registry is reachable on these machines).
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dockerApi, socketPathOf } from './docker-api.js';

const execFileP = promisify(execFile);

export const DEFAULT_TEST_IMAGE = 'flowctl-test/busybox:1';

const BUSYBOX = '/bin/busybox';

/**
 * Builds (or reuses from os.tmpdir()) a tarball of a minimal root filesystem: static busybox with
 * an applet symlink for every command it has (sh, nc, httpd, wget, cat, sleep, ...), /etc/passwd
 * and /etc/group, /tmp. Keyed by the busybox binary's hash. Returns the tarball's path.
 */
export async function busyboxRootfsTar(): Promise<string> {
  let bin: Buffer;
  try {
    bin = await readFile(BUSYBOX);
  } catch {
    throw new Error(
      `test image: ${BUSYBOX} not found; run \`bash scripts/test-setup.sh\` (installs busybox-static)`,
    );
  }
  const key = createHash('sha256').update(bin).digest('hex').slice(0, 16);
  const tarPath = path.join(os.tmpdir(), `flowctl-busybox-rootfs-${key}.tar`);
  if (existsSync(tarPath)) return tarPath;

  const { stdout: kind } = await execFileP('file', ['-L', BUSYBOX]).catch(() => ({ stdout: '' }));
  if (kind && !/statically linked|static-pie/.test(kind)) {
    throw new Error(`test image: ${BUSYBOX} is not statically linked; install Debian's busybox-static`);
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'flowctl-rootfs-'));
  try {
    const root = path.join(work, 'rootfs');
    await buildRootfs(root);
    const tmpTar = `${tarPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const tarFlags = ['--numeric-owner', '--owner=0', '--group=0', '--mtime=@0', '--sort=name'];
    await execFileP('tar', [...tarFlags, '-C', root, '-cf', tmpTar, '.']);
    await rename(tmpTar, tarPath); // atomic: concurrent builders race harmlessly
    return tarPath;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Lays out the busybox root filesystem in `root`: binary, one symlink per applet, /etc, /tmp. */
async function buildRootfs(root: string): Promise<void> {
  const dirs = [
    'bin',
    'sbin',
    'usr/bin',
    'usr/sbin',
    'etc',
    'root',
    'tmp',
    'var/tmp',
    'proc',
    'sys',
    'dev',
    'www',
  ];
  for (const d of dirs) await mkdir(path.join(root, d), { recursive: true });
  await chmod(path.join(root, 'tmp'), 0o1777);
  await chmod(path.join(root, 'var/tmp'), 0o1777);
  await copyFile(BUSYBOX, path.join(root, 'bin/busybox'));
  await chmod(path.join(root, 'bin/busybox'), 0o755);
  const { stdout } = await execFileP(BUSYBOX, ['--list-full']);
  for (const rel of stdout.split('\n').map((s) => s.trim())) {
    if (!rel || rel === 'bin/busybox' || rel.includes('..')) continue;
    const dest = path.join(root, rel);
    await mkdir(path.dirname(dest), { recursive: true });
    if (!existsSync(dest)) await symlink('/bin/busybox', dest);
  }
  const passwd = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n';
  await writeFile(path.join(root, 'etc/passwd'), passwd);
  await writeFile(path.join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
}

function splitTag(tag: string): { repo: string; tag: string } {
  const slash = tag.lastIndexOf('/');
  const colon = tag.lastIndexOf(':');
  if (colon > slash) return { repo: tag.slice(0, colon), tag: tag.slice(colon + 1) };
  return { repo: tag, tag: 'latest' };
}

/**
 * Imports the busybox root filesystem into the daemon at `dockerHost` as `tag` through the Engine
 * API (POST /images/create?fromSrc=-), applying Dockerfile `changes` (default `CMD ["/bin/sh"]`).
 * Returns the image id.
 */
export async function importBusyboxImage(
  dockerHost: string,
  tag = DEFAULT_TEST_IMAGE,
  changes: string[] = ['CMD ["/bin/sh"]'],
): Promise<string> {
  const socketPath = socketPathOf(dockerHost);
  const tarPath = await busyboxRootfsTar();
  const { repo, tag: t } = splitTag(tag);
  const q = new URLSearchParams({ fromSrc: '-', repo, tag: t });
  for (const c of changes) q.append('changes', c);
  const res = await dockerApi(socketPath, 'POST', `/images/create?${q}`, await readFile(tarPath), 120_000);
  if (res.status !== 200) throw new Error(`test image: import failed (HTTP ${res.status}): ${res.body}`);
  for (const line of res.body.split('\n')) {
    if (!line.trim()) continue;
    const msg = JSON.parse(line) as { error?: string };
    if (msg.error) throw new Error(`test image: import failed: ${msg.error}`);
  }
  const inspect = await dockerApi(socketPath, 'GET', `/images/${encodeURIComponent(tag)}/json`);
  if (inspect.status !== 200) throw new Error(`test image: ${tag} missing after import: ${inspect.body}`);
  return (JSON.parse(inspect.body) as { Id: string }).Id;
}
