import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BuildOutcome, watchPipeline } from '../../src/watch/index.js';

const pipeline = (replicas: number, input = 'src') => `apiVersion: flowctl/v1
kind: Pipeline
metadata: {name: watched}
spec:
  sources:
    - {id: src, type: "tiny-source@1.0.0"}
  sinks:
    - {id: sink, image: "sink:1", inputs: [${input}], replicas: ${replicas}}
`;
const registry = (image: string) =>
  `- {name: tiny-source, version: "1.0.0", role: source, image: "${image}"}\n`;

const controllers: AbortController[] = [];
afterEach(() => {
  for (const c of controllers.splice(0)) c.abort();
});

/** Start watching; returns a function that waits for the next n build outcomes. */
function start(dir: string) {
  const outcomes: BuildOutcome[] = [];
  const waiters: (() => void)[] = [];
  const controller = new AbortController();
  controllers.push(controller);
  const done = watchPipeline(
    {
      file: join(dir, 'pipeline.yaml'),
      target: 'compose',
      outDir: join(dir, 'out'),
      compile: { registries: [join(dir, 'registry.yaml')], environment: {} },
      emit: {},
      debounceMs: 50,
      log: () => {},
      color: false,
      signal: controller.signal,
    },
    (b) => {
      outcomes.push(b);
      for (const w of waiters.splice(0)) w();
    },
  );
  const next = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (outcomes.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${outcomes.length} builds, expected ${count}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return outcomes[count - 1];
  };
  return { next, outcomes, stop: () => controller.abort(), done };
}

describe('watch', () => {
  it('regenerates on save, keeps the last good output while broken, and follows registry changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-watch-'));
    writeFileSync(join(dir, 'pipeline.yaml'), pipeline(1));
    writeFileSync(join(dir, 'registry.yaml'), registry('tiny:1'));
    const w = start(dir);
    const first = await w.next(1);
    expect(first.ok).toBe(true);
    const out = join(dir, 'out', 'compose.yaml');
    expect(readFileSync(out, 'utf8')).toContain('tiny:1');

    // An editor that saves by writing a temporary file and renaming it over the original.
    writeFileSync(join(dir, '.pipeline.yaml.swp'), pipeline(2));
    renameSync(join(dir, '.pipeline.yaml.swp'), join(dir, 'pipeline.yaml'));
    expect((await w.next(2)).ok).toBe(true);
    const good = readFileSync(out, 'utf8');
    expect(good).toContain('replicas: 2');

    // A broken save: diagnostics, and the last good output stays.
    writeFileSync(join(dir, 'pipeline.yaml'), pipeline(3, 'srcc'));
    const broken = await w.next(3);
    expect(broken).toEqual({ ok: false, errors: 1 });
    expect(readFileSync(out, 'utf8')).toBe(good);

    // A registry change triggers a rebuild too.
    writeFileSync(join(dir, 'pipeline.yaml'), pipeline(2));
    await w.next(4);
    writeFileSync(join(dir, 'registry.yaml'), registry('tiny:2'));
    expect((await w.next(5)).ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('tiny:2');
    w.stop();
    await w.done;
  });

  it('coalesces a burst of saves into one rebuild', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-watch-'));
    writeFileSync(join(dir, 'pipeline.yaml'), pipeline(1));
    writeFileSync(join(dir, 'registry.yaml'), registry('tiny:1'));
    const w = start(dir);
    await w.next(1);
    for (let i = 2; i <= 6; i++) writeFileSync(join(dir, 'pipeline.yaml'), pipeline(i));
    await w.next(2);
    await new Promise((r) => setTimeout(r, 600));
    expect(w.outcomes.length).toBe(2);
    expect(readFileSync(join(dir, 'out', 'compose.yaml'), 'utf8')).toContain('replicas: 6');
    w.stop();
    await w.done;
  });
});
