import { codeFrameColumns } from '@babel/code-frame';
import { catalog } from './catalog/index.js';
import type { Position, SourceSet } from './sources.js';
import type { Diagnostic } from './types.js';

export type DiagnosticFormat = 'text' | 'json' | 'sarif' | 'github';

interface Placed {
  readonly d: Diagnostic;
  readonly pos?: Position;
}

/** Place and sort: by file, line, column, then code; invocation-level diagnostics first. */
export function sortDiagnostics(diags: readonly Diagnostic[], sources: SourceSet): Placed[] {
  // Merged documents (extends, environments) point back to the file each value came from.
  const placed = diags.map((raw) => {
    const d = sources.locate(raw);
    return { d, pos: d.loc ? sources.position(d.loc) : undefined };
  });
  return placed.sort(
    (a, b) =>
      cmp(a.d.loc?.file ?? '', b.d.loc?.file ?? '') ||
      (a.pos?.line ?? 0) - (b.pos?.line ?? 0) ||
      (a.pos?.column ?? 0) - (b.pos?.column ?? 0) ||
      cmp(a.d.code, b.d.code) ||
      cmp(a.d.message, b.d.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function where(file: string | undefined, pos: Position | undefined): string {
  if (!file) return 'flowctl';
  return pos ? `${file}:${pos.line}:${pos.column}` : file;
}

/** Human-readable: `file:line:col: severity FCnnnn message`, a code frame, related notes. */
export function renderText(
  diags: readonly Diagnostic[],
  sources: SourceSet,
  opts: { color?: boolean } = {},
): string {
  const out: string[] = [];
  const linesOf = new Map<string, string[]>();
  for (const { d, pos } of sortDiagnostics(diags, sources)) {
    out.push(`${where(d.loc?.file, pos)}: ${d.severity} ${d.code} ${d.message}`);
    const text = d.loc ? sources.text(d.loc.file) : undefined;
    if (pos && text !== undefined && d.loc) {
      let lines = linesOf.get(d.loc.file);
      if (!lines) {
        // Numbered as SourceSet numbers them: by LF, a CR before it dropped.
        lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        linesOf.set(d.loc.file, lines);
      }
      out.push(frame(lines, pos, opts.color ?? false));
    }
    for (const r of d.related ?? []) {
      const rp = sources.position(r.loc);
      out.push(`  ${where(r.loc.file, rp)}: note: ${r.message}`);
    }
  }
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.filter((d) => d.severity === 'warning').length;
  if (diags.length > 0) out.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/**
 * The code frame of one position. Only the lines shown are handed to code-frame (`startLine`
 * says where they start; positions stay absolute): it splits, and when colouring tokenizes, all the text it
 * is given, which for a thousand diagnostics in a large file cost seconds.
 */
function frame(lines: readonly string[], pos: Position, color: boolean): string {
  const first = Math.max(1, pos.line - 1);
  const last = Math.min(lines.length, pos.line + 1);
  const end =
    pos.endLine === pos.line && pos.endColumn > pos.column
      ? { line: pos.endLine, column: pos.endColumn }
      : undefined;
  // startLine is supported by @babel/code-frame but missing from its type declarations.
  const options = { highlightCode: color, forceColor: color, linesAbove: 1, linesBelow: 1, startLine: first };
  return codeFrameColumns(
    lines.slice(first - 1, last).join('\n'),
    { start: { line: pos.line, column: pos.column }, ...(end ? { end } : {}) },
    options,
  );
}

/** One JSON document of all diagnostics, stable field order. */
export function renderJson(diags: readonly Diagnostic[], sources: SourceSet): string {
  const items = sortDiagnostics(diags, sources).map(({ d, pos }) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.loc?.file ?? null,
    line: pos?.line ?? null,
    column: pos?.column ?? null,
    endLine: pos?.endLine ?? null,
    endColumn: pos?.endColumn ?? null,
    related: (d.related ?? []).map((r) => {
      const rp = sources.position(r.loc);
      return { message: r.message, file: r.loc.file, line: rp?.line ?? null, column: rp?.column ?? null };
    }),
  }));
  const summary = {
    errors: diags.filter((d) => d.severity === 'error').length,
    warnings: diags.filter((d) => d.severity === 'warning').length,
  };
  return `${JSON.stringify({ diagnostics: items, summary }, null, 2)}\n`;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0, one run, rules taken from the catalog. */
export function renderSarif(diags: readonly Diagnostic[], sources: SourceSet, version: string): string {
  const placed = sortDiagnostics(diags, sources);
  const codes = [...new Set(placed.map((p) => p.d.code))].sort();
  const rules = codes.map((c) => {
    const def = catalog[c as keyof typeof catalog];
    return {
      id: c,
      name: def?.title ?? c,
      shortDescription: { text: def?.title ?? c },
      fullDescription: { text: def?.explain ?? c },
      defaultConfiguration: { level: SARIF_LEVEL[def?.severity ?? 'error'] },
      helpUri: `https://github.com/withObsrvr/flowctl/blob/main/docs/diagnostics.md#${c.toLowerCase()}`,
    };
  });
  const location = (file: string, pos: Position | undefined) => ({
    physicalLocation: {
      artifactLocation: { uri: toUri(file) },
      ...(pos
        ? {
            region: {
              startLine: pos.line,
              startColumn: pos.column,
              endLine: pos.endLine,
              endColumn: Math.max(pos.endColumn, pos.column),
            },
          }
        : {}),
    },
  });
  const results = placed.map(({ d, pos }) => ({
    ruleId: d.code,
    ruleIndex: codes.indexOf(d.code),
    level: SARIF_LEVEL[d.severity],
    message: { text: d.message },
    locations: d.loc ? [location(d.loc.file, pos)] : [],
    ...(d.related?.length
      ? {
          relatedLocations: d.related.map((r, i) => ({
            id: i,
            message: { text: r.message },
            ...location(r.loc.file, sources.position(r.loc)),
          })),
        }
      : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flowctl',
            version,
            informationUri: 'https://github.com/withObsrvr/flowctl',
            rules,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`. */
export function renderGithub(diags: readonly Diagnostic[], sources: SourceSet): string {
  const lines = sortDiagnostics(diags, sources).map(({ d, pos }) => {
    const cmd = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
    const props: string[] = [];
    if (d.loc) props.push(`file=${ghProp(d.loc.file)}`);
    if (pos)
      props.push(
        `line=${pos.line}`,
        `col=${pos.column}`,
        `endLine=${pos.endLine}`,
        `endColumn=${pos.endColumn}`,
      );
    props.push(`title=${ghProp(d.code)}`);
    return `::${cmd} ${props.join(',')}::${ghData(`${d.code} ${d.message}`)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Escaping as in @actions/core: data escapes %, CR, LF; properties also : and ,. */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderDiagnostics(
  format: DiagnosticFormat,
  diags: readonly Diagnostic[],
  sources: SourceSet,
  opts: { color?: boolean; version?: string } = {},
): string {
  switch (format) {
    case 'json':
      return renderJson(diags, sources);
    case 'sarif':
      return renderSarif(diags, sources, opts.version ?? '0.0.0');
    case 'github':
      return renderGithub(diags, sources);
    default:
      return renderText(diags, sources, opts);
  }
}
