import { type Command, Option } from 'commander';
import { pipelineOptions } from '../common.js';
import type { Spec } from './index.js';

const TARGETS = ['compose', 'docker-compose', 'kubernetes', 'k8s', 'nomad', 'local', 'process', 'bash'];
const BACKENDS = ['docker', 'kubernetes', 'k8s', 'local'];

export const translateSpec: Spec = (program: Command, run) => {
  pipelineOptions(
    program
      .command('translate')
      .description('compile a pipeline into deployment artifacts for one target')
      .requiredOption('-f, --file <file>', "pipeline file ('-' for standard input)")
      .addOption(new Option('-o, --output <target>', 'target').choices(TARGETS).makeOptionMandatory())
      .option('--out-dir <dir>', 'write files here (and print their paths) instead of standard output')
      .option('--check', 'write nothing; compare with --out-dir and print a unified diff of every difference')
      .option('--prefix <prefix>', 'prefix for every generated name (services, objects, jobs)')
      .option('--image-registry <registry>', 'registry host prepended to images that name none')
      .option('--namespace <ns>', 'Kubernetes/Nomad namespace (overrides metadata.namespace)')
      .option(
        '--datacenter <dc>',
        'Nomad datacenter (repeatable)',
        (v: string, p: string[] = []) => [...p, v],
        [],
      )
      .option('--region <region>', 'Nomad region')
      .option('--verbose', 'print every note (info diagnostic) with its position, not only their count')
      .addHelpText(
        'after',
        `
Examples:
  flowctl translate -f pipeline.yaml -o compose > compose.yaml
  flowctl translate -f pipeline.yaml -o k8s --out-dir deploy/k8s
  flowctl translate -f pipeline.yaml -o k8s --out-dir deploy/k8s --check   # in CI
  flowctl translate -f pipeline.yaml -o nomad --datacenter dc1`,
      ),
  ).action((flags) => run(() => import('../commands/translate.js'), flags));
};

export const resolveSpec: Spec = (program: Command, run) => {
  pipelineOptions(
    program
      .command('resolve')
      .description(
        'print the concrete flowctl/v1 pipeline: intents expanded, references resolved, layers applied',
      )
      .requiredOption('-f, --file <file>', "pipeline or topology file ('-' for standard input)")
      .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
      .option(
        '--lock',
        'record the chain of every flow in <file>.lock; later runs stop if a chain would change',
      )
      .option('--update-lock', 'accept the chains chosen now and rewrite <file>.lock')
      .addHelpText(
        'after',
        `
Examples:
  flowctl resolve -f topology.yaml > pipeline.yaml     # a v2 topology as a concrete v1 pipeline
  flowctl resolve -f topology.yaml --lock              # also record the chosen chains
  flowctl resolve -f old-legacy.yaml > pipeline.yaml   # migrate the legacy format
  flowctl resolve -f pipeline.yaml --env prod --format json`,
      ),
  ).action((flags) => run(() => import('../commands/resolve.js'), flags));
};

const collectAll = (v: string, p: string[] = []) => [...p, v];

export const topologySpec: Spec = (program: Command, run) => {
  const topology = program.command('topology').description('explore what the registry can connect');
  topology
    .command('suggest')
    .description('print the chains of components that lead from an event type to a type or capability')
    .requiredOption('--from <type>', 'event type, capability or component to start from')
    .requiredOption('--to <type>', 'event type, capability or component to reach')
    .option('--all', 'print every shortest chain, not only the chosen one')
    .option(
      '--via <component>',
      'a component the chain must pass through (repeatable, in order)',
      collectAll,
      [],
    )
    .option('--where <label=value>', 'only registry entries whose labels agree (repeatable)', collectAll, [])
    .option('--max-depth <n>', 'most components a chain may have (default 8)')
    .option('--registry <file>', 'registry file (repeatable)', collectAll, [])
    .option('--no-default-registry', 'do not consult the registry shipped with flowctl')
    .addHelpText(
      'after',
      `
Examples:
  flowctl topology suggest --from stellar.ledger.v1 --to postgres
  flowctl topology suggest --from stellar.ledger.v1 --to postgres --all
  flowctl topology suggest --from kafka --to stdout --via filter
  flowctl topology suggest --from stellar.ledger.v1 --to duckdb --registry my-registry.yaml

Exit codes: 0 a chain exists, 1 none does (the message says what each side can reach), 2 usage.`,
    )
    .action((flags) => run(() => import('../commands/topology.js'), flags));
};

