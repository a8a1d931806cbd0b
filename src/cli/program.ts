import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, type Io, version } from './common.js';
import type { CommandModule } from './specs/index.js';
import {
  applySpec,
  deleteSpec,
  diffSpec,
  graphSpec,
  initSpec,
  resolveSpec,
  topologySpec,
  translateSpec,
  watchSpec,
} from './specs/pipeline-commands.js';
import { completionSpec, explainSpec, schemaSpec } from './specs/misc.js';
import { validateSpec } from './specs/validate.js';

/** Every command, in help order. A command is one spec here and one module in commands/. */
const SPECS = [
  validateSpec,
  translateSpec,
  resolveSpec,
  topologySpec,
  applySpec,
  diffSpec,
  deleteSpec,
  graphSpec,
  watchSpec,
  initSpec,
  schemaSpec,
  explainSpec,
  completionSpec,
];

/** Build the CLI program. The returned promise resolves to the exit code; nothing here exits. */
export function buildProgram(io: Io): { program: Command; result: () => number } {
  let code = 0;
  const program = new Command('flowctl')
    .description(
      'Compile data-pipeline definitions into Docker Compose, Kubernetes, Nomad and local scripts, and apply them.',
    )
    .version(version(), '-V, --version')
    .option('--no-color', 'disable colored output (also NO_COLOR)')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const runner = async (load: () => Promise<unknown>, ...args: unknown[]) => {
    const mod = (await load()) as CommandModule;
    code = await mod.run(io, ...(args as never[]));
  };
  for (const spec of SPECS) spec(program, runner);
  for (const c of program.commands) c.exitOverride().showSuggestionAfterError(true);
  return { program, result: () => code };
}

/** Run the CLI with argv (without node and script). */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const { program, result } = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    io.stderr(`flowctl: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_USAGE;
  }
}
