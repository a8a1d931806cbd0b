import type { Command } from 'commander';
import type { Io } from '../common.js';

/** A command module: `run(io, ...commander action args)` → exit code. Loaded only when invoked. */
export interface CommandModule {
  run(io: Io, ...args: never[]): Promise<number>;
}

export type Runner = (load: () => Promise<unknown>, ...args: unknown[]) => Promise<void>;

/** A spec declares a command's arguments, options and help; it must stay light to import. */
export type Spec = (program: Command, run: Runner) => void;
