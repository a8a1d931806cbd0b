import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Pipeline } from '../../ir.js';
import { healthPort } from '../../normalize/fields.js';
import { shortHash } from '../names.js';
import { hasNul, isEnvName, sh, shComment } from '../shell.js';
import { componentEnv, configEnvName, dataPort } from '../wiring.js';
import { pathSegment } from './layout.js';
import { type ExtraEnv, secretLines, volumeLines } from './storage.js';

/**
 * The data one component contributes to the script. Every string is shell text ready to paste:
 * each dynamic word was quoted with `sh`, each variable name validated with `isEnvName`.
 */
export interface ComponentView {
  readonly index: number;
  /** `"id"` and a role/reference note, safe inside a `#` comment. */
  readonly comment: string;
  /** Quoted `NAME=value` words for `env`, sorted by name (names validated). */
  readonly env: readonly string[];
  /** Arguments of `fc_secret_env`: `NAME value|path 'secrets/…'`. */
  readonly secretEnv: readonly string[];
  /** The command and its arguments as quoted words. */
  readonly argv: string;
  /** The command's first word, quoted (checked before anything starts). */
  readonly command: string;
  /** Arguments of `fc_secret ACTION`, one secret each. */
  readonly secrets: readonly string[];
  /** Arguments of `fc_dir`: quoted directories under the state directory to create. */
  readonly dirs: readonly string[];
  /** Body of the health function: a probe call, or `return 0` when there is nothing to probe. */
  readonly health: string;
  /** Quoted argv of a command health check; '' when the check is not a command. */
  readonly probe: string;
  /** Seconds `up` waits for health; 0 when there is no check. */
  readonly wait: number;
  readonly restart: string;
  /** Hash of everything above that shapes the process; `up` restarts a component whose hash changed. */
  readonly hash: string;
  readonly key: string;
  readonly id: string;
  readonly jsonId: string;
}

/** Quotes words for the script, reporting NUL characters (FC4408) instead of losing them. */
export class Quoter {
  constructor(readonly out: Diagnostic[]) {}
  /** `sh(s)`, with FC4408 on `c` when `s` holds a NUL. */
  word(s: string, c: Component, what: string): string {
    if (hasNul(s)) this.out.push(diag('FC4408', { id: c.id, what }, c.loc));
    return sh(s);
  }
}

/** The loopback address of a component: `127.0.0.1:<data port>`, or `127.0.0.1` with no port. */
export function loopbackAddress(c: Component): string {
  const port = dataPort(c);
  return port ? `127.0.0.1:${port.containerPort}` : '127.0.0.1';
}

/**
 * Build the view of one component, or undefined (with FC4401) when it has no command; its other
 * diagnostics are reported either way.
 */
export function componentView(
  p: Pipeline,
  c: Component,
  index: number,
  byId: ReadonlyMap<string, Component>,
  out: Diagnostic[],
): ComponentView | undefined {
  const q = new Quoter(out);
  const key = pathSegment(c.id);
  const cmd = c.command?.value ?? [];
  commandDiagnostics(c, out);
  const argv = [...cmd, ...c.args];
  const volumes = volumeLines(c, q, out);
  const secrets = secretLines(c, key, q, out);
  const env = envWords(p, c, byId, volumes.env, secrets.env, q, out);
  const health = healthView(c, index, q, out);
  if (cmd.length === 0) return undefined;
  // Everything that shapes the process; its hash tells `up` that a running component changed.
  const shaped = {
    env,
    secretEnv: secrets.env.map((x) => x.text),
    argv: argv.map((a, i) => q.word(a, c, i < cmd.length ? 'command' : 'args')).join(' '),
    secrets: secrets.lines,
    dirs: volumes.dirs,
    ...health,
    restart: sh(c.restart?.value ?? 'no'),
  };
  const ref = c.ref && `${c.ref.name}@${c.resolvedFrom?.version ?? c.ref.version ?? ''}`;
  return {
    index,
    comment: `${shComment(c.id)} (${c.role}${ref ? `, ${shComment(ref)}` : ''})`,
    ...shaped,
    command: sh(argv[0]),
    hash: sh(shortHash(JSON.stringify(shaped), 16)),
    key: sh(key),
    id: q.word(c.id, c, 'id'),
    jsonId: sh(JSON.stringify(c.id)),
  };
}

