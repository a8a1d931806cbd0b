import { topoOrder } from '../../check/graph.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { hasErrors } from '../../diagnostics/types.js';
import type { Pipeline } from '../../ir.js';
import { notCarried, portDiagnostics } from '../local/checks.js';
import { LOCAL_SCRIPT, LOCAL_SCRIPT_MODE, stateDir } from '../local/layout.js';
import { renderScript, type ScriptView } from '../local/render.js';
import { type ComponentView, componentView } from '../local/view.js';
import { sh, shComment } from '../shell.js';
import { type Files, sortedFiles, type Target } from '../types.js';
import { indexById } from '../wiring.js';
import { canonicalJson } from '../yaml.js';

/**
 * The local target: one bash script, `flowctl-local.sh`, with `up`, `down`, `status` and `logs`
 * (see docs/local.md). Components start in topological order (ties in written order), each as
 * a process under a supervisor in its own process group, on the loopback ports it declares.
 * No files are produced when an error is reported (e.g. a component with no command).
 */
export const localTarget: Target = {
  name: 'local',
  emit(p) {
    const out: Diagnostic[] = [];
    const byId = indexById(p);
    const views: ComponentView[] = [];
    for (const c of topoOrder(p)) {
      const v = componentView(p, c, views.length, byId, out);
      if (v) views.push(v);
    }
    out.push(...portDiagnostics(p), ...notCarried(p));
    if (hasErrors(out)) return { files: new Map(), diagnostics: out };
    return { files: sortedFiles([[LOCAL_SCRIPT, renderScript(scriptView(p, views))]]), diagnostics: out };
  },
  toStdout: (files: Files) => files.get(LOCAL_SCRIPT) ?? '',
  modes: (files: Files) => new Map([...files.keys()].map((path) => [path, LOCAL_SCRIPT_MODE])),
};

function scriptView(p: Pipeline, views: readonly ComponentView[]): ScriptView {
  const header: string[] = [];
  if (p.namespace !== undefined) header.push(`namespace: ${shComment(p.namespace)}`);
  if (p.description !== undefined) header.push(`description: ${shComment(p.description)}`);
  if (Object.keys(p.labels).length > 0) header.push(`labels: ${canonicalJson(p.labels)}`);
  if (Object.keys(p.annotations).length > 0) header.push(`annotations: ${canonicalJson(p.annotations)}`);
  const list = (f: (v: ComponentView) => string | number) => views.map((v) => String(f(v))).join(' ');
  return {
    pipeline: sh(p.name),
    pipelineJson: sh(JSON.stringify(p.name)),
    pipelineComment: shComment(p.name),
    stateDir: sh(stateDir(p)),
    stateDirComment: shComment(stateDir(p)),
    header: header.map((h) => h.replace(/[\r\n\u2028\u2029]/g, ' ')),
    count: views.length,
    ids: list((v) => v.id),
    jsonIds: list((v) => v.jsonId),
    keys: list((v) => v.key),
    commands: list((v) => v.command),
    restarts: list((v) => v.restart),
    waits: list((v) => v.wait),
    hashes: list((v) => v.hash),
    components: views,
  };
}
