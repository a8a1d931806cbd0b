import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { at, type Component, type Loc, type Pipeline, type Role } from '../ir.js';
import { readComponent } from './component.js';
import type { Raw } from './fields.js';

// params keys that describe the runtime; every other param becomes component config.
const RUNTIME_PARAMS = new Set(['image', 'command', 'args', 'env', 'ports', 'health_check', 'health_port']);

/**
 * The Go flowctl's legacy format → IR: source, then processors in order, then sink, each
 * taking the previous one as its input. Emits the FC1011 deprecation warning.
 */
export function normalizeLegacy(doc: Raw, file: string, out: Diagnostic[]): Pipeline {
  out.push(diag('FC1011', undefined, { file, path: ['version'], key: true }));
  const steps: { raw: Raw; role: Role; loc: Loc }[] = [];
  if (doc.source) steps.push({ raw: doc.source as Raw, role: 'source', loc: { file, path: ['source'] } });
  (Array.isArray(doc.processors) ? doc.processors : []).forEach((p, i) => {
    steps.push({ raw: p as Raw, role: 'processor', loc: { file, path: ['processors', i] } });
  });
  if (doc.sink) steps.push({ raw: doc.sink as Raw, role: 'sink', loc: { file, path: ['sink'] } });
  const components: Component[] = [];
  let previous: Component | undefined;
  for (const step of steps) {
    const params = (step.raw.params ?? {}) as Raw;
    const id = String(step.raw.name ?? step.raw.plugin ?? step.raw.type ?? step.role);
    const config = Object.fromEntries(Object.entries(params).filter(([k]) => !RUNTIME_PARAMS.has(k)));
    const asV1: Raw = {
      id,
      ...Object.fromEntries(Object.entries(params).filter(([k]) => RUNTIME_PARAMS.has(k))),
      ...(step.raw.type || step.raw.plugin ? { type: step.raw.type ?? step.raw.plugin } : {}),
      ...(Object.keys(config).length > 0 ? { config } : {}),
    };
    const c = readComponent(asV1, step.role, step.loc, out);
    const fixed: Component = {
      ...relocate(c, step.loc),
      inputs: previous ? [{ value: previous.id, loc: step.loc }] : [],
    };
    components.push(fixed);
    previous = fixed;
  }
  const name = typeof doc.name === 'string' ? doc.name : 'legacy-pipeline';
  return {
    format: 'legacy',
    file,
    name,
    nameLoc: { file, path: typeof doc.name === 'string' ? ['name'] : ['version'] },
    labels: {},
    annotations: {},
    config: [],
    components,
  };
}

/** readComponent located params keys at <step>.<key>; in the legacy file they live under params. */
function relocate(c: Component, loc: Loc): Component {
  const p = (l: Loc): Loc => {
    const rest = l.path.slice(loc.path.length);
    if (rest.length === 0 || rest[0] === 'type') return l;
    return { file: l.file, path: [...loc.path, 'params', ...rest] };
  };
  return {
    ...c,
    ...(c.image ? { image: { ...c.image, loc: p(c.image.loc) } } : {}),
    ...(c.command ? { command: { ...c.command, loc: p(c.command.loc) } } : {}),
    env: c.env.map((e) => ({ ...e, loc: p(e.loc) })),
    config: c.config.map((e) => ({ ...e, loc: at(loc, 'params', e.key) })),
    ports: c.ports.map((x) => ({ ...x, loc: p(x.loc) })),
    ...(c.health
      ? {
          health: {
            ...c.health,
            check: { ...c.health.check, loc: p(c.health.check.loc) },
            ...(c.health.port ? { port: { ...c.health.port, loc: p(c.health.port.loc) } } : {}),
          },
        }
      : {}),
  };
}
