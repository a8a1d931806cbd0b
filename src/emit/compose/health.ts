import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component } from '../../ir.js';
import { healthPort } from '../../normalize/fields.js';
import { duration } from './escape.js';
import { factLoc } from './project.js';

/**
 * `healthcheck:` of a service. HTTP: `wget -q -O /dev/null http://localhost:PORT/PATH`
 * (busybox-compatible; exits non-zero on HTTP errors); TCP: `nc -z localhost PORT`; command:
 * the command itself. All exec form (`CMD`), so the image needs no shell. Interval, timeout and
 * retries from the pipeline. HTTP and TCP checks need a tool inside the image: FC4101 (info).
 */
export function healthcheck(
  c: Component,
  image: string,
  diags: Diagnostic[],
): Record<string, unknown> | undefined {
  const h = c.health;
  if (!h) return undefined;
  const check = h.check;
  let test: string[];
  if (check.kind === 'command') {
    if (check.command.length === 0) {
      diags.push(
        diag(
          'FC4001',
          { field: 'health.command', id: c.id, target: 'compose', reason: 'the command is empty' },
          factLoc(c, check.loc),
        ),
      );
      return undefined;
    }
    test = ['CMD', ...check.command];
  } else {
    const port = healthPort(h, c.ports);
    if (port === undefined) {
      diags.push(
        diag(
          'FC4001',
          { field: 'health', id: c.id, target: 'compose', reason: 'the check names no port to probe' },
          factLoc(c, check.loc),
        ),
      );
      return undefined;
    }
    test =
      check.kind === 'http'
        ? ['CMD', 'wget', '-q', '-O', '/dev/null', `http://localhost:${port}${check.path}`]
        : ['CMD', 'nc', '-z', 'localhost', String(port)];
    diags.push(
      diag(
        'FC4101',
        { id: c.id, tool: check.kind === 'http' ? 'wget' : 'nc -z', image },
        factLoc(c, check.loc),
      ),
    );
  }
  return {
    test,
    interval: duration(h.intervalSeconds),
    timeout: duration(h.timeoutSeconds),
    retries: h.retries,
  };
}
