import { readFileSync } from 'node:fs';
import { diag } from '../diagnostics/catalog/index.js';
import type { SourceSet } from '../diagnostics/sources.js';
import { offsetLoc } from '../ir.js';
import { decodeUtf8 } from './decode.js';
import { DEFAULT_LIMITS, type LoadLimits, type Loaded, loadYamlText } from './yaml.js';

export const STDIN = '<stdin>';

/**
 * Read a file ('-' for standard input) and load it as YAML. Unreadable files, oversized
 * input and bad encodings become diagnostics; nothing here throws for user input.
 */
export function readYamlFile(
  path: string,
  sources: SourceSet,
  limits: LoadLimits = DEFAULT_LIMITS,
): Loaded & { file: string } {
  const file = path === '-' ? STDIN : path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EISDIR'
          ? 'it is a directory'
          : (err.code ?? err.message);
    return { file, value: undefined, diagnostics: [diag('FC1002', { file, reason })] };
  }
  return { file, ...loadYamlBytes(bytes, file, sources, limits) };
}

/** Decode and load bytes already in memory. */
export function loadYamlBytes(
  bytes: Uint8Array,
  file: string,
  sources: SourceSet,
  limits: LoadLimits = DEFAULT_LIMITS,
): Loaded {
  if (bytes.length > limits.maxBytes) {
    sources.add(file, '');
    return {
      value: undefined,
      diagnostics: [diag('FC1003', { bytes: bytes.length, limit: limits.maxBytes }, offsetLoc(file, 0, 0))],
    };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    // Show the file as far as it decodes, so the position and frame are meaningful.
    const shown = new TextDecoder('utf-8').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    sources.add(file, shown);
    const at = new TextDecoder('utf-8').decode(bytes.subarray(0, decoded.offset)).length;
    return {
      value: undefined,
      diagnostics: [diag('FC1004', { detail: decoded.detail }, offsetLoc(file, at, at + 1))],
    };
  }
  return loadYamlText(decoded.text, file, sources, limits);
}