/** FC4401 (no command), FC4415 (command with '='), else FC4407 (image not used). */
function commandDiagnostics(c: Component, out: Diagnostic[]): void {
  const cmd = c.command?.value ?? [];
  if (cmd.length === 0) {
    const entry = c.resolvedFrom ? `${c.resolvedFrom.name}@${c.resolvedFrom.version}` : undefined;
    out.push(diag('FC4401', { id: c.id, image: c.image?.value, entry }, c.loc));
  } else if (cmd[0].includes('=')) {
    out.push(diag('FC4415', { id: c.id, command: cmd[0] }, c.command?.loc ?? c.loc));
  } else if (c.image)
    out.push(diag('FC4407', { id: c.id, image: c.image.value, command: cmd[0] }, c.image.loc));
}

/**
 * The quoted `NAME=value` words of a component, sorted by name: componentEnv() with loopback
 * addresses, then FLOWCTL_VOLUME_* of its volumes. Invalid names are dropped (FC4402); a name
 * that a volume or secret sets again is reported (FC4416), the later one winning as env(1) keeps
 * the last assignment (secret variables are appended at run time).
 */
function envWords(
  p: Pipeline,
  c: Component,
  byId: ReadonlyMap<string, Component>,
  volumes: readonly ExtraEnv[],
  secrets: readonly ExtraEnv[],
  q: Quoter,
  out: Diagnostic[],
): string[] {
  const env = new Map<string, string>();
  const origin = new Map<string, string>();
  for (const e of componentEnv(p, c, loopbackAddress, byId)) {
    env.set(e.name, q.word(`${e.name}=${e.value}`, c, `env '${e.name}'`));
    origin.set(e.name, 'its env or config');
  }
  for (const x of [...volumes, ...secrets]) {
    const first = origin.get(x.name);
    if (first) out.push(diag('FC4416', { id: c.id, name: x.name, first, second: x.origin }, x.loc));
    origin.set(x.name, x.origin);
  }
  for (const v of volumes) env.set(v.name, v.text);
  const words: string[] = [];
  for (const [name, word] of [...env.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (isEnvName(name)) words.push(word);
    else out.push(diag('FC4402', { id: c.id, name }, envLoc(c, name)));
  }
  return words;
}

function envLoc(c: Component, name: string) {
  return (
    c.env.find((e) => e.name === name)?.loc ??
    c.config.find((x) => configEnvName(c, x.key) === name)?.loc ??
    c.loc
  );
}

/**
 * A duration in seconds as a plain decimal `read -t` and `timeout` accept: within [0.1, 3600]
 * (never exponent notation), the fallback when not a positive number.
 */
function secondsText(s: number, fallback: number): string {
  const v = Number.isFinite(s) && s > 0 ? Math.min(3600, Math.max(0.1, s)) : fallback;
  return String(Math.round(v * 1000) / 1000);
}

function healthView(
  c: Component,
  index: number,
  q: Quoter,
  out: Diagnostic[],
): { health: string; probe: string; wait: number } {
  const none = { health: 'return 0', probe: '', wait: 0 };
  const h = c.health;
  if (!h) return none;
  const wait = Math.max(10, Math.ceil(h.intervalSeconds * h.retries + h.timeoutSeconds)) || 30;
  const timeout = secondsText(h.timeoutSeconds, 5);
  const check = h.check;
  if (check.kind === 'command') {
    if (check.command.length === 0) return none;
    const probe = check.command.map((w) => q.word(w, c, 'health command')).join(' ');
    return { health: `fc_probe ${timeout} ${index}`, probe, wait };
  }
  const port = healthPort(h, c.ports);
  if (port === undefined) {
    out.push(diag('FC4410', { id: c.id, kind: check.kind.toUpperCase() }, check.loc));
    return none;
  }
  if (check.kind === 'tcp') return { health: `fc_check_tcp ${port}`, probe: '', wait };
  if (!/^\/[\x21-\x7e]*$/.test(check.path)) {
    out.push(diag('FC4412', { id: c.id, path: check.path }, check.loc));
    return none;
  }
  return { health: `fc_check_http ${port} ${sh(check.path)} ${timeout}`, probe: '', wait };
}
