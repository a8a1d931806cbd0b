import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at, type Component, type Loc, type Secret } from '../../ir.js';
import { shortHash } from '../names.js';
import { fromEnvironment, hostPath, type Interpolation, isVarName } from './escape.js';
import { factLoc, topLevelKey } from './project.js';

/** Top-level `volumes:` and `secrets:` gathered while services are built. */
export interface Store {
  readonly project: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly volumes: Map<string, Record<string, unknown>>;
  readonly secrets: Map<string, { readonly file: Interpolation; readonly from: string }>;
}

/** Environment entries a service gets from its secrets (name → value). */
export type SecretEnv = Map<string, string | Interpolation>;

function hostPathNotes(id: string, path: string, names: string[], loc: Loc, diags: Diagnostic[]): void {
  if (names.length > 0)
    diags.push(diag('FC4102', { id, path, names: names.map((n) => `'$${n}'`).join(', ') }, loc));
  else if (!path.startsWith('/') && !path.startsWith('~')) diags.push(diag('FC4104', { id, path }, loc));
}

/**
 * `volumes:` of a service, long syntax. A volume with a host path is a bind mount (the host
 * path must exist); one without is a named volume, declared at the top level once, named
 * `<project>_<name>` so its identity comes from the pipeline, not from the directory.
 */
export function volumes(c: Component, store: Store, diags: Diagnostic[]): Record<string, unknown>[] {
  return c.volumes.map((v) => {
    const readOnly = v.readOnly ? true : undefined;
    if (v.hostPath !== undefined && v.hostPath !== '') {
      const hp = hostPath(v.hostPath);
      hostPathNotes(c.id, v.hostPath, hp.names, factLoc(c, v.loc), diags);
      return { type: 'bind', source: hp.value, target: v.mountPath, read_only: readOnly };
    }
    const key = topLevelKey(v.name);
    store.volumes.set(key, { name: `${store.project}_${key}`, labels: store.labels });
    return { type: 'volume', source: key, target: v.mountPath, read_only: readOnly };
  });
}

/** The top-level key of a file secret: its name, or name-hash when another source took it. */
function secretKey(s: Secret, file: string, store: Store): string {
  const key = topLevelKey(s.name);
  const taken = store.secrets.get(key);
  return taken === undefined || taken.from === file ? key : `${key}-${shortHash(file)}`;
}

function fileSecret(
  c: Component,
  s: Secret,
  i: number,
  file: string,
  store: Store,
  env: SecretEnv,
  diags: Diagnostic[],
): Record<string, unknown> {
  const hp = hostPath(file);
  hostPathNotes(c.id, file, hp.names, factLoc(c, s.loc), diags);
  const key = secretKey(s, file, store);
  store.secrets.set(key, { file: hp.value, from: file });
  let mode: number | undefined;
  if (s.mode !== undefined && /^0?[0-7]{1,4}$/.test(s.mode)) {
    mode = Number.parseInt(s.mode, 8);
    const reason = `docker-compose mounts file secrets with the host file's permissions and ignores mode; chmod ${s.mode} the host file`;
    diags.push(
      diag('FC4103', { field: `secrets[${i}].mode`, id: c.id, reason }, factLoc(c, at(s.loc, 'mode'))),
    );
  } else if (s.mode !== undefined) {
    const reason = `'${s.mode}' is not an octal file mode such as "0400"`;
    diags.push(
      diag('FC4001', { field: `secrets[${i}].mode`, id: c.id, target: 'compose', reason }, factLoc(c, s.loc)),
    );
  }
  if (!s.required) {
    const reason = 'docker-compose has no optional secrets, so the file must exist when the pipeline starts';
    diags.push(diag('FC4103', { field: `secrets[${i}].required`, id: c.id, reason }, factLoc(c, s.loc)));
  }
  const mounted = s.mountPath ?? `/run/secrets/${key}`;
  if (s.envName) env.set(s.envName, mounted.startsWith('/') ? mounted : `/run/secrets/${mounted}`);
  return { source: key, target: s.mountPath, mode };
}

function envSecret(c: Component, s: Secret, i: number, name: string, env: SecretEnv, diags: Diagnostic[]) {
  const report = (field: string, reason: string) =>
    diags.push(
      diag(
        'FC4001',
        { field: `secrets[${i}]${field}`, id: c.id, target: 'compose', reason },
        factLoc(c, s.loc),
      ),
    );
  if (!isVarName(name)) return report('.from_env', `'${name}' is not an environment variable name`);
  if (s.envName) env.set(s.envName, fromEnvironment(name, s.required, `secret ${s.name} needs ${name}`));
  if (s.mountPath)
    report(
      '.mountPath',
      `docker-compose mounts only secrets from files${s.envName ? `; it reaches the component as $${s.envName} instead` : '; give it host_path, or env to receive it as a variable'}`,
    );
  else if (!s.envName)
    report('', "it names neither 'env' nor 'container_path', so the component cannot see it");
}

/**
 * `secrets:` of a service. A secret from a host file is declared at the top level (`file:`)
 * and mounted (`source`, `target`, `mode` as a number); its `env`, when set, receives the
 * mounted path. A secret from the deployer's environment reaches its `env` as `${VAR}`
 * (`${VAR:?...}` when required): docker-compose 1.29 cannot mount it as a file. Values never
 * appear in the output, only where they come from.
 */
export function secrets(
  c: Component,
  store: Store,
  env: SecretEnv,
  diags: Diagnostic[],
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  c.secrets.forEach((s, i) => {
    if (s.from.file !== undefined) out.push(fileSecret(c, s, i, s.from.file, store, env, diags));
    else if (s.from.env !== undefined) envSecret(c, s, i, s.from.env, env, diags);
    else
      diags.push(
        diag(
          'FC4001',
          {
            field: `secrets[${i}]`,
            id: c.id,
            target: 'compose',
            reason: 'it names no source; give it host_path or from_env',
          },
          factLoc(c, s.loc),
        ),
      );
  });
  return out;
}
