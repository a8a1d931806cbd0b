import type { Pipeline } from '../../ir.js';
import { dnsLabel, shortHash, VALID_ID } from '../names.js';

/**
 * Names shared by the local emitter and `apply -t local`: where the script is written and where
 * it keeps its state. No heavy imports here, so apply can use it without loading handlebars.
 */

/** File name of the generated script inside --out-dir. */
export const LOCAL_SCRIPT = 'flowctl-local.sh';

/** File mode of the generated script (executable). */
export const LOCAL_SCRIPT_MODE = 0o755;

/**
 * A string as one safe path segment: itself when it is a valid id (letters, digits, `.`, `_`,
 * `-`, starting with a letter or digit), else a DNS label of it with a hash of the original,
 * so hostile text never reaches a path and two different strings never share a segment.
 */
export function pathSegment(s: string): string {
  if (VALID_ID.test(s) && s.length <= 100) return s;
  return `${dnsLabel(s, 40)}-${shortHash(s)}`;
}

/**
 * The default state directory of a pipeline, relative to the directory `up` runs in:
 * `.flowctl/<pipeline>`. The script takes FLOWCTL_STATE_DIR to override it.
 */
export function stateDir(p: Pipeline): string {
  return `.flowctl/${pathSegment(p.name)}`;
}
