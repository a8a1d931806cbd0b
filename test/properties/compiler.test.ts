import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { catalog } from '../../src/diagnostics/catalog/index.js';
import { renderJson } from '../../src/diagnostics/render.js';
import { FIXTURES } from '../support/fixtures.js';
import { arbChaoticPipeline, arbWellTypedPipeline } from './pipelines.js';

// Properties of the whole front half: it never throws, every diagnostic is in the catalog and
// points inside the file it names, and the same input always gives the same output.

const dir = mkdtempSync(join(tmpdir(), 'flowctl-prop-'));
const file = join(dir, 'pipeline.yaml');
const RUNS = Number(process.env.FC_NUM_RUNS ?? 100);

/** Compile bytes as a pipeline file; fail the property with the input when anything throws. */
async function compileBytes(bytes: Uint8Array | string) {
  writeFileSync(file, bytes);
  return compile(file, { defaultRegistry: true, environment: {} });
}

/** Every diagnostic has a catalog code and a position inside the text of the file it names. */
async function checkDiagnostics(bytes: Uint8Array | string): Promise<void> {
  const r = await compileBytes(bytes);
  for (const d of r.diagnostics) {
    expect(Object.hasOwn(catalog, d.code), `${d.code} is not in the catalog`).toBe(true);
    expect(d.severity).toBe(catalog[d.code as keyof typeof catalog].severity);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.loc, `${d.code} ${d.message} has no location`).toBeDefined();
    for (const loc of [d.loc!, ...(d.related ?? []).map((x) => x.loc)]) {
      const text = r.sources.text(loc.file);
      expect(text, `${d.code} names a file that was never read: ${loc.file}`).toBeDefined();
      const pos = r.sources.position(loc)!;
      const lines = text!.split('\n');
      expect(pos.line).toBeGreaterThanOrEqual(1);
      expect(pos.line).toBeLessThanOrEqual(lines.length);
      expect(pos.column).toBeGreaterThanOrEqual(1);
      expect(pos.column).toBeLessThanOrEqual(lines[pos.line - 1].length + 1);
    }
  }
  if (r.pipeline) expect(r.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
}

/** Small edits (delete a span, insert text) of a real pipeline: inputs that are almost valid. */
const fixtureText = readFileSync(join(FIXTURES, 'valid-features', 'pipeline.yaml'), 'utf8');
const arbMutated = fc
  .array(
    fc.record({
      at: fc.nat({ max: fixtureText.length }),
      del: fc.nat({ max: 12 }),
      ins: fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.constantFrom(':', '- ', '\n', '  ', '\t', '[', '{', '"', "'", '&a ', '*a', '!!', '#', '<<: '),
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) =>
    edits.reduce((t, e) => t.slice(0, Math.min(e.at, t.length)) + e.ins + t.slice(e.at + e.del), fixtureText),
  );

describe('properties of the compiler', () => {
  it('no byte string makes it throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await checkDiagnostics(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('no text makes it throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        await checkDiagnostics(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('no edit of a valid pipeline makes it throw', async () => {
    await fc.assert(
      fc.asyncProperty(arbMutated, async (text) => {
        await checkDiagnostics(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('no structurally random pipeline makes it throw', async () => {
    await fc.assert(
      fc.asyncProperty(arbChaoticPipeline, async (doc) => {
        await checkDiagnostics(stringify(doc));
      }),
      { numRuns: RUNS },
    );
  });

  it('no well-typed random pipeline makes resolve or the rules throw', async () => {
    await fc.assert(
      fc.asyncProperty(arbWellTypedPipeline, async (doc) => {
        await checkDiagnostics(stringify(doc));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same diagnostics for the same input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          arbWellTypedPipeline.map((d) => stringify(d)),
          arbMutated,
        ),
        async (text) => {
          const a = await compileBytes(text);
          const b = await compileBytes(text);
          expect(renderJson(b.diagnostics, b.sources)).toBe(renderJson(a.diagnostics, a.sources));
          expect(JSON.stringify(b.pipeline)).toBe(JSON.stringify(a.pipeline));
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
