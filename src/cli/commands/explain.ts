import { catalog } from '../../diagnostics/catalog/index.js';
import { suggest } from '../../diagnostics/suggest.js';
import { EXIT_OK, EXIT_USAGE, type Io } from '../common.js';

/** `flowctl explain CODE`: the catalog entry, the same text the README table is built from. */
export async function run(io: Io, code: string, flags: { list?: boolean }): Promise<number> {
  const codes = Object.keys(catalog).sort();
  if (flags.list) {
    for (const c of codes)
      io.stdout(
        `${c}  ${catalog[c as keyof typeof catalog].severity.padEnd(7)}  ${catalog[c as keyof typeof catalog].title}\n`,
      );
    return EXIT_OK;
  }
  const key = code.toUpperCase();
  const def = catalog[key as keyof typeof catalog];
  if (!def) {
    const s = suggest(key, codes);
    io.stderr(
      `flowctl explain: unknown code '${code}'${s ? `; did you mean '${s}'?` : ''} (flowctl explain --list shows every code)\n`,
    );
    return EXIT_USAGE;
  }
  io.stdout(`${key} (${def.severity}): ${def.title}\n\n${def.explain}\n`);
  return EXIT_OK;
}
