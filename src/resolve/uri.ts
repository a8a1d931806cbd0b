import type { ConfigEntry, JsonValue, Loc } from '../ir.js';
import type { RegistryEntry } from './types.js';

/**
 * URIs in the short form of a topology (`source: kafka://broker/topic`). A URI picks the
 * registry entries whose `schemes` list its scheme; its parts become config of the component.
 *
 * Parts, named as a config_schema property's `x-uri` keyword names them:
 *   url       the URI as written            scheme   kafka
 *   hosts     host[:port][,host[:port]...]  host     the first host, without port
 *   port      the first host's port         user, password (percent-decoded)
 *   path      the path (/topic; for file: everything after file://, so ./data.jsonl works)
 *   name      the path without its leading slash (topic, database name)
 * Every query parameter becomes a config key of the same name. An entry that declares no
 * `x-uri` property receives the whole URI as `url`.
 */
export interface ParsedUri {
  readonly text: string;
  readonly scheme: string;
  readonly parts: Readonly<Record<string, string>>;
  readonly query: readonly (readonly [string, string])[];
}

const URI = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/;

/** Whether a word in from/to is a URI (it has `scheme://`). */
export function isUri(word: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(word);
}

/** The URI for messages and comments: a password is shown as ***. */
export function displayUri(uri: ParsedUri): string {
  const pw = uri.parts.password;
  if (pw === undefined) return uri.text;
  return uri.text.replace(/^([^:]+:\/\/[^:@/]*:)[^@]*@/, (_m, head: string) => `${head}***@`);
}

/** Split a URI into its parts; a malformed one gives the reason. */
export function parseUri(text: string): ParsedUri | { error: string } {
  const m = URI.exec(text);
  if (!m) return { error: 'it does not have the form scheme://authority/path' };
  const [, rawScheme, userinfo, hosts, rawPath, rawQuery] = m;
  const scheme = rawScheme.toLowerCase();
  try {
    const parts: Record<string, string> = { url: text, scheme };
    if (userinfo !== undefined) {
      const i = userinfo.indexOf(':');
      parts.user = decodeURIComponent(i < 0 ? userinfo : userinfo.slice(0, i));
      if (i >= 0) parts.password = decodeURIComponent(userinfo.slice(i + 1));
    }
    if (scheme === 'file') {
      parts.path = decodeURIComponent(hosts + rawPath);
    } else {
      if (hosts !== '') parts.hosts = hosts;
      const hp = /^(\[[^\]]*\]|[^:,]*)(?::(\d+))?/.exec(hosts);
      if (hp?.[1]) parts.host = hp[1];
      if (hp?.[2]) parts.port = hp[2];
      if (rawPath !== '') parts.path = decodeURIComponent(rawPath);
    }
    if (parts.path !== undefined && parts.path.replace(/^\/+/, '') !== '')
      parts.name = parts.path.replace(/^\/+/, '');
    const query: [string, string][] = [];
    for (const kv of (rawQuery ?? '').split('&')) {
      if (kv === '') continue;
      const i = kv.indexOf('=');
      const k = decodeURIComponent((i < 0 ? kv : kv.slice(0, i)).replace(/\+/g, ' '));
      const v = decodeURIComponent((i < 0 ? '' : kv.slice(i + 1)).replace(/\+/g, ' '));
      query.push([k, v]);
    }
    return { text, scheme, parts, query };
  } catch {
    return { error: 'it has a malformed %-escape' };
  }
}

/**
 * The config a URI gives one registry entry: each property with an `x-uri` part name takes
 * that part, query parameters take their own names, and without any `x-uri` property the
 * whole URI goes to `url`. Values are coerced to the property's declared type when they fit.
 */
export function uriConfig(entry: RegistryEntry, uri: ParsedUri, loc: Loc): ConfigEntry[] {
  const props = (entry.configSchema?.properties ?? {}) as Record<string, { [k: string]: JsonValue }>;
  const out = new Map<string, JsonValue>();
  let mapped = false;
  for (const [key, def] of Object.entries(props)) {
    const part = def?.['x-uri'];
    if (typeof part !== 'string') continue;
    mapped = true;
    const value = uri.parts[part];
    if (value !== undefined) out.set(key, coerce(value, def));
  }
  if (!mapped) out.set('url', uri.text);
  for (const [k, v] of uri.query) if (!out.has(k)) out.set(k, coerce(v, props[k]));
  return [...out].map(([key, value]) => ({ key, value, loc }));
}

function coerce(v: string, def: { [k: string]: JsonValue } | undefined): JsonValue {
  const t = def?.type;
  if ((t === 'integer' && /^-?\d+$/.test(v)) || (t === 'number' && /^-?\d+(\.\d+)?$/.test(v)))
    return Number(v);
  if (t === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
  return v;
}
