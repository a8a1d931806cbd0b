import { distance } from 'fastest-levenshtein';

/**
 * "Did you mean": the closest candidate within a distance that scales with the word's length,
 * ties broken alphabetically so the suggestion is deterministic.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === word) continue;
    const lc = c.toLowerCase();
    const d = lc === w ? 0 : distance(w, lc);
    const normalized = lc.replace(/[-_]/g, '') === w.replace(/[-_]/g, '') ? 0 : d;
    const score = Math.min(d, normalized);
    if (score <= limit && (score < bestD || (score === bestD && best !== undefined && c < best))) {
      best = c;
      bestD = score;
    }
  }
  return best;
}
