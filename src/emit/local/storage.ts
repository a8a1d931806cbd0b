import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at, type Component, type Loc } from '../../ir.js';
import { isEnvName, sh } from '../shell.js';
import { pathSegment } from './layout.js';
import type { Quoter } from './view.js';

/** A variable a volume or secret gives the process: its name, who sets it, and the shell text. */
export interface ExtraEnv {
  readonly name: string;
  /** e.g. `volume 'cache'`, for FC4416. */
  readonly origin: string;
  readonly loc: Loc;
  /** Volumes: the quoted `NAME=value` word. Secrets: the arguments of `fc_secret_env`. */
  readonly text: string;
}

/**
 * The word `NAME=<state dir>/rel` as shell text: `'NAME='"$FC_STATE"/'rel'`, the state directory
 * being resolved (absolute) at run time.
 */
export function stateAssignment(name: string, rel: string): string {
  return `${sh(`${name}=`)}"$FC_STATE"/${sh(rel)}`;
}

/** `FLOWCTL_<KIND>_<NAME>`: the name upper-cased, other characters as '_'. */
function envFor(kind: 'VOLUME' | 'SECRET', name: string): string {
  return `FLOWCTL_${kind}_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/**
 * Volumes of a component: each named volume is the directory volumes/<name> under the state
 * directory (created at `up`, shared by name between components, as volumes are); each bind
 * is its host path as written. The directory reaches the process as FLOWCTL_VOLUME_<NAME>, and
 * FC4404 says the mount path is not mounted.
 * FC4411 flags a `$` the script keeps literally.
 */
export function volumeLines(c: Component, q: Quoter, out: Diagnostic[]): { env: ExtraEnv[]; dirs: string[] } {
  const env: ExtraEnv[] = [];
  const dirs: string[] = [];
  for (const v of c.volumes) {
    const name = envFor('VOLUME', v.name);
    const at = { name, origin: `volume '${v.name}'`, loc: v.loc };
    if (v.hostPath === undefined) {
      const rel = `volumes/${pathSegment(v.name)}`;
      dirs.push(sh(rel));
      env.push({ ...at, text: stateAssignment(name, rel) });
    } else {
      if (v.hostPath.includes('$')) out.push(diag('FC4411', { id: c.id, path: v.hostPath }, v.loc));
      env.push({ ...at, text: q.word(`${name}=${v.hostPath}`, c, `host path of volume '${v.name}'`) });
    }
    out.push(
      diag(
        'FC4404',
        { id: c.id, name: v.name, mountPath: v.mountPath, env: name, readOnly: v.readOnly },
        v.loc,
      ),
    );
  }
  return { env, dirs };
}

const OWNER_ONLY = /^0?[0-7]00$/;

/**
 * Secrets of a component, as arguments of the script's `fc_secret` (copy from the source into
 * secrets/<component>/<name> under the state directory, mode 0600 or an owner-only mode) and
 * of `fc_secret_env` (export the value, or the file path when the secret is a mounted file).
 * The value itself never appears in the script.
 */
export function secretLines(
  c: Component,
  key: string,
  q: Quoter,
  out: Diagnostic[],
): { lines: string[]; env: ExtraEnv[] } {
  const lines: string[] = [];
  const env: ExtraEnv[] = [];
  c.secrets.forEach((s, i) => {
    const loc = s.loc;
    const source = secretSource(c, s, q, out);
    if (!source) return;
    let mode = '0600';
    if (s.mode !== undefined) {
      if (OWNER_ONLY.test(s.mode)) mode = s.mode.padStart(4, '0');
      else out.push(diag('FC4406', { id: c.id, name: s.name, mode: s.mode }, at(loc, 'mode')));
    }
    const rel = `secrets/${key}/${pathSegment(s.name)}`;
    const required = s.required ? 'required' : 'optional';
    lines.push(
      [
        q.word(c.id, c, 'id'),
        q.word(s.name, c, `name of secret ${i + 1}`),
        source,
        sh(rel),
        sh(mode),
        required,
      ].join(' '),
    );
    const asFile = s.mountPath !== undefined || s.envName === undefined;
    const name = s.envName ?? envFor('SECRET', s.name);
    if (!isEnvName(name)) {
      out.push(diag('FC4402', { id: c.id, name }, loc));
      return;
    }
    if (s.mountPath !== undefined)
      out.push(diag('FC4405', { id: c.id, name: s.name, mountPath: s.mountPath, env: name }, loc));
    env.push({
      name,
      origin: `secret '${s.name}'`,
      loc,
      text: `${name} ${asFile ? 'path' : 'value'} ${sh(rel)}`,
    });
  });
  return { lines, env };
}

function secretSource(
  c: Component,
  s: Component['secrets'][number],
  q: Quoter,
  out: Diagnostic[],
): string | undefined {
  if (s.from.file !== undefined) {
    if (s.from.env !== undefined)
      out.push(
        diag(
          'FC4001',
          {
            field: `secret '${s.name}' from_env`,
            id: c.id,
            target: 'local',
            reason: `the secret is read from the file '${s.from.file}'`,
          },
          s.loc,
        ),
      );
    return `file ${q.word(s.from.file, c, `file of secret '${s.name}'`)}`;
  }
  if (s.from.env !== undefined) {
    if (!isEnvName(s.from.env)) {
      out.push(diag('FC4414', { id: c.id, name: s.name, env: s.from.env }, s.loc));
      return undefined;
    }
    return `env ${sh(s.from.env)}`;
  }
  out.push(diag('FC4413', { id: c.id, name: s.name }, s.loc));
  return undefined;
}
