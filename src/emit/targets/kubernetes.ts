import { kubernetesObjects, objectFile } from '../kubernetes/objects.js';
import { fastYaml } from '../kubernetes/serialize.js';
import { sortedFiles, type Target } from '../types.js';

export { kubernetesObjects } from '../kubernetes/objects.js';

/**
 * Kubernetes manifests: one file per object, `<rank>-<kind>-<name>.yaml` (see KIND_ORDER in
 * kubernetes/objects.ts), so sorted paths are apply order. On standard output, the same
 * objects as one multi-document YAML stream in that order.
 */
export const kubernetesTarget: Target = {
  name: 'kubernetes',
  emit(p, opts) {
    const { objects, diagnostics } = kubernetesObjects(p, opts);
    const cache = new Map();
    return {
      // fastYaml is byte-identical to toYaml (sorted keys, YAML 1.1-safe quoting), only faster.
      files: sortedFiles(objects.map((o) => [objectFile(o), fastYaml(o, cache)] as const)),
      diagnostics,
    };
  },
  toStdout(files) {
    return [...files.values()].map((text) => `---\n${text}`).join('');
  },
};
