import { createHash } from 'node:crypto';

/** A short stable hash (8 hex characters of SHA-256) used to keep shortened names unique. */
export function shortHash(s: string, length = 8): string {
  return createHash('sha256').update(s).digest('hex').slice(0, length);
}

/**
 * A DNS-1123 label (Kubernetes Service/Namespace/container names, Nomad groups): lower-case
 * letters, digits and '-', starting and ending with an alphanumeric, at most `max` characters.
 * Other characters become '-'. A name that had to be shortened ends in '-<hash of the original>',
 * so two long ids never map to the same name by truncation.
 */
export function dnsLabel(id: string, max = 63): string {
  let s = id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s === '') s = `x-${shortHash(id)}`;
  if (s.length <= max) return s;
  const h = shortHash(id);
  return `${s.slice(0, max - h.length - 1).replace(/-+$/, '')}-${h}`;
}

/** Whether an id can be turned into a name by every target (see the bad-id rule). */
export const VALID_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
