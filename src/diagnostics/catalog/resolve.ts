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
} satisfies CodeTable;
