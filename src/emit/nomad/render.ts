import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { JobView } from './job.js';

// templates/ sits at the package root: three levels up from src/emit/nomad/ and dist/emit/nomad/.
const TEMPLATES = new URL('../../../templates/nomad/', import.meta.url);

let compiled: ((view: JobView) => string) | undefined;

/**
 * Render a job view with templates/nomad/*.hbs. The templates hold no logic beyond presence
 * tests and loops, and print only triple-stash values: every value is already HCL-escaped by
 * the view model, and Handlebars' HTML escaping must never apply.
 */
export function renderJob(view: JobView): string {
  if (!compiled) {
    const hb = Handlebars.create();
    const read = (name: string) => readFileSync(new URL(`${name}.hbs`, TEMPLATES), 'utf8');
    hb.registerPartial('group', read('group'));
    hb.registerPartial('task', read('task'));
    compiled = hb.compile<JobView>(read('job'), { strict: false, preventIndent: false });
  }
  // Partial indentation also indents blank lines; no HCL string spans lines (newlines are
  // escaped), so trailing blanks are never part of a value.
  return compiled(view).replace(/[ \t]+$/gm, '');
}