function applyLike(program: Command, name: string, description: string, examples: string): Command {
  return pipelineOptions(
    program
      .command(name)
      .description(description)
      .requiredOption('-f, --file <file>', "pipeline file ('-' for standard input)")
      .addOption(
        new Option('-t, --target <backend>', 'backend (default: the pipeline driver, else docker)').choices(
          BACKENDS,
        ),
      )
      .option('--context <name>', 'kubeconfig context (kubernetes)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .addHelpText('after', `\nExamples:\n${examples}`),
  );
}

export const applySpec: Spec = (program: Command, run) => {
  applyLike(
    program,
    'apply',
    'deploy a pipeline: plan, show the plan, execute it',
    '  flowctl apply -f pipeline.yaml -t docker\n  flowctl apply -f pipeline.yaml -t k8s --dry-run\n  flowctl apply -f pipeline.yaml --prune --wait --timeout 2m',
  )
    .option('--dry-run', 'show the plan (kubernetes: server-side dry run) and change nothing')
    .option('--prune', "remove this pipeline's objects that are no longer in it")
    .option('--wait', 'wait until every component is healthy (or rolled out)')
    .option('--timeout <duration>', 'how long --wait and health waits may take', '5m')
    .option('--force-conflicts', 'kubernetes: take over fields another field manager owns instead of failing')
    .action((flags) => run(() => import('../commands/apply.js'), flags));
};

export const diffSpec: Spec = (program: Command, run) => {
  applyLike(
    program,
    'diff',
    'print what apply would change, changing nothing',
    '  flowctl diff -f pipeline.yaml -t docker',
  ).action((flags) => run(() => import('../commands/diff.js'), flags));
};

export const deleteSpec: Spec = (program: Command, run) => {
  applyLike(
    program,
    'delete',
    'remove exactly what apply created for this pipeline',
    '  flowctl delete -f pipeline.yaml -t docker',
  )
    .option('--timeout <duration>', 'how long to wait for objects to go', '2m')
    .action((flags) => run(() => import('../commands/delete.js'), flags));
};

export const graphSpec: Spec = (program: Command, run) => {
  pipelineOptions(
    program
      .command('graph')
      .description('print the pipeline DAG with event types on its edges')
      .requiredOption('-f, --file <file>', "pipeline file ('-' for standard input)")
      .addOption(
        new Option('--format <format>', 'graph language').choices(['mermaid', 'dot']).default('mermaid'),
      )
      .addHelpText(
        'after',
        '\nExamples:\n  flowctl graph -f pipeline.yaml\n  flowctl graph -f pipeline.yaml --format dot | dot -Tsvg > pipeline.svg',
      ),
  ).action((flags) => run(() => import('../commands/graph.js'), flags));
};

export const watchSpec: Spec = (program: Command, run) => {
  pipelineOptions(
    program
      .command('watch')
      .description('re-validate and regenerate artifacts on every save of the pipeline or its registries')
      .requiredOption('-f, --file <file>', 'pipeline file')
      .addOption(new Option('-o, --output <target>', 'target').choices(TARGETS).makeOptionMandatory())
      .requiredOption('--out-dir <dir>', 'directory the artifacts are written to')
      .addHelpText(
        'after',
        '\nExamples:\n  flowctl watch -f pipeline.yaml -o compose --out-dir deploy/compose',
      ),
  ).action((flags) => run(() => import('../commands/watch.js'), flags));
};

export const initSpec: Spec = (program: Command, run) => {
  program
    .command('init')
    .description('write a commented starter pipeline.yaml and registry.yaml')
    .argument('[dir]', 'directory to write into', '.')
    .option('--non-interactive', 'ask nothing; use flags and defaults')
    .option('--name <name>', 'pipeline name')
    .option('--preset <preset>', 'starter: local-demo, testnet-duckdb, testnet-postgres')
    .option('--force', 'overwrite existing files')
    .option('--port-base <port>', 'first of the three loopback ports the local-demo starter uses', '8701')
    .addHelpText(
      'after',
      '\nExamples:\n  flowctl init my-pipeline\n  flowctl init my-pipeline --non-interactive --name demo',
    )
    .action((dir, flags) => run(() => import('../commands/init.js'), dir, flags));
};
