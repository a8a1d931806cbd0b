import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';

type K8s = typeof import('@kubernetes/client-node');

/** The cluster one command talks to. */
export interface ClusterTarget {
  readonly kc: KubeConfig;
  readonly context: string;
  readonly server: string;
  /** The context's namespace, when it names one. */
  readonly namespace?: string;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Files to read, in kubectl's order: KUBECONFIG (first file's current-context wins), else ~/.kube/config. */
function kubeconfigFiles(env: Readonly<Record<string, string | undefined>>): string[] | undefined {
  const list = env.KUBECONFIG?.split(delimiter).filter((f) => f !== '');
  if (list && list.length > 0) return list;
  const home = join(env.HOME || homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : undefined;
}

/** kubectl's merge: the first file that names a cluster, user or context wins (client-node's mergeConfig throws). */
function merge(kc: KubeConfig, more: KubeConfig): void {
  for (const c of more.clusters) if (!kc.clusters.some((x) => x.name === c.name)) kc.addCluster(c);
  for (const u of more.users) if (!kc.users.some((x) => x.name === u.name)) kc.addUser(u);
  for (const c of more.contexts) if (!kc.contexts.some((x) => x.name === c.name)) kc.addContext(c);
  if (!kc.currentContext) kc.setCurrentContext(more.currentContext);
}

function load(k8s: K8s, env: Readonly<Record<string, string | undefined>>): KubeConfig | Diagnostic {
  const kc = new k8s.KubeConfig();
  const files = kubeconfigFiles(env);
  if (!files) {
    if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT)) {
      kc.loadFromCluster();
      return kc;
    }
    return diag('FC5501', { source: '~/.kube/config', cause: 'it does not exist and KUBECONFIG is not set' });
  }
  for (const [i, file] of files.entries()) {
    if (!existsSync(file)) return diag('FC5501', { source: file, cause: 'the file does not exist' });
    try {
      if (i === 0) kc.loadFromFile(file);
      else {
        const more = new k8s.KubeConfig();
        more.loadFromFile(file);
        merge(kc, more);
      }
    } catch (e) {
      return diag('FC5501', { source: file, cause: (e as Error).message.split('\n')[0] });
    }
  }
  return kc;
}

/**
 * The kubeconfig of the deployer, from the given environment (never process.env): the files in
 * KUBECONFIG, else ~/.kube/config, else the in-cluster service account. `context` (--context)
 * overrides the current context. Problems are FC5501 (no or unreadable kubeconfig) and FC5502
 * (unknown or missing context); never the library's silent fallback to localhost:8080.
 */
export function loadCluster(
  k8s: K8s,
  env: Readonly<Record<string, string | undefined>>,
  context: string | undefined,
): ClusterTarget | Diagnostic {
  const kc = load(k8s, env);
  if (!('getContexts' in kc)) return kc;
  const names = kc.getContexts().map((c) => c.name);
  const known = names.length > 0 ? names.map((n) => `'${n}'`).join(', ') : 'none';
  if (context !== undefined) {
    if (!names.includes(context)) return diag('FC5502', { context, known });
    kc.setCurrentContext(context);
  }
  const current = kc.getCurrentContext();
  const ctx = kc.getContextObject(current);
  if (!current || !ctx) return diag('FC5502', { context: current || '(none)', known });
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    return diag('FC5501', { source: `context '${current}'`, cause: 'its cluster has no server address' });
  return {
    kc,
    context: current,
    server: cluster.server,
    ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
  };
}
