import { topoOrder } from '../check/graph.js';
import type { Component, Pipeline } from '../ir.js';

export interface Edge {
  readonly from: string;
  readonly to: string;
  /** Event types carried: produced upstream ∩ consumed downstream, or whichever side declares them. */
  readonly types: readonly string[];
  readonly kind: 'input' | 'depends_on';
}

/** The DAG's edges in a stable order (topological by target, then input order). */
export function edgesOf(p: Pipeline): Edge[] {
  const byId = new Map(p.components.map((c) => [c.id, c] as const));
  const edges: Edge[] = [];
  for (const c of topoOrder(p)) {
    for (const i of c.inputs) {
      const up = byId.get(i.value);
      if (up) edges.push({ from: up.id, to: c.id, types: carried(up, c), kind: 'input' });
    }
    for (const d of c.dependsOn)
      if (byId.has(d.value)) edges.push({ from: d.value, to: c.id, types: [], kind: 'depends_on' });
  }
  return edges;
}

function carried(up: Component, down: Component): string[] {
  if (up.produces.length > 0 && down.consumes.length > 0)
    return up.produces.filter((t) => down.consumes.includes(t));
  return [...(up.produces.length > 0 ? up.produces : down.consumes)];
}

/** Mermaid flowchart; node ids are n0, n1… so any component id is safe; labels are entity-escaped. */
export function toMermaid(p: Pipeline): string {
  const order = topoOrder(p);
  const ids = new Map(order.map((c, i) => [c.id, `n${i}`] as const));
  const lines = ['flowchart LR'];
  for (const c of order) {
    const label = `${mermaidText(c.id)}<br/><small>${c.role}${c.image ? ` · ${mermaidText(c.image.value)}` : ''}</small>`;
    const [open, close] = c.role === 'source' ? ['([', '])'] : c.role === 'sink' ? ['[(', ')]'] : ['[', ']'];
    lines.push(`  ${ids.get(c.id)}${open}"${label}"${close}`);
  }
  for (const e of edgesOf(p)) {
    const arrow = e.kind === 'depends_on' ? '-.->' : '-->';
    const label = e.types.length > 0 ? `|"${mermaidText(e.types.join(', '))}"|` : '';
    lines.push(`  ${ids.get(e.from)} ${arrow}${label} ${ids.get(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT; every id and label is a quoted string with `\` and `"` escaped. */
export function toDot(p: Pipeline): string {
  const lines = [`digraph ${dotString(p.name)} {`, '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const c of topoOrder(p)) {
    const shape =
      c.role === 'source'
        ? 'invhouse'
        : c.role === 'sink'
          ? 'cylinder'
          : c.role === 'pipeline'
            ? 'box3d'
            : 'box';
    lines.push(`  ${dotString(c.id)} [shape=${shape}, label=${dotString(`${c.id}\n${c.role}`)}];`);
  }
  for (const e of edgesOf(p)) {
    const attrs = [
      e.types.length > 0 ? `label=${dotString(e.types.join('\n'))}` : '',
      e.kind === 'depends_on' ? 'style=dashed' : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs ? ` [${attrs}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid label text: characters with meaning in Mermaid become HTML entities. */
export function mermaidText(s: string): string {
  return s.replace(/[&"<>#|[\](){}\\`]/g, (ch) => `#${ch.codePointAt(0)};`).replace(/\n/g, ' ');
}

/** A DOT double-quoted string. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
