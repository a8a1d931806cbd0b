import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { config, follow, serve } from './lib.mjs';

const path = config.output_path ?? 'events.jsonl';
mkdirSync(dirname(path), { recursive: true });
let written = 0;
follow((fresh) => {
  appendFileSync(path, fresh.map((e) => `${JSON.stringify(e)}\n`).join(''));
  written += fresh.length;
});
serve(() => ({ written }));
