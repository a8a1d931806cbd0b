import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Loc } from '../../ir.js';
import { dnsLabel, shortHash } from '../names.js';

/** A DNS-1123 label: what Kubernetes requires of Namespace, Service and container names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain (ConfigMap, Deployment, ... names), at most 253 characters. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label value (without the 63-character limit) and the name part of a label key. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** An IANA service name: what Kubernetes requires of port names. */
export const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `s` is a DNS-1123 label of at most 63 characters. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** Whether `s` is a valid label value: at most 63 characters of the label alphabet. */
export function isLabelValue(s: string): boolean {
  return s.length <= 63 && LABEL_VALUE.test(s);
}

/** Why a label or annotation key is invalid, or undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return 'its prefix is not a DNS subdomain';
  if (name === '' || name.length > 63 || !LABEL_VALUE.test(name))
    return 'its name is not 1 to 63 letters, digits, "-", "_" or "." beginning and ending with a letter or digit';
  return undefined;
}

/**
 * A label value for any string: the string itself when it is already valid, else its
 * characters outside the label alphabet replaced by '-', trimmed to alphanumeric ends and
 * shortened to 63 characters with '-<hash of the original>' appended. Stable and injective
 * in practice: two different invalid strings differ in their hash suffix.
 */
export function labelValue(s: string): string {
  if (isLabelValue(s)) return s;
  const h = shortHash(s);
  const cleaned = s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63 - h.length - 1)
    .replace(/[^A-Za-z0-9]+$/, '');
  return cleaned === '' ? h : `${cleaned}-${h}`;
}

/** `--prefix` joined to a name with '-' (unless the prefix already ends in '-'). */
export function prefixed(prefix: string | undefined, name: string): string {
  if (!prefix) return name;
  return prefix.endsWith('-') ? `${prefix}${name}` : `${prefix}-${name}`;
}

/** The object name for `base` (an id, a volume name) under `--prefix`: a DNS-1123 label. */
export function objectName(prefix: string | undefined, base: string): string {
  return dnsLabel(prefix ? prefixed(prefix, base) : base);
}

/** Who claimed a name: a stable key (same key = same thing, shared), words, and a location. */
export interface Claim {
  readonly key: string;
  readonly what: string;
  readonly loc: Loc;
}

/**
 * Names already handed out, per scope (an object kind, or one pod's volumes). A second claim
 * of a name with a different key is a collision: both locations are reported once (FC4201).
 */
export class NameTable {
  private readonly claims = new Map<string, Claim>();

  constructor(private readonly diagnostics: Diagnostic[]) {}

  /** Claim `name` in `scope`; returns true when this is the first claim for that key. */
  claim(scope: string, name: string, c: Claim): boolean {
    const k = `${scope}\u0000${name}`;
    const prev = this.claims.get(k);
    if (!prev) {
      this.claims.set(k, c);
      return true;
    }
    if (prev.key !== c.key)
      this.diagnostics.push(
        diag('FC4201', { kind: scope, name, what: c.what, other: prev.what }, c.loc, [
          { message: `${prev.what} is defined here`, loc: prev.loc },
        ]),
      );
    return false;
  }
}
