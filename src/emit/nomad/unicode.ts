import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Loc, Pipeline } from '../../ir.js';

/** Every user-written string of a component that reaches the job file, by field. */
function componentStrings(c: Component): [string, string, Loc][] {
  const out: [string, string, Loc][] = [];
  const add = (field: string, v: string | undefined, loc: Loc = c.loc) => {
    if (v !== undefined) out.push([field, v, loc]);
  };
  add('image', c.image?.value, c.image?.loc);
  for (const [i, v] of (c.command?.value ?? []).entries()) add(`command[${i}]`, v, c.command!.loc);
  for (const [i, v] of c.args.entries()) add(`args[${i}]`, v);
  for (const e of c.env) add(`env.${e.name}`, `${e.name}=${e.value}`, e.loc);
  for (const x of c.config) add(`config.${x.key}`, `${x.key}=${JSON.stringify(x.value)}`, x.loc);
  for (const [k, v] of Object.entries(c.labels)) add(`labels.${k}`, `${k}=${v}`);
  for (const [i, v] of c.volumes.entries())
    add(`volumes[${i}]`, `${v.name} ${v.mountPath} ${v.hostPath ?? ''}`, v.loc);
  for (const [i, s] of c.secrets.entries())
    add(`secrets[${i}]`, `${s.name} ${s.mountPath ?? ''} ${s.envName ?? ''}`, s.loc);
  if (c.health?.check.kind === 'http') add('health.path', c.health.check.path, c.health.check.loc);
  return out;
}

/**
 * HashiCorp's HCL parser normalises every string literal to Unicode NFC (escaped or not), so a
 * string that is not in NFC cannot reach Nomad byte for byte. Reported per field (FC4306).
 */
export function reportNonNfc(p: Pipeline, diags: Diagnostic[]): void {
  const pipelineStrings: [string, string, Loc][] = [
    ['metadata.name', p.name, p.nameLoc],
    ['description', p.description ?? '', p.nameLoc],
    ...Object.entries(p.labels).map(([k, v]): [string, string, Loc] => [
      `metadata.labels.${k}`,
      `${k}=${v}`,
      p.nameLoc,
    ]),
    ...Object.entries(p.annotations).map(([k, v]): [string, string, Loc] => [
      `metadata.annotations.${k}`,
      `${k}=${v}`,
      p.nameLoc,
    ]),
    ...p.config.map((x): [string, string, Loc] => [
      `config.${x.key}`,
      `${x.key}=${JSON.stringify(x.value)}`,
      x.loc,
    ]),
  ];
  for (const [field, v, loc] of pipelineStrings)
    if (v.normalize('NFC') !== v) diags.push(diag('FC4306', { field, id: p.name }, loc));
  for (const c of p.components)
    for (const [field, v, loc] of componentStrings(c))
      if (v.normalize('NFC') !== v) diags.push(diag('FC4306', { field, id: c.id }, loc));
}
