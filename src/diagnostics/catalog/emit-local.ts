import { code, type CodeTable } from '../types.js';

const q = (s: string) => `'${s}'`;

/** FC44xx: the local target (a bash script that runs each component as a process). */
export const emitLocalCodes = {
  FC4401: code<{ id: string; image?: string; entry?: string }>(
    'error',
    'local-needs-command',
    (a) =>
      `local runs each component as a process on this host, and ${q(a.id)} has ${a.image ? `only the image ${q(a.image)}` : 'no command'}${a.entry ? ` (its registry entry ${q(a.entry)} gives none)` : ''}; give it a 'command' (or use a registry entry that has one).`,
    'The local target starts processes, not containers, so every component needs a command. A component given as `type: name@version` takes the command of its registry entry; one with only an image cannot run locally.',
  ),
  FC4402: code<{ id: string; name: string }>(
    'warning',
    'local-env-name',
    (a) =>
      `${q(a.name)} in the environment of ${q(a.id)} is not a valid shell variable name, so local does not pass it on; rename it to letters, digits and '_' (not starting with a digit).`,
    'The local script exports every environment variable of a component; a shell can only export names matching ^[A-Za-z_][A-Za-z0-9_]*$. Names come from env, from config keys (env_mapping, else the upper-cased key) and from secrets. Under --strict this is an error.',
  ),
  FC4403: code<{ id: string; other: string; port: number }>(
    'error',
    'local-port-clash',
    (a) =>
      `${q(a.id)} and ${q(a.other)} both listen on loopback port ${a.port}, which two local processes cannot share; give one of them another containerPort.`,
    'Locally every component listens on its declared containerPort (and health port) on 127.0.0.1, so two components cannot declare the same one, even when containers could.',
  ),
  FC4404: code<{ id: string; name: string; mountPath: string; env: string; readOnly: boolean }>(
    'warning',
    'local-volume-not-mounted',
    (a) =>
      `local does not mount volume ${q(a.name)} of ${q(a.id)} at ${q(a.mountPath)}: the process finds its directory in ${a.env}${a.readOnly ? ' and read-only is not enforced' : ''}; make the component read that variable.`,
    'Local processes share the host filesystem. A named volume becomes the directory volumes/<name> under the state directory; a bind mount is its host path. Neither appears at the mount path, so the directory is passed in FLOWCTL_VOLUME_<NAME>.',
  ),
  FC4405: code<{ id: string; name: string; mountPath: string; env: string }>(
    'warning',
    'local-secret-not-mounted',
    (a) =>
      `local does not mount secret ${q(a.name)} of ${q(a.id)} at ${q(a.mountPath)}: its file is written under the state directory and its path given in ${a.env}; make the component read that variable.`,
    'At `up`, the script copies each secret from its source (a file or a variable of the deployer) into secrets/<component>/<name> under the state directory, mode 0600. It cannot place it at a container path.',
  ),
  FC4406: code<{ id: string; name: string; mode: string }>(
    'warning',
    'local-secret-mode',
    (a) =>
      `secret ${q(a.name)} of ${q(a.id)} asks for mode ${q(a.mode)}, but local writes secret files for their owner only (0600); use an owner-only mode such as "0400".`,
    'Secret files written by the local script are never readable by group or others. An owner-only mode (0400, 0600) is applied as written; any other is replaced by 0600.',
  ),
  FC4407: code<{ id: string; image: string; command: string }>(
    'info',
    'local-image-unused',
    (a) => `local runs ${q(a.command)} for ${q(a.id)} on this host; the image ${q(a.image)} is not used.`,
    'The local target runs the command of a component directly, so its image plays no part.',
  ),
  FC4408: code<{ id: string; what: string }>(
    'error',
    'local-nul',
    (a) =>
      `the ${a.what} of ${q(a.id)} contains a NUL character, which no process argument or environment value can carry; remove it.`,
    'Arguments and environment values are C strings: a NUL would cut them short. flowctl refuses rather than change the value.',
  ),
  FC4409: code<{ id: string; hostPort: number; containerPort: number }>(
    'warning',
    'local-host-port',
    (a) =>
      `local processes listen on their containerPort, so hostPort ${a.hostPort} of ${q(a.id)} is not used (it listens on ${a.containerPort}); drop hostPort or make it equal.`,
    'There is no port mapping between a local process and the host: the process binds the port it is configured for, which is the containerPort.',
  ),
  FC4410: code<{ id: string; kind: string }>(
    'warning',
    'local-health-port',
    (a) =>
      `the ${a.kind} health check of ${q(a.id)} names no port, so local starts its dependents without waiting for it; give the check a 'port' or the component a health_port.`,
    'The local script probes HTTP and TCP health checks on 127.0.0.1 at the check port, else health_port, else the only declared port.',
  ),
  FC4411: code<{ id: string; path: string }>(
    'warning',
    'local-literal-dollar',
    (a) =>
      `the host path ${q(a.path)} of ${q(a.id)} contains '$', which local takes literally; write \${VAR} so the variable is substituted when the pipeline is compiled.`,
    'The generated script quotes every value, so `$HOME` in a path stays the five characters `$HOME`. Written with braces, the variable is a pipeline variable that flowctl substitutes from the environment of `flowctl translate`.',
  ),
  FC4412: code<{ id: string; path: string }>(
    'error',
    'local-health-path',
    (a) =>
      `the HTTP health path ${q(a.path)} of ${q(a.id)} contains spaces or control characters; percent-encode them.`,
    'The local script sends the path in an HTTP request line, where spaces and control characters would change the request.',
  ),
  FC4413: code<{ id: string; name: string }>(
    'error',
    'local-secret-source',
    (a) =>
      `secret ${q(a.name)} of ${q(a.id)} names no source; give it 'file' (or 'host_path') or 'from_env'.`,
    'At `up` the local script copies each secret from a file or from a variable of the deployer; a secret with neither has nothing to copy.',
  ),
  FC4414: code<{ id: string; name: string; env: string }>(
    'error',
    'local-secret-env',
    (a) =>
      `secret ${q(a.name)} of ${q(a.id)} reads the variable ${q(a.env)}, which is not a valid shell variable name; rename it.`,
    'The local script reads from_env variables of the deployer by name, and only names matching ^[A-Za-z_][A-Za-z0-9_]*$ can be read.',
  ),
  FC4415: code<{ id: string; command: string }>(
    'error',
    'local-command-equals',
    (a) =>
      `the command ${q(a.command)} of ${q(a.id)} contains '=', which env(1) would take for a variable assignment; rename the program or put it in a directory on PATH under another name.`,
    'The local script starts each process as `env -- NAME=value ... COMMAND ARGS`, so that environment values pass untouched by the shell; env reads any word with `=` before the command as an assignment.',
  ),
  FC4416: code<{ id: string; name: string; first: string; second: string }>(
    'warning',
    'local-env-twice',
    (a) =>
      `${q(a.name)} is given to ${q(a.id)} twice, by ${a.first} and by ${a.second}; local passes the value from ${a.second}, so rename one of them.`,
    'Volumes reach a local process as FLOWCTL_VOLUME_<NAME> and secrets as their env name (else FLOWCTL_SECRET_<NAME>), names upper-cased with other characters as _. Two sources of one name would hide one value.',
  ),
} satisfies CodeTable;
