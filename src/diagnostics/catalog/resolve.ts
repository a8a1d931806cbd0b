import { code, type CodeTable } from '../types.js';

const q = (s: string) => `'${s}'`;

/**
 * FC2xxx: the registry and references. FC2001–FC2049 references and config;
 * FC2100–FC2199 intents (v2 topologies).
 */
export const resolveCodes = {
  FC2001: code<{ ref: string; suggestion?: string }>(
    'error',
    'unknown-component',
    (a) =>
      `no registry entry is named ${q(a.ref)}${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : "; add it to a registry file given with --registry, or give the component an 'image' or 'command'."}`,
    'A component given as `type: name@version` is looked up in the registry files passed with --registry (in order, first match wins) and then in the default registry shipped with flowctl. `flowctl topology suggest` and the default registry file list what is available.',
  ),
  FC2002: code<{ name: string; version: string; available: string }>(
    'error',
    'unknown-version',
    (a) =>
      `the registry has ${q(a.name)} in versions ${a.available}, not ${q(a.version)}; pick one of those.`,
    'The component exists in the registry, but not in the requested version. `name` alone takes the highest version; `@v1.0.0` and `@1.0.0` are the same.',
  ),
  FC2003: code<{ id: string; key: string; entry: string }>(
    'error',
    'missing-config',
    (a) =>
      `${q(a.id)} is missing the config key ${q(a.key)}, which ${a.entry} requires; add it under 'config:'.`,
    "The registry entry's config_schema marks this key as required and gives it no default.",
  ),
  FC2004: code<{ id: string; key: string; detail: string }>(
    'error',
    'bad-config',
    (a) => `config ${q(a.key)} of ${q(a.id)} ${a.detail}.`,
    "A config value does not satisfy the registry entry's config_schema.",
  ),
  FC2005: code<{ id: string; key: string; entry: string; suggestion?: string }>(
    'warning',
    'unknown-config',
    (a) =>
      `${q(a.id)} sets config ${q(a.key)}, which ${a.entry} does not declare${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '.'}`,
    "The key is not in the registry entry's config_schema, so the component may ignore it. Typos are the usual cause.",
  ),
  FC2006: code<{ id: string; role: string; entry: string; entryRole: string }>(
    'warning',
    'role-mismatch',
    (a) =>
      `${q(a.id)} is listed as a ${a.role} but ${a.entry} is a ${a.entryRole}; move it to the ${a.entryRole}s section.`,
    'The registry says what role a component plays; listing it in another section is usually a mistake.',
  ),
  FC2007: code<{ id: string }>(
    'error',
    'no-runtime',
    (a) =>
      `${q(a.id)} has neither 'image' nor 'command', and is not a registry reference; add one of them or 'type: name@version'.`,
    'Every component needs something to run: a container image, a local command, or a registry entry that provides them.',
  ),

  // --- FC21xx: intents (v2 topologies) ---
  FC2101: code<{ flow: string; from: string; to: string; max: number; detail: string }>(
    'error',
    'no-path',
    (a) =>
      `no chain of at most ${a.max} components leads from ${q(a.from)} to ${q(a.to)} in flow ${q(a.flow)}: ${a.detail}.`,
    'The resolver searched the registry breadth-first for a source matching `from`, processors, and a sink matching `to`, each link carrying an event type the upstream produces and the downstream consumes, and found none. The message says what the `from` side can reach and what the `to` side accepts: write one of the reachable sinks or types as `to`, start `from` elsewhere, relax `where` or `via`, raise `max_depth`, or add the missing processor to a registry file given with --registry. `flowctl topology suggest --from T --to T` explores the same search interactively.',
  ),
  FC2102: code<{ flow: string; count: string; chains: string; pins: string }>(
    'warning',
    'ambiguous-flow',
    (a) =>
      `flow ${q(a.flow)} can be built by ${a.count} equally short chains and the first in registry order was chosen: ${a.chains}; pin one with ${a.pins}.`,
    'Several chains of the same, shortest, length satisfy the flow. The resolver picks one deterministically (compared component by component from the source: the one earlier in registry order wins, then the one whose name sorts first), but the choice may not be what you meant. Adding `via: [component]` to the flow pins the chain and removes the warning. Under --strict this is an error.',
  ),
  FC2103: code<{ field: string; word: string; kinds: string; suggestion?: string; known: string }>(
    'error',
    'unknown-intent-word',
    (a) =>
      `${q(a.word)} in ${q(a.field)} is not ${a.kinds} in the registry${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : `; ${a.known}.`}`,
    '`from` and `to` name event types (stellar.ledger.v1), capabilities (postgres), components (ttp-processor or ttp-processor@1.0.0) or URIs (kafka://broker/topic); `via` names components. The word matched none of those in the registries consulted (--registry files, then the default registry). `flowctl topology suggest` and the default registry file list what exists.',
  ),
  FC2104: code<{ field: string; word: string; what: string; fix: string }>(
    'error',
    'wrong-intent-word',
    (a) => `${q(a.word)} in ${q(a.field)} is ${a.what}; ${a.fix}.`,
    'A flow starts at a source and ends at a sink; processors go in `via`. The word names something that exists, but not something that can stand where it was written.',
  ),
  FC2105: code<{ field: string; scheme: string; role: string; suggestion?: string; known: string }>(
    'error',
    'unknown-scheme',
    (a) =>
      `no ${a.role} in the registry serves ${q(`${a.scheme}://`)} URIs, as ${q(a.field)} asks${a.suggestion ? `; did you mean ${q(`${a.suggestion}://`)}?` : `; ${a.known}.`}`,
    'A URI in `from`/`source` or `to`/`sink` is resolved through the registry entries that list its scheme under `schemes`. Add `schemes: [name]` to an entry in your registry file, or use a scheme the registry serves.',
  ),
  FC2106: code<{ uri: string; detail: string }>(
    'error',
    'bad-uri',
    (a) => `${q(a.uri)} is not a valid URI (${a.detail}); write it as scheme://host[:port]/path.`,
    'URIs in a topology are parsed with the WHATWG URL parser; their parts (host, port, path, user, query parameters) become config of the component that serves the scheme.',
  ),
  FC2107: code<{ name: string; suggestion?: string; ids: string }>(
    'warning',
    'unused-intent-config',
    (a) =>
      `'spec.config' sets ${q(a.name)}, but no component of this topology is named so${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : `; the components are ${a.ids}.`}`,
    'Config in a topology is keyed by component name (the registry name, e.g. postgres-consumer) or by the id of a later instance (filter-2). `flowctl resolve` prints the components the topology resolved to. A key that matches none would be silently ignored, so it is reported.',
  ),
  FC2109: code<{ flow: string; lock: string; locked: string; now: string; pin: string }>(
    'error',
    'lock-mismatch',
    (a) =>
      `flow ${q(a.flow)} now resolves to ${q(a.now)}, but ${q(a.lock)} records ${q(a.locked)}; write ${a.pin} in the flow to keep the locked chain, or run 'flowctl resolve --update-lock' to accept the new one.`,
    'A lock file (written by `flowctl resolve --lock`, next to the topology as <file>.lock) records the chain each flow resolved to. When a registry change would make the resolver choose differently, flowctl stops instead of switching silently.',
  ),
  FC2110: code<{ flow: string; lock: string }>(
    'warning',
    'flow-not-locked',
    (a) =>
      `flow ${q(a.flow)} is not recorded in ${q(a.lock)}; run 'flowctl resolve --update-lock' to record its chain.`,
    'The topology has a lock file, but this flow (matched by its name, else by from → to) is not in it, so nothing guards its chain against registry changes.',
  ),
  FC2111: code<{ lock: string; detail: string }>(
    'error',
    'bad-lock',
    (a) =>
      `the lock file ${q(a.lock)} cannot be read (${a.detail}); delete it and run 'flowctl resolve --lock' to write it again.`,
    'The lock file is written by flowctl and should not be edited by hand.',
  ),
  FC2112: code<{ key: string; other: string }>(
    'error',
    'conflicting-intent-keys',
    (a) =>
      a.other === 'flows'
        ? `${q(a.key)} is written beside 'flows'; move it into one of the flows listed under 'flows'.`
        : `${q(a.key)} and ${q(a.other)} say the same thing; keep one of them.`,
    '`source`, `sink` and `process` are short forms of `from`, `to` and `via`; a flow uses one spelling of each. A topology holds either one flow written directly in `spec` or several under `spec.flows`, not both.',
  ),
} satisfies CodeTable;
