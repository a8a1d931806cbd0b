import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_OK, type Io } from '../common.js';

/** The schema files the validators are compiled from, so editors and flowctl agree. */
export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas');

/** `flowctl schema [pipeline|registry]`: print the JSON Schema shipped in the package. */
export async function run(io: Io, kind: 'pipeline' | 'registry'): Promise<number> {
  io.stdout(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8'));
  return EXIT_OK;
}
