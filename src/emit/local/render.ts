import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { ComponentView } from './view.js';

/** Everything the script template receives; every string is shell text already quoted. */
export interface ScriptView {
  readonly pipeline: string;
  readonly pipelineJson: string;
  readonly pipelineComment: string;
  readonly stateDir: string;
  readonly stateDirComment: string;
  readonly header: readonly string[];
  readonly count: number;
  readonly ids: string;
  readonly jsonIds: string;
  readonly keys: string;
  readonly commands: string;
  readonly restarts: string;
  readonly waits: string;
  readonly hashes: string;
  readonly components: readonly ComponentView[];
}

// templates/local sits three levels above both src/emit/local and dist/emit/local.
const TEMPLATES = new URL('../../../templates/local/', import.meta.url);

let compiled: Handlebars.TemplateDelegate<ScriptView> | undefined;

function template(): Handlebars.TemplateDelegate<ScriptView> {
  if (compiled) return compiled;
  const hb = Handlebars.create();
  const read = (name: string) => readFileSync(new URL(name, TEMPLATES), 'utf8');
  // Logic-free: only the built-in each/if; no HTML escaping (values arrive shell-quoted).
  const opts = { noEscape: true, strict: true, knownHelpersOnly: true, preventIndent: true } as const;
  hb.registerPartial('component', hb.compile(read('component.sh.hbs'), opts));
  hb.registerPartial('runtime', hb.compile(read('runtime.sh.hbs'), opts));
  hb.registerPartial('commands', hb.compile(read('commands.sh.hbs'), opts));
  compiled = hb.compile<ScriptView>(read('script.sh.hbs'), opts);
  return compiled;
}

/** Render the script. Pure: the same view gives the same text. */
export function renderScript(view: ScriptView): string {
  return template()(view);
}
