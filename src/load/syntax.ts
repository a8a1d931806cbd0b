import { type Document, isCollection, isScalar, visit, type YAMLError } from 'yaml';

export interface SyntaxProblem {
  /** One clause for FC1001: what is wrong, in the user's terms. */
  readonly detail: string;
  /** Where to point: [start, end] character offsets. */
  readonly pos: readonly [number, number];
}

/**
 * Rephrase a yaml parser error for a new user. The parser notices an unclosed bracket or
 * quote only where the file ends or the indentation drops, so for those errors point at the
 * opening `[`, `{` or quote instead, which is where the fix goes. Other errors keep the
 * parser's own words and position.
 */
export function describeSyntaxError(
  e: YAMLError,
  doc: Document,
  clean: (m: string) => string,
): SyntaxProblem {
  const at = e.pos[0];
  const flow = /^Flow (sequence|map) in block collection/.exec(e.message);
  if (e.code === 'BAD_INDENT' && flow) {
    const open = findNode(doc, (n) => isCollection(n) && n.flow === true && n.range?.[1] === at);
    if (open) {
      const [o, c, what] = flow[1] === 'sequence' ? ['[', ']', 'list'] : ['{', '}', 'mapping'];
      return {
        detail: `the '${o}' here is never closed, or a line of it is not indented further than its key; end the ${what} with '${c}'`,
        pos: [open, open + 1],
      };
    }
  }
  if (e.code === 'MISSING_CHAR' && /closing .*quote/.test(e.message)) {
    const open = findNode(
      doc,
      (n) => isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && n.range?.[1] === at,
    );
    if (open !== undefined) {
      const q = e.message.includes('"') ? 'double' : 'single';
      return {
        detail: `the string that starts here has no closing ${q} quote; add it`,
        pos: [open, open + 1],
      };
    }
  }
  return { detail: clean(e.message), pos: [e.pos[0], e.pos[1]] };
}

/** Start offset of the first node that satisfies `test`. */
function findNode(doc: Document, test: (n: unknown) => boolean): number | undefined {
  let found: number | undefined;
  const check = (_: unknown, n: unknown) => {
    if (found === undefined && test(n)) found = (n as { range: [number, number, number] }).range[0];
    return found === undefined ? undefined : visit.BREAK;
  };
  visit(doc, { Collection: check, Scalar: check });
  return found;
}
