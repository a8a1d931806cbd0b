import { LABEL } from '../../emit/labels.js';
import { dnsLabel } from '../../emit/names.js';

/**
 * Labels only `flowctl apply -t docker` writes. Ownership is `flowctl.io/pipeline=<name>` AND
 * `flowctl.io/backend=docker`: containers docker-compose creates from `translate -o compose`
 * carry the pipeline label too, and apply must never adopt, prune or delete those.
 */
export const APPLY_LABEL = {
  backend: 'flowctl.io/backend',
  replica: 'flowctl.io/replica',
  specHash: 'flowctl.io/spec-hash',
  volume: 'flowctl.io/volume',
} as const;

export const BACKEND_VALUE = 'docker';

/** Labels every object apply creates for pipeline `name` carries. */
export function ownerLabels(pipeline: string): Record<string, string> {
  return { [LABEL.pipeline]: pipeline, [LABEL.managedBy]: 'flowctl', [APPLY_LABEL.backend]: BACKEND_VALUE };
}

/** Docker API label filter selecting exactly the objects apply owns for a pipeline. */
export function ownerFilter(pipeline: string): { label: string[] } {
  return { label: [`${LABEL.pipeline}=${pipeline}`, `${APPLY_LABEL.backend}=${BACKEND_VALUE}`] };
}

/** Whether a label set marks an object as owned by apply for this pipeline. */
export function isOwned(
  labels: Readonly<Record<string, string>> | null | undefined,
  pipeline: string,
): boolean {
  return labels?.[LABEL.pipeline] === pipeline && labels?.[APPLY_LABEL.backend] === BACKEND_VALUE;
}

/**
 * Object names, derived from the pipeline name (never a directory name) and component ids, each
 * part a DNS label so it is a valid container name and network alias. Replicas count from 1.
 */
export const names = {
  network: (pipeline: string) => `${dnsLabel(pipeline)}-net`,
  container: (pipeline: string, id: string, replica: number) =>
    `${dnsLabel(pipeline)}-${dnsLabel(id)}-${replica}`,
  /** The name every replica of a component answers to on the pipeline network. */
  alias: (id: string) => dnsLabel(id),
  volume: (pipeline: string, volume: string) => `${dnsLabel(pipeline)}-${dnsLabel(volume)}`,
};
