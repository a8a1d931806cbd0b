import { type Command, Option } from 'commander';
import { pipelineOptions } from '../common.js';
import type { Spec } from './index.js';

export const validateSpec: Spec = (program: Command, run) => {
  pipelineOptions(
    program
      .command('validate')
      .description('check pipelines and report every problem with file:line:col')
      .argument('[files...]', "pipeline files ('-' for standard input)", [])
      .addOption(
        new Option('--format <format>', 'diagnostics format')
          .choices(['text', 'json', 'sarif', 'github'])
          .default('text'),
      )
      .option(
        '--policy <file.cue>',
        'CUE constraints the resolved pipeline must satisfy (repeatable)',
        (v: string, p: string[] = []) => [...p, v],
        [],
      )
      .addHelpText(
        'after',
        `
Examples:
  flowctl validate pipeline.yaml
  flowctl validate --strict --format github pipelines/*.yaml
  flowctl validate pipeline.yaml --registry registry.yaml --policy policy.cue
  cat pipeline.yaml | flowctl validate -

Exit codes: 0 valid (warnings allowed unless --strict), 1 errors found, 2 usage or unreadable file.
Formats json and sarif print one document on standard output; text and github print to standard error and standard output respectively.`,
      ),
  ).action((files, flags) => run(() => import('../commands/validate.js'), files, flags));
};
