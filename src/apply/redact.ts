/** What a redacted secret is replaced with. */
export const REDACTED = '[redacted]';

/** Values shorter than this are not redacted: replacing every "a" would garble the output. */
export const MIN_SECRET_LENGTH = 4;

/**
 * The one place secret values are removed from text. Every line apply, diff and delete print
 * (plans, progress, results, diagnostics, messages rethrown by dockerode, container log tails)
 * passes through `redact`. Each registered value is removed as written, base64-encoded (with
 * and without padding, standard and URL alphabets) and line by line for multi-line values.
 */
export class Redactor {
  private needles: string[] = [];

  /** Register a secret value. */
  add(value: string | undefined): void {
    if (value === undefined) return;
    const forms = new Set<string>();
    const push = (s: string) => {
      if (s.length >= MIN_SECRET_LENGTH) forms.add(s);
    };
    for (const v of [value, value.trim(), ...value.split(/\r?\n/)]) {
      push(v);
      const b64 = Buffer.from(v, 'utf8').toString('base64');
      push(b64);
      push(b64.replace(/=+$/, ''));
      push(Buffer.from(v, 'utf8').toString('base64url'));
    }
    // Longest first, so a value is removed whole before any of its lines.
    this.needles = [...new Set([...this.needles, ...forms])].sort((a, b) => b.length - a.length);
  }

  /** Whether any value has been registered. */
  get size(): number {
    return this.needles.length;
  }

  /** The text with every registered value replaced by [redacted]. */
  redact(text: string): string {
    let out = text;
    for (const n of this.needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
    return out;
  }
}
