import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { LABEL } from '../../emit/labels.js';
import { labelValue } from '../../emit/kubernetes/names.js';
import type { SecretRef } from '../../emit/kubernetes/storage.js';
import { kubernetesObjects } from '../../emit/targets/kubernetes.js';
import type { Loc, Pipeline } from '../../ir.js';
import { hostPathOf, type SecretSource } from '../docker/secrets.js';
import type { Redactor } from '../redact.js';
import { APPLYSET, applySetId, groupKind, parentName, TOOL } from './applyset.js';
import type { Obj } from './client.js';

/** One object apply wants to exist, with where it came from. */
export interface DesiredObject {
  readonly obj: Obj;
  readonly groupKind: string;
  /** `Kind/name`: unique within a pipeline (one namespace). */
  readonly key: string;
  readonly component?: string;
  readonly loc?: Loc;
}

/** A Secret the manifests reference whose value this deployer did not provide. */
export interface UnresolvedSecret {
  readonly ref: SecretRef;
  readonly required: boolean;
  /** Where the value was looked for, for FC5006. */
  readonly source: string;
}

/** Everything apply wants in the cluster for one pipeline (see desiredState). */
export interface Desired {
  readonly namespace: string;
  /** The Namespace to create when it is missing (the emitter's when the pipeline names one). */
  readonly namespaceObj: DesiredObject;
  /** The ApplySet id every member is labelled with. */
  readonly id: string;
  /** Secrets, then the emitter's objects, in apply order; each labelled part-of the ApplySet. */
  readonly members: readonly DesiredObject[];
  readonly unresolved: readonly UnresolvedSecret[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Largest file read as a secret (a Secret holds at most 1 MiB). */
const MAX_SECRET_BYTES = 1 << 20;

/** The plan key of an object: `Kind/name` (one namespace per pipeline). */
export const keyOf = (o: Obj): string => `${o.kind}/${o.metadata.name}`;

function withNamespace(o: Obj, namespace: string, id: string): Obj {
  const copy = structuredClone(o);
  copy.metadata.namespace = namespace;
  copy.metadata.labels = { ...copy.metadata.labels, [APPLYSET.partOf]: id };
  return copy;
}

/** The value of one referenced Secret from the deployer's environment or a host file. */
function secretValue(
  p: Pipeline,
  ref: SecretRef,
  src: SecretSource,
): { value: Buffer } | { missing: string } | { tooLarge: string } {
  if (ref.from.file !== undefined) {
    const path = hostPathOf(p, ref.from.file, src.cwd);
    const content = src.readFile(path);
    if (content === undefined) return { missing: `the host file '${path}'` };
    if (content.length > MAX_SECRET_BYTES) return { tooLarge: path };
    return { value: content };
  }
  const name = ref.from.env ?? '';
  const value = src.env[name];
  if (value === undefined) return { missing: `the environment variable '${name}'` };
  return { value: Buffer.from(value, 'utf8') };
}

function secretObject(p: Pipeline, ref: SecretRef, value: Buffer, namespace: string, id: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: ref.name,
      namespace,
      labels: {
        [LABEL.managedBy]: TOOL,
        [LABEL.pipeline]: labelValue(p.name),
        [APPLYSET.partOf]: id,
      },
    },
    type: 'Opaque',
    data: { [ref.key]: value.toString('base64') },
  };
}

/**
 * Everything apply wants in the cluster for one pipeline: exactly the objects
 * `translate -o k8s` emits (kubernetesObjects), placed in `namespace` and labelled as members of
 * the pipeline's ApplySet, plus a Secret for each referenced secret whose value the deployer
 * provides (environment variable or host file, read now). Every value read is registered with
 * the redactor before anything else sees it. Values the deployer does not provide are listed
 * in `unresolved`: the plan uses a Secret that already exists, else reports FC5006.
 */
export function desiredState(p: Pipeline, namespace: string, src: SecretSource, redactor: Redactor): Desired {
  const id = applySetId(parentName(p.name), namespace, 'Secret', '');
  const emitted = kubernetesObjects(p, {});
  const diagnostics: Diagnostic[] = [...emitted.diagnostics];
  const describe = (o: Obj): DesiredObject => {
    const component = o.metadata.labels?.[LABEL.component];
    const c = component !== undefined ? p.components.find((x) => labelValue(x.id) === component) : undefined;
    return {
      obj: o,
      groupKind: groupKind(o.apiVersion, o.kind),
      key: keyOf(o),
      ...(c ? { component: c.id, loc: c.loc } : {}),
    };
  };
  const ns = emitted.objects.find((o) => o.kind === 'Namespace') as Obj | undefined;
  const namespaceObj = describe(
    ns ?? {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { [LABEL.managedBy]: TOOL, [LABEL.pipeline]: labelValue(p.name) },
      },
    },
  );
  const secrets: DesiredObject[] = [];
  const unresolved: UnresolvedSecret[] = [];
  for (const ref of emitted.secrets) {
    const uses = p.components.flatMap((c) => c.secrets.filter((s) => s.name === ref.secret));
    const required = uses.some((s) => s.required);
    if (ref.from.file === undefined && ref.from.env === undefined) {
      const owner = p.components.find((c) => c.secrets.some((s) => s.name === ref.secret));
      const reason = 'it names no source; give it file or from_env, or create the Secret yourself';
      diagnostics.push(
        diag(
          'FC5016',
          { field: `secrets.${ref.secret}`, id: owner?.id ?? p.name, backend: 'kubernetes', reason },
          ref.loc,
        ),
      );
      unresolved.push({ ref, required: false, source: 'no source' });
      continue;
    }
    const got = secretValue(p, ref, src);
    if ('tooLarge' in got) {
      diagnostics.push(diag('FC5509', { secret: ref.secret, path: got.tooLarge }, ref.loc));
      continue;
    }
    if ('missing' in got) {
      unresolved.push({ ref, required, source: got.missing });
      continue;
    }
    redactor.add(got.value.toString('utf8'));
    redactor.add(got.value.toString('base64'));
    secrets.push(describe(secretObject(p, ref, got.value, namespace, id)));
  }
  const others = emitted.objects
    .filter((o) => o.kind !== 'Namespace')
    .map((o) => describe(withNamespace(o as Obj, namespace, id)));
  return { namespace, namespaceObj, id, members: [...secrets, ...others], unresolved, diagnostics };
}
