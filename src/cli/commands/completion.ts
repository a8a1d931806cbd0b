import type { Command } from 'commander';
import { bashCompletion, describe, fishCompletion, zshCompletion } from '../completion.js';
import { EXIT_OK, type Io } from '../common.js';

/** `flowctl completion bash|zsh|fish`: generated from the same command tree the CLI parses. */
export async function run(io: Io, shell: 'bash' | 'zsh' | 'fish', program: Command): Promise<number> {
  const tree = describe(program);
  io.stdout(
    shell === 'bash' ? bashCompletion(tree) : shell === 'zsh' ? zshCompletion(tree) : fishCompletion(tree),
  );
  return EXIT_OK;
}
