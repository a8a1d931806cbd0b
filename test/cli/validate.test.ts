import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';

// `flowctl validate` as CI runs it: the built binary, exit codes, standard input.

const fixture = (name: string) => `fixtures/${name}/pipeline.yaml`;

describe('flowctl validate exit codes', () => {
  it('0 for a valid pipeline, with a summary', () => {
    const r = flowctl(['validate', fixture('compat-minimal-v1')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('fixtures/compat-minimal-v1/pipeline.yaml: valid, 3 components\n');
    expect(r.stdout).toBe('');
  });

  it('1 when the input has errors, reporting every file given', () => {
    const r = flowctl([
      'validate',
      fixture('rule-cycle'),
      fixture('rule-unknown-input'),
      fixture('compat-minimal-v1'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fixtures/rule-cycle/pipeline.yaml:12:21: error FC3003');
    expect(r.stderr).toContain('fixtures/rule-unknown-input/pipeline.yaml:12:16: error FC3002');
    expect(r.stderr).toContain('fixtures/compat-minimal-v1/pipeline.yaml: valid, 3 components');
    expect(r.stderr).toContain('2 errors, 1 warning');
  });

  it('2 for a file that cannot be read, or no file at all', () => {
    const missing = flowctl(['validate', 'no/such/pipeline.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error FC1002 cannot read 'no/such/pipeline.yaml': no such file.");
    const none = flowctl(['validate'], { cwd: mkdtempSync(join(tmpdir(), 'flowctl-empty-')) });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("cannot read 'pipeline.yaml'");
  });

  it('2 for usage errors', () => {
    expect(flowctl(['validate', '--frobnicate', fixture('compat-minimal-v1')]).code).toBe(2);
    expect(flowctl(['validate', '--format', 'xml', fixture('compat-minimal-v1')]).code).toBe(2);
    const bad = flowctl(['validate', '--max-input-bytes', 'lots', fixture('compat-minimal-v1')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-input-bytes expects a positive whole number');
  });

  it('0 with warnings only, 1 with --strict', () => {
    const warned = flowctl(['validate', fixture('compat-legacy')]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning FC1011');
    expect(warned.stderr).toContain('0 errors, 1 warning');
    const strict = flowctl(['validate', '--strict', fixture('compat-legacy')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('error FC1011');
  });

  it('--max-input-bytes refuses larger files and can be raised', () => {
    const file = fixture('compat-minimal-v1');
    const size = readFileSync(file).length;
    const small = flowctl(['validate', '--max-input-bytes', String(size - 1), file]);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain(
      `error FC1003 the file is ${size} bytes, over the ${size - 1}-byte input limit`,
    );
    expect(flowctl(['validate', '--max-input-bytes', String(size), file]).code).toBe(0);
  });
});

describe('standard input', () => {
  const text = readFileSync(fixture('rule-unknown-input'), 'utf8');

  it('validate - reads the pipeline from standard input and names it <stdin>', () => {
    const r = flowctl(['validate', '-'], { input: text });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("<stdin>:12:16: error FC3002 'sink' takes input from 'scr'");
    const ok = flowctl(['validate', '-'], { input: readFileSync(fixture('compat-minimal-v1'), 'utf8') });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('<stdin>: valid, 3 components\n');
  });

  it('translate -f - gives what translate -f FILE gives', () => {
    const file = fixture('compat-minimal-v1');
    const fromFile = flowctl(['translate', '-f', file, '-o', 'compose']);
    const fromStdin = flowctl(['translate', '-f', '-', '-o', 'compose'], {
      input: readFileSync(file, 'utf8'),
    });
    expect(fromFile.code).toBe(0);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });
});

describe('messages a new user understands, at the right line', () => {
  // The four cases the issue names, end to end through the binary.
  it('a misspelt input id', () => {
    const r = flowctl(['validate', fixture('rule-unknown-input')]);
    expect(r.stderr).toContain(
      "fixtures/rule-unknown-input/pipeline.yaml:12:16: error FC3002 'sink' takes input from 'scr', but no component has that id; did you mean 'src'?\n",
    );
    expect(r.stderr).toContain('> 12 |       inputs: [scr]\n     |                ^^^\n');
  });

  it('a cycle, printed as its path', () => {
    const r = flowctl(['validate', fixture('rule-cycle')]);
    expect(r.stderr).toContain(
      'fixtures/rule-cycle/pipeline.yaml:12:21: error FC3003 the inputs form a cycle: a → b → c → a; remove one of these inputs.\n',
    );
  });

  it('an event type mismatch', () => {
    const r = flowctl(['validate', fixture('rule-type-mismatch')]);
    expect(r.stderr).toContain(
      "fixtures/rule-type-mismatch/pipeline.yaml:13:16: error FC3006 'ledgers' produces 'stellar.ledger.v1' but 'rows' consumes 'postgres.rows.v1', 'stellar.contract.events.v1'; insert a processor that converts between them, or fix the event types.\n",
    );
  });

  it('a YAML syntax error, at the bracket that is never closed', () => {
    const r = flowctl(['validate', fixture('load-yaml-syntax')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "fixtures/load-yaml-syntax/pipeline.yaml:12:15: error FC1001 YAML syntax error: the '[' here is never closed",
    );
    expect(r.stderr).toContain('> 12 |       inputs: [src\n     |               ^\n');
  });
});

describe('colour', () => {
  // Colour only goes to a terminal: run the binary under script(1) to give it one.
  const tty = (args: string, env: Record<string, string> = {}) =>
    runScript(`${process.execPath} bin/flowctl.js ${args}`, env);

  it('is on at a terminal and off with --no-color or NO_COLOR', () => {
    const file = fixture('rule-unknown-input');
    const csi = '\u001b[';
    expect(tty(`validate ${file}`)).toContain(csi);
    expect(tty(`validate --no-color ${file}`)).not.toContain(csi);
    expect(tty(`validate ${file}`, { NO_COLOR: '1' })).not.toContain(csi);
    // Same words either way.
    expect(stripAnsi(tty(`validate ${file}`))).toContain(
      stripAnsi(tty(`validate --no-color ${file}`)).trim(),
    );
  });
});

function runScript(cmd: string, env: Record<string, string>): string {
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TERM: 'xterm-256color', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.stdout.replace(/\r\n/g, '\n');
}

function stripAnsi(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
