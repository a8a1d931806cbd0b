/** Bytes → text. Strict UTF-8; refuses UTF-16/32 and reports the first bad byte's position. */
export type Decoded = { ok: true; text: string } | { ok: false; detail: string; offset: number };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2) {
    const [a, b, c, d] = bytes;
    if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
      const kind = bytes.length >= 4 && a === 0xff && b === 0xfe && c === 0 && d === 0 ? 'UTF-32' : 'UTF-16';
      return { ok: false, detail: `it starts with a ${kind} byte-order mark`, offset: 0 };
    }
    if (bytes.length >= 4 && a === 0 && b === 0 && c === 0xfe && d === 0xff) {
      return { ok: false, detail: 'it starts with a UTF-32 byte-order mark', offset: 0 };
    }
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      detail: `byte 0x${bytes[offset].toString(16).padStart(2, '0')} is not valid UTF-8`,
      offset,
    };
  }
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence, with the WHATWG decoder's
 * rules: no overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF.
 */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i];
    let n = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (x < 0x80) n = 0;
    else if (x >= 0xc2 && x <= 0xdf) n = 1;
    else if (x >= 0xe0 && x <= 0xef) {
      n = 2;
      if (x === 0xe0) lo = 0xa0;
      if (x === 0xed) hi = 0x9f;
    } else if (x >= 0xf0 && x <= 0xf4) {
      n = 3;
      if (x === 0xf0) lo = 0x90;
      if (x === 0xf4) hi = 0x8f;
    } else return i;
    if (i + n >= b.length && n > 0) return i;
    if (n > 0 && (b[i + 1] < lo || b[i + 1] > hi)) return i;
    for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}
