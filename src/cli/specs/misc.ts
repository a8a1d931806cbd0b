import { type Command, Option } from 'commander';
import type { Spec } from './index.js';

export const explainSpec: Spec = (program: Command, run) => {
  program
    .command('explain')
    .description('explain a diagnostic code: what triggers it and how to fix it')
    .argument('<code>', 'a diagnostic code such as FC3002')
    .addHelpText('after', '\nExamples:\n  flowctl explain FC3003\n  flowctl explain --list')
    .option('--list', 'list every code')
    .action((code, flags) => run(() => import('../commands/explain.js'), code, flags));
};

export const schemaSpec: Spec = (program: Command, run) => {
  program
    .command('schema')
    .description('print the JSON Schema of pipelines or registries (for editors and CI)')
    .addArgument(program.createArgument('[kind]', 'pipeline or registry').choices(['pipeline', 'registry']))
    .addHelpText(
      'after',
      '\nExamples:\n  flowctl schema pipeline > pipeline.schema.json\n  # yaml-language-server: $schema=<path>/pipeline.schema.json',
    )
    .action((kind) => run(() => import('../commands/schema.js'), kind ?? 'pipeline'));
};

export const completionSpec: Spec = (program: Command, run) => {
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(program.createArgument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      '\nExamples:\n  source <(flowctl completion bash)\n  flowctl completion fish > ~/.config/fish/completions/flowctl.fish',
    )
    .action((shell) => run(() => import('../commands/completion.js'), shell, program));
};

export const formatOption = (choices: string[], def: string) =>
  new Option('--format <format>', 'output format').choices(choices).default(def);
