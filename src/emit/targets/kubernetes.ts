import { kubernetesObjects, objectFile } from '../kubernetes/objects.js';
import { sortedFiles, type Target } from '../types.js';
import { toYaml } from '../yaml.js';

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
    return {
      files: sortedFiles(objects.map((o) => [objectFile(o), toYaml(o)] as const)),
      diagnostics,
    };
  },
  toStdout(files) {
    return [...files.values()].map((text) => `---\n${text}`).join('');
  },
};
