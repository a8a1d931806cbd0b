// Fill the generated blocks of README.md (<!-- generated:NAME --> … <!-- /generated:NAME -->)
// from the built CLI and the diagnostic catalog, so the README shows real output.
//   npm run docs            (build first)
//   node scripts/gen-readme.mjs --check   exits 1 when README.md is stale (used by the tests)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const flowctl = (...args) =>
  execFileSync(process.execPath, [join(root, 'bin', 'flowctl.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
  });

const fence = (lang, text) => `\`\`\`${lang}\n${text.trimEnd()}\n\`\`\``;

export async function blocks() {
  const { catalog } = await import(
    pathToFileURL(join(root, 'dist', 'diagnostics', 'catalog', 'index.js')).href
  );
  const k8s = flowctl('translate', '-f', 'examples/stellar-testnet/pipeline.yaml', '-o', 'k8s')
    .split(/^---\n/m)
    .filter((doc) => /^kind: (Deployment|NetworkPolicy)$/m.test(doc) && /name: contract-events$/m.test(doc));
  const rows = Object.keys(catalog)
    .sort()
    .map((c) => `| ${c} | ${catalog[c].severity} | ${catalog[c].title} |`);
  return {
    compose: fence(
      'yaml',
      flowctl('translate', '-f', 'examples/stellar-testnet/pipeline.yaml', '-o', 'compose'),
    ),
    k8s: fence('yaml', k8s.join('---\n')),
    graph: fence('mermaid', flowctl('graph', '-f', 'examples/fan-out-fan-in/pipeline.yaml')),
    codes: ['| code | severity | title |', '|---|---|---|', ...rows].join('\n'),
  };
}

export function fill(text, generated) {
  let out = text;
  for (const [name, body] of Object.entries(generated)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no generated:${name} block`);
    out = out.replace(re, (_m, open, close) => `${open}${body}\n${close}`);
  }
  return out;
}

const readmePath = join(root, 'README.md');
const current = readFileSync(readmePath, 'utf8');
const next = fill(current, await blocks());
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('README.md generated blocks are stale: run npm run docs');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(readmePath, next);
}
