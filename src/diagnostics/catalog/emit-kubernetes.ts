import { code, type CodeTable } from '../types.js';

const q = (s: string) => `'${s}'`;

/** FC42xx: kubernetes. Shared "not carried" / "cannot express" codes are FC4001/FC4002. */
export const emitKubernetesCodes = {
  FC4201: code<{ kind: string; name: string; what: string; other: string }>(
    'error',
    'kubernetes-name-collision',
    (a) => `${a.what} and ${a.other} would both become the ${a.kind} named ${q(a.name)}; rename one of them.`,
    'Kubernetes names are DNS-1123 labels: lower-case, at most 63 characters, with a stable hash suffix when shortened. Two different things that map to the same name of the same kind (or the same volume name inside one pod) would overwrite each other, so both locations are reported.',
  ),
  FC4202: code<{ volume: string; id: string; path: string }>(
    'warning',
    'kubernetes-host-path',
    (a) =>
      `volume ${q(a.volume)} of ${q(a.id)} mounts ${q(a.path)} from whichever node runs the pod (hostPath), so its contents differ per node; use a named volume (a PersistentVolumeClaim) for data that must follow the pod.`,
    'A host_path volume becomes a Kubernetes hostPath volume: it is not portable between nodes, many clusters forbid it by policy, and it gives the pod access to the node. Named volumes become PersistentVolumeClaims instead.',
  ),
  FC4203: code<{ volume: string; id: string; path: string }>(
    'warning',
    'kubernetes-relative-host-path',
    (a) =>
      `volume ${q(a.volume)} of ${q(a.id)} has the relative host path ${q(a.path)}, which Kubernetes reads on the node, not next to the pipeline file; write an absolute path or use a named volume.`,
    'Compose and local scripts resolve a relative host_path against the pipeline file. A Kubernetes node has no such directory: the path is written as-is into the hostPath volume, and the pod will see whatever (usually nothing) the node has there. Shell variables such as $HOME are not expanded either.',
  ),
  FC4204: code<{ volume: string; id: string; path: string }>(
    'error',
    'kubernetes-host-path-backsteps',
    (a) =>
      `volume ${q(a.volume)} of ${q(a.id)} has the host path ${q(a.path)} with a '..' element, which the Kubernetes API server rejects; write the path without '..'.`,
    'The API server refuses hostPath volumes whose path contains a ".." element, so the manifest could never be applied.',
  ),
  FC4205: code<{ volume: string; users: string }>(
    'warning',
    'kubernetes-shared-claim',
    (a) =>
      `the PersistentVolumeClaim for volume ${q(a.volume)} is mounted by more than one pod (${a.users}), but it is ReadWriteOnce; pods on different nodes cannot share it, so give each component its own volume or run one replica.`,
    'Named volumes become PersistentVolumeClaims of 1Gi with access mode ReadWriteOnce, which only one node can mount at a time. Several replicas, an autoscaler, or several components naming the same volume can leave pods stuck in ContainerCreating.',
  ),
  FC4206: code<{ id: string }>(
    'warning',
    'kubernetes-autoscaling-without-cpu-request',
    (a) =>
      `${q(a.id)} autoscales on CPU utilisation but sets no 'resources.requests.cpu', so the HorizontalPodAutoscaler cannot compute utilisation; add a CPU request.`,
    'The HorizontalPodAutoscaler measures utilisation as a percentage of the CPU request. Without a request it reports "missing request for cpu" and never scales.',
  ),
  FC4207: code<{ id: string; replicas: number; min: number; max: number }>(
    'info',
    'kubernetes-replicas-left-to-autoscaler',
    (a) =>
      `'replicas: ${a.replicas}' of ${q(a.id)} is left to the HorizontalPodAutoscaler (${a.min} to ${a.max} replicas), so the Deployment does not set it.`,
    'When autoscaling is declared, the Deployment omits spec.replicas so that re-applying the manifests does not fight the autoscaler; the autoscaler keeps the count between min_replicas and max_replicas.',
  ),
  FC4208: code<{ kind: string; key: string; owner: string; reason: string }>(
    'warning',
    'kubernetes-invalid-label',
    (a) =>
      `the ${a.kind} ${q(a.key)} of ${a.owner} is not carried into kubernetes: ${a.reason}; fix the ${a.kind}.`,
    'Kubernetes label keys are an optional DNS subdomain prefix and "/" followed by a name of at most 63 characters of letters, digits, "-", "_" and "."; values are at most 63 such characters, beginning and ending with a letter or digit. Annotation keys follow the same key rules. Labels that break these rules would make the whole object invalid, so they are left out and reported.',
  ),
  FC4209: code<{ kind: string; key: string; owner: string }>(
    'warning',
    'kubernetes-reserved-label',
    (a) =>
      `the ${a.kind} ${q(a.key)} of ${a.owner} is set by flowctl itself, so your value is not used; choose another key.`,
    'flowctl writes the app.kubernetes.io/* recommended labels and the flowctl.io/* ownership labels on every object; selectors and apply depend on them, so user labels cannot override them.',
  ),
  FC4210: code<{ port: number; id: string; name: string; used: string }>(
    'info',
    'kubernetes-port-name',
    (a) =>
      `port ${a.port} of ${q(a.id)} is named ${q(a.name)}, which is not a valid Kubernetes port name; it is written as ${q(a.used)}.`,
    'Kubernetes port names are at most 15 lower-case letters, digits and "-", with at least one letter and no "--". A name that breaks these rules (or repeats another) is replaced by <protocol>-<port>.',
  ),
  FC4211: code<{ id: string; field: string; value: number; used: number }>(
    'warning',
    'kubernetes-probe-rounded',
    (a) =>
      `the health check ${a.field} of ${q(a.id)} is ${a.value}s, but Kubernetes probes count whole seconds; it is written as ${a.used}s.`,
    'Probe periodSeconds and timeoutSeconds are integers of at least 1. Fractions are rounded up.',
  ),
  FC4212: code<{ secret: string; id: string; mode: string }>(
    'warning',
    'kubernetes-secret-mode',
    (a) =>
      `the mode ${q(a.mode)} of secret ${q(a.secret)} of ${q(a.id)} is not an octal file mode between 0000 and 0777, so the Secret volume keeps its default 0644; write it quoted, e.g. "0400".`,
    'A secret mode becomes the defaultMode of its Secret volume and must be an octal number no larger than 0777.',
  ),
  FC4213: code<{ name: string; id: string; secret: string }>(
    'warning',
    'kubernetes-env-overridden-by-secret',
    (a) =>
      `the environment variable ${q(a.name)} of ${q(a.id)} is also set by secret ${q(a.secret)}; the secret wins, so rename one of them.`,
    'A Kubernetes container may list each environment variable once. A secret that names an env var already set by env, config or the wiring contract replaces that value.',
  ),
  FC4214: code<{ name: string; id: string; bytes: number }>(
    'error',
    'kubernetes-configmap-too-large',
    (a) =>
      `the ConfigMap ${q(a.name)} of ${q(a.id)} would hold ${a.bytes} bytes, more than the 1 MiB Kubernetes allows; move large values into a volume.`,
    'A component config becomes a ConfigMap, and Kubernetes refuses ConfigMaps over 1 MiB (1048576 bytes).',
  ),
  FC4215: code<{ namespace: string }>(
    'error',
    'kubernetes-invalid-namespace',
    (a) =>
      `the namespace ${q(a.namespace)} is not a DNS-1123 label; use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.`,
    'Namespaces are DNS-1123 labels. flowctl does not rewrite a namespace you chose, because other tools would look for it under the name you wrote.',
  ),
} satisfies CodeTable;
