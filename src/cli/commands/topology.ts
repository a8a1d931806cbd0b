import { SourceSet } from '../../diagnostics/sources.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { resolveFlow } from '../../resolve/intents.js';
import { loadRegistry } from '../../resolve/registry.js';
import type { Chain, Graph } from '../../resolve/search.js';
import { DEFAULT_MAX_DEPTH, type FlowSpec } from '../../resolve/topology.js';
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, exitCodeFor, type Io, printDiagnostics } from '../common.js';

interface Flags {
  from: string;
  to: string;
  all?: boolean;
  via: string[];
  where: string[];
  maxDepth?: string;
  registry: string[];
  defaultRegistry: boolean;
}

/** How many chains `--all` prints at most. */
const ALL_LIMIT = 100;

/**
 * `flowctl topology suggest --from T --to T|CAPABILITY [--all]`: the chain a topology with that
 * flow would resolve to (or, with --all, every shortest chain, the chosen one first), one per
 * line with the event type on each link. Exit 0 when a chain exists, 1 when none does.
 */
export async function run(io: Io, flags: Flags): Promise<number> {
  const where: Record<string, string> = {};
  for (const kv of flags.where) {
    const i = kv.indexOf('=');
    if (i <= 0) {
      io.stderr(`flowctl topology suggest: --where expects LABEL=VALUE, got '${kv}'\n`);
      return EXIT_USAGE;
    }
    where[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const maxDepth = flags.maxDepth === undefined ? DEFAULT_MAX_DEPTH : Number(flags.maxDepth);
  if (!Number.isInteger(maxDepth) || maxDepth < 2 || maxDepth > 32) {
    io.stderr('flowctl topology suggest: --max-depth expects a whole number from 2 to 32\n');
    return EXIT_USAGE;
  }
  const sources = new SourceSet();
  const loaded = loadRegistry(flags.registry, sources, { includeDefault: flags.defaultRegistry !== false });
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    await printDiagnostics(io, loaded.diagnostics, sources);
    return exitCodeFor(loaded.diagnostics);
  }
  const at = (...path: (string | number)[]) => ({ file: '', path });
  const flow: FlowSpec = {
    index: 0,
    name: `${flags.from} → ${flags.to}`,
    named: false,
    loc: at(),
    from: { value: flags.from, loc: at('from') },
    to: { value: flags.to, loc: at('to') },
    via: flags.via.map((value, i) => ({ value, loc: at('via', i) })),
    where,
    maxDepth,
  };
  const out: Diagnostic[] = [];
  const found = resolveFlow(flow, flow.name, loaded.registry, out, {
    limit: flags.all ? ALL_LIMIT : 6,
    quietTies: flags.all === true,
  });
  // Diagnostics here are about the command line, not a file: no position to show.
  const diags = [...loaded.diagnostics, ...out].map(({ loc: _loc, ...d }) => d);
  await printDiagnostics(io, diags, sources);
  if (!found) return diags.some((d) => d.code === 'FC1002') ? EXIT_USAGE : EXIT_FAIL;
  const chains = [found.chain, ...(flags.all ? found.alternatives : [])];
  chains.forEach((c, i) => {
    const line = chainWithTypes(found.graph, c);
    io.stdout(
      flags.all ? `${i + 1}. ${line}${i === 0 && chains.length > 1 ? '   (chosen)' : ''}\n` : `${line}\n`,
    );
  });
  if (flags.all && found.more)
    io.stdout(`(more than ${ALL_LIMIT} equally short chains; only the first are shown)\n`);
  return EXIT_OK;
}

/** `a -[t]-> b -[u, v]-> c` */
function chainWithTypes(g: Graph, c: Chain): string {
  let s = g.entries[c.steps[0]].name;
  c.links.forEach((types, i) => {
    s += ` -[${types.join(', ')}]-> ${g.entries[c.steps[i + 1]].name}`;
  });
  return s;
}
