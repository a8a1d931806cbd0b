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
  FC5040: code<{ env: string; target: string }>(
    'error',
    'environment-target-unavailable',
    (a) =>
      `environment '${a.env}' deploys with target '${a.target}', which apply cannot do; translate with -o ${a.target} and deploy with its own tool, or pass -t docker, kubernetes or local.`,
    "An environment's `target:` is the default backend of apply. apply has docker, kubernetes and local backends; a nomad target is translated (`flowctl translate -o nomad`) and run with `nomad job run`.",
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
  // --- FC55xx-FC59xx: the kubernetes backend (src/apply/kubernetes*) ---
  FC5501: code<{ source: string; cause: string }>(
    'error',
    'kubeconfig-unusable',
    (a) =>
      `cannot use the kubeconfig '${a.source}': ${a.cause}; set KUBECONFIG to a valid kubeconfig file, or create ~/.kube/config.`,
    'The kubernetes backend reads the files listed in KUBECONFIG (separated like PATH; the first file that sets current-context wins), else ~/.kube/config, else the in-cluster service account. Unlike the client library, it never falls back to http://localhost:8080.',
  ),
  FC5502: code<{ context: string; known: string }>(
    'error',
    'unknown-context',
    (a) =>
      `the kubeconfig has no context '${a.context}' (it has ${a.known}); pass --context with one of them, or set current-context.`,
    '--context selects a context of the kubeconfig; without it the current-context is used. A context names the cluster (API server), the user and optionally the namespace that apply uses when the pipeline names none.',
  ),
  FC5503: code<{ server: string; cause: string }>(
    'error',
    'api-unreachable',
    (a) =>
      `cannot reach the Kubernetes API server at '${a.server}' (${a.cause}); check that the cluster is running and that the kubeconfig context points at it.`,
    'The API server refused the connection, did not answer within 30 seconds, or failed the TLS handshake. Nothing after that point was done: objects applied before it carry the ApplySet label, and the next apply converges.',
  ),
  FC5504: code<{ action: string; kind: string; name: string; cause: string }>(
    'error',
    'api-refused',
    (a) =>
      `the Kubernetes API server refused to ${a.action} ${a.kind} '${a.name}': ${a.cause}; fix the cause and re-run.`,
    'A request failed for a reason other than the ones flowctl recognises (forbidden by RBAC, rejected by validation or an admission webhook, a server error); the message is the server’s own.',
  ),
  FC5505: code<{ kind: string; name: string; fields: string }>(
    'error',
    'field-conflict',
    (a) =>
      `${a.kind} '${a.name}' has fields another field manager changed (${a.fields}); re-run with --force-conflicts to take them over, or set them back to the pipeline's values with that tool.`,
    'flowctl applies with server-side apply as field manager "flowctl" and never forces by default. When another client (kubectl edit, kubectl scale, a controller, another tool) set a field that flowctl also sets, to a different value, the API server reports a conflict naming the field and that manager. The dry run of the plan finds conflicts before any change.',
  ),
  FC5506: code<{ kind: string; name: string; namespace: string; owner: string; fix: string }>(
    'error',
    'not-owned',
    (a) => `${a.kind} '${a.name}' in namespace '${a.namespace}' already exists and ${a.owner}; ${a.fix}.`,
    "flowctl changes only objects of its pipeline's ApplySet (label applyset.kubernetes.io/part-of) and objects labelled flowctl.io/pipeline with the pipeline's name (those it adopts). An object with the same kind and name that belongs to something else stops the apply before any change.",
  ),
  FC5507: code<{ apiVersion: string; kind: string }>(
    'error',
    'kind-not-served',
    (a) =>
      `the cluster does not serve ${a.kind} in '${a.apiVersion}'; upgrade the cluster, or remove what needs it from the pipeline.`,
    'Discovery on the API server found no such resource. HorizontalPodAutoscaler needs autoscaling/v2 (Kubernetes 1.23 or later).',
  ),
  FC5508: code<{ name: string; timeout: string; state: string }>(
    'error',
    'rollout-timeout',
    (a) =>
      `Deployment '${a.name}' did not finish rolling out within ${a.timeout} (${a.state}); raise --timeout, or look at its pods with kubectl describe.`,
    'With --wait, apply waits until every Deployment of the pipeline has observed its latest spec and all its replicas are updated and available (what kubectl rollout status waits for).',
  ),
  FC5509: code<{ secret: string; path: string }>(
    'error',
    'secret-too-large',
    (a) =>
      `secret '${a.secret}' is read from '${a.path}', which is larger than the 1 MiB a Kubernetes Secret can hold; mount the file some other way.`,
    'Kubernetes stores a Secret in etcd and limits it to 1 MiB.',
  ),
  FC5510: code<{ name: string; reason: string }>(
    'error',
    'rollout-failed',
    (a) =>
      `Deployment '${a.name}' failed to roll out: ${a.reason}; look at its pods with kubectl describe and fix the component.`,
    'The Deployment controller reported that the rollout cannot progress (its Progressing condition is False, for example ProgressDeadlineExceeded). Waiting longer will not help.',
  ),
  FC5511: code<{ name: string; namespace: string; tooling: string }>(
    'error',
    'applyset-foreign',
    (a) =>
      `the ApplySet parent Secret '${a.name}' in namespace '${a.namespace}' is managed by '${a.tooling}', not flowctl; rename the pipeline or delete that ApplySet with its tool.`,
    'An ApplySet belongs to the tool named in its applyset.kubernetes.io/tooling annotation, and tools must not change or prune each other’s sets (KEP-3659).',
  ),
} satisfies CodeTable;
