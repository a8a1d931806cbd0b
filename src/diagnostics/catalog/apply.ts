import { code, type CodeTable } from '../types.js';

/** FC5xxx: apply, diff and delete (backends docker, kubernetes, local). */
export const applyCodes = {
  FC5001: code<{ host: string; cause: string }>(
    'error',
    'daemon-unreachable',
    (a) =>
      `cannot reach the Docker daemon at '${a.host}' (${a.cause}); start it, or point DOCKER_HOST at a running daemon.`,
    'flowctl talks to the Docker Engine API at DOCKER_HOST (default unix:///var/run/docker.sock). The daemon refused the connection, the socket does not exist, or the connection was lost in the middle of the command. Nothing after that point was done; objects already created carry flowctl labels, and the next apply adopts or replaces them.',
  ),
  FC5002: code<{ pipeline: string; holder: string; file: string }>(
    'error',
    'apply-locked',
    (a) =>
      `another flowctl apply or delete of pipeline '${a.pipeline}' is running (${a.holder}); wait for it to finish, or remove '${a.file}' if that process is gone.`,
    'Two applies of one pipeline at once would race on the same objects, so each apply and delete holds a lock file per pipeline and target (Docker daemon, local state directory) in FLOWCTL_LOCK_DIR, else $XDG_STATE_HOME/flowctl/locks, else ~/.local/state/flowctl/locks. A lock left by a process that no longer runs on this host is taken over automatically.',
  ),
  FC5003: code<{ image: string; id: string; cause: string }>(
    'error',
    'pull-failed',
    (a) =>
      `cannot pull image '${a.image}' for '${a.id}': ${a.cause}; check the image name and that its registry is reachable.`,
    'Images that are not present on the daemon are pulled before anything is changed. A pull can fail at the start (unknown image, no access) or in the middle of a layer (the daemon then reports the error inside the progress stream); either way nothing has been changed yet.',
  ),
  FC5004: code<{ kind: string; name: string; owner: string }>(
    'error',
    'name-taken',
    (a) =>
      `${a.kind} name '${a.name}' is already used by ${a.owner}; remove or rename that ${a.kind}, or rename the pipeline.`,
    'flowctl names every object after the pipeline and component, and never touches an object without its labels. An object that has the name but not the labels (or belongs to another pipeline) blocks the apply before any change.',
  ),
  FC5005: code<{ port: number; id: string; by: string }>(
    'error',
    'host-port-in-use',
    (a) =>
      `host port ${a.port} of '${a.id}' is already in use${a.by}; stop what holds it or change its hostPort.`,
    'A published host port must be free before the container starts, otherwise Docker leaves the container in the Created state. flowctl checks the ports of every container it will start before the first change.',
  ),
  FC5006: code<{ name: string; id: string; source: string }>(
    'error',
    'secret-missing',
    (a) =>
      `secret '${a.name}' of '${a.id}' needs ${a.source}; provide it before applying, or mark the secret 'required: false'.`,
    "Secrets are read from the deployer's environment (from_env) or from a host file (host_path) at apply time. A required secret whose source is missing stops the apply before any change. Values are never printed.",
  ),
  FC5007: code<{ id: string; exitCode: number }>(
    'error',
    'container-exited',
    (a) => `'${a.id}' exited with code ${a.exitCode}; read its last log lines above and fix the component.`,
    'A container that stops while flowctl waits for it to become ready fails the apply. Its exit code and last log lines are shown; components that depend on it are not started.',
  ),
  FC5008: code<{ id: string; timeout: string; state: string }>(
    'error',
    'health-timeout',
    (a) =>
      `'${a.id}' did not become ready within ${a.timeout} (${a.state}); raise --timeout or check its health check.`,
    'flowctl waits for each component that others depend on (and, with --wait, for every component) to be healthy, or running when it has no health check, before going on. --timeout bounds the wait.',
  ),
  FC5009: code<{ id: string; output: string }>(
    'error',
    'unhealthy',
    (a) => `'${a.id}' is unhealthy: ${a.output}; fix the component or its health check.`,
    'Docker ran the health check the configured number of times and it failed each time. The output of the last check is shown.',
  ),
  FC5010: code<{ id: string; exitCode: number; restarts: number }>(
    'error',
    'restart-loop',
    (a) =>
      `'${a.id}' keeps restarting (exited with code ${a.exitCode}, ${a.restarts} restarts); read its last log lines above and fix the component.`,
    'A container whose restart policy restarts it after it exits is in a restart loop: it is running now and then, but it is not working. Its last log lines are shown.',
  ),
  FC5011: code<{ id: string; cause: string }>(
    'error',
    'start-failed',
    (a) =>
      `cannot start '${a.id}': ${a.cause}; the container was removed again, fix the cause and re-run apply.`,
    'Docker created the container but could not start it (a host port taken in the meantime, a missing bind-mount source, an unknown executable). The container, left in the Created state, is removed so the next apply starts clean.',
  ),
  FC5012: code<{ action: string; name: string; cause: string }>(
    'error',
    'daemon-refused',
    (a) =>
      `the Docker daemon refused to ${a.action} '${a.name}': ${a.cause}; fix the cause and re-run apply.`,
    'A request to the Docker daemon failed for a reason other than the ones flowctl recognises; the message is the daemon’s own.',
  ),
  FC5013: code<{ id: string; backend: string; fix: string }>(
    'error',
    'cannot-run',
    (a) => `the ${a.backend} backend cannot run '${a.id}'; ${a.fix}.`,
    'The chosen backend has no way to run this component as written (for example a component with only a command on the docker backend).',
  ),
  FC5014: code<{ backend: string }>(
    'error',
    'backend-unavailable',
    (a) => `the '${a.backend}' backend is not available in this build; use -t docker or -t local.`,
    'Each backend of apply, diff and delete is one module; this build does not include the one requested.',
  ),
  FC5015: code<{ id: string; port: number; replicas: number }>(
    'error',
    'replicated-host-port',
    (a) =>
      `'${a.id}' publishes host port ${a.port} but has ${a.replicas} replicas, and only one container can hold it; drop hostPort or use one replica.`,
    'On one Docker host a host port can be published by one container only.',
  ),
  FC5016: code<{ field: string; id: string; backend: string; reason: string }>(
    'warning',
    'not-applied',
    (a) => `'${a.field}' of '${a.id}' is not applied by the ${a.backend} backend: ${a.reason}.`,
    'Every fact of the pipeline is either applied or reported. This warning names one the backend cannot express, and what happens instead.',
  ),
  FC5017: code<{ command: string; exitCode: number; detail: string }>(
    'error',
    'local-script-failed',
    (a) =>
      `the local script's '${a.command}' failed with exit code ${a.exitCode}${a.detail}; read its output above and fix the cause.`,
    'The local backend writes the script `flowctl translate -o local` produces into .flowctl/<pipeline>/ and runs its up, down or status command. A non-zero exit fails the command.',
  ),
} satisfies CodeTable;
