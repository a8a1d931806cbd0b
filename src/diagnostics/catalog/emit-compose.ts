import { code, type CodeTable } from '../types.js';

const q = (s: string) => `'${s}'`;

/** FC41xx: compose. Facts compose cannot carry at all are FC4001 (shared); these are compose-only. */
export const emitComposeCodes = {
  FC4101: code<{ id: string; tool: string; image: string }>(
    'info',
    'healthcheck-needs-tool',
    (a) =>
      `the healthcheck of ${q(a.id)} runs ${q(a.tool)} inside ${q(a.image)}; make sure the image has it, or write 'health: {command: [...]}' with a tool it has.`,
    'Compose runs a healthcheck inside the container, so an HTTP check becomes `wget -q -O /dev/null http://localhost:PORT/PATH` and a TCP check `nc -z localhost PORT`. Busybox- and Alpine-based images have both; distroless and scratch images have neither, and Debian busybox `nc` lacks `-z`. Without the tool the service never becomes healthy and every component that depends on it waits forever. This is information, not a warning: flowctl cannot see inside the image, the check itself is carried exactly, and most images pass. Fix it, if needed, with an explicit `health.command` that uses a tool the image has.',
  ),
  FC4102: code<{ id: string; path: string; names: string }>(
    'info',
    'deployer-variable',
    (a) =>
      `the host path ${q(a.path)} of ${q(a.id)} uses ${a.names}, which docker-compose fills in from the environment of whoever runs it; set it there, or write an absolute path.`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose syntax, quoted for the reader.
    'Host paths are paths on the deploying machine. The Go flowctl examples write `$HOME/...` and `$PWD/...` there, so in host paths (bind-mount sources and secret files) `$NAME` and `${NAME}` become Compose interpolation `${NAME}`, resolved by docker-compose when it runs. Every other `$` in the output is escaped as `$$` and reaches the container literally. An unset variable becomes an empty string (docker-compose warns).',
  ),
  FC4103: code<{ field: string; id: string; reason: string }>(
    'info',
    'not-enforced',
    (a) => `${q(a.field)} of ${q(a.id)} is written to compose.yaml, but ${a.reason}.`,
    'The fact is carried into compose.yaml as the Compose specification says, but docker-compose (1.29, and Compose outside swarm) does not act on it. The message says what happens instead and what to do if it matters.',
  ),
  FC4104: code<{ id: string; path: string }>(
    'info',
    'relative-host-path',
    (a) =>
      `the host path ${q(a.path)} of ${q(a.id)} is relative: docker-compose resolves it against the directory of compose.yaml, not of the pipeline file; keep them together or write an absolute path.`,
    'Relative bind-mount sources and secret files are carried as written. docker-compose resolves them against the project directory (the directory of compose.yaml), so they point elsewhere when compose.yaml is written with --out-dir to another directory than the pipeline file.',
  ),
  FC4105: code<{ prefix: string }>(
    'error',
    'invalid-prefix',
    (a) =>
      `the prefix ${q(a.prefix)} cannot start a Compose service name; use only letters, digits, '.', '_' and '-'.`,
    'With --prefix P every service is named P-ID (as the Go flowctl named its containers), and Compose service names allow only letters, digits, `.`, `_` and `-`.',
  ),
} satisfies CodeTable;
