import { code, type CodeTable } from '../types.js';

const q = (s: string) => `'${s}'`;

/** FC1xxx: reading, parsing and schema-checking input files. */
export const loadCodes = {
  FC1001: code<{ detail: string }>(
    'error',
    'yaml-syntax',
    (a) => `YAML syntax error: ${a.detail}.`,
    'The file could not be parsed as YAML 1.2. The position points at the first character the parser could not accept, or at the opening bracket or quote that is never closed; other common causes are tabs used for indentation and a missing space after a colon.',
  ),
  FC1002: code<{ file: string; reason: string }>(
    'error',
    'unreadable-file',
    (a) => `cannot read ${q(a.file)}: ${a.reason}.`,
    'The file does not exist or cannot be read. Check the path (it is relative to the current directory) and the permissions.',
  ),
  FC1003: code<{ bytes: number; limit: number }>(
    'error',
    'input-too-large',
    (a) =>
      `the file is ${a.bytes} bytes, over the ${a.limit}-byte input limit; raise it with --max-input-bytes if this is intended.`,
    'Inputs are capped before parsing so that a hostile or accidental huge file cannot stall CI. A 10,000-component pipeline is about 1.2 MB; the default limit is 8 MiB.',
  ),
  FC1004: code<{ detail: string }>(
    'error',
    'bad-encoding',
    (a) => `the file is not valid UTF-8: ${a.detail}; save it as UTF-8.`,
    'flowctl reads YAML as UTF-8 only. A UTF-16 or UTF-32 file (often written by Windows editors) or stray Latin-1 bytes are refused rather than silently turned into replacement characters. Re-save the file as UTF-8 without a byte-order mark.',
  ),
  FC1005: code<{ limit: number }>(
    'error',
    'alias-limit',
    (a) =>
      `the file expands YAML aliases beyond ${a.limit} nodes; a pipeline never needs that many, so remove the alias chain.`,
    'YAML aliases (*name) can reference anchors that themselves hold aliases, doubling the document at every level ("billion laughs"). flowctl bounds the number of aliases and the size of the expanded document.',
  ),
  FC1006: code<{ key: string }>(
    'error',
    'duplicate-key',
    (a) => `the key ${q(a.key)} appears twice in the same mapping; remove one of them.`,
    'YAML 1.2 requires mapping keys to be unique. Some tools silently keep the last value; flowctl refuses the file so that what you reviewed is what runs.',
  ),
  FC1007: code<{ key: string }>(
    'error',
    'forbidden-key',
    (a) => `the key ${q(a.key)} is not allowed, because it can alter JavaScript objects; rename it.`,
    'Keys named __proto__, constructor or prototype are refused everywhere in the input, so that no merge of user data can pollute object prototypes.',
  ),
  FC1008: code<{ tag: string }>(
    'error',
    'unsupported-tag',
    (a) =>
      `the YAML tag ${q(a.tag)} is not supported; write the value as a plain string, number, boolean, list or mapping.`,
    'Only the YAML 1.2 core types are accepted. Tags such as !!binary, !!timestamp, !!set or custom !tags are refused rather than guessed at.',
  ),
  FC1009: code<{ limit: number }>(
    'error',
    'too-deep',
    (a) => `the document nests deeper than ${a.limit} levels; flatten it.`,
    'A pipeline is a few levels deep. Very deep nesting is refused before it can exhaust the stack of any later stage.',
  ),
  FC1010: code<{ found: string }>(
    'error',
    'unknown-format',
    (a) =>
      `this is not a flowctl pipeline (${a.found}); start the file with 'apiVersion: flowctl/v1' and 'kind: Pipeline', or 'apiVersion: flowctl/v2' and 'kind: Topology'.`,
    'flowctl accepts three formats: v1 pipelines (apiVersion flowctl/v1, kind Pipeline), v2 intent topologies (apiVersion flowctl/v2, kind Topology) and the legacy format (version, source, processors, sink). Anything else is refused with this one error rather than a guess. `flowctl init` writes a starter v1 file.',
  ),
  FC1011: code<void>(
    'warning',
    'legacy-format',
    () =>
      "the legacy format (version/source/processors/sink) is deprecated; run 'flowctl resolve -f FILE' to print the same pipeline as flowctl/v1 and replace this file with it.",
    'The legacy format of the Go flowctl is still read: its source, processors (in order) and sink become a linear v1 pipeline, with params.image, params.command and params.env carried over. `flowctl resolve -f old.yaml > pipeline.yaml` prints the equivalent v1 file.',
  ),
  FC1012: code<{ key: string; where: string; suggestion?: string }>(
    'warning',
    'unknown-key',
    (a) =>
      `unknown key ${q(a.key)} in ${a.where}${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '; remove it.'}`,
    'The key is not part of the format, so it would have no effect. Typos are the usual cause. Unknown keys are warnings, and errors under --strict, so that CI can refuse them.',
  ),
  FC1013: code<{ key: string; where: string }>(
    'error',
    'missing-key',
    (a) => `${a.where} is missing the required key ${q(a.key)}.`,
    'A required key is absent. See `flowctl schema pipeline` for the full format.',
  ),
  FC1014: code<{ what: string; expected: string; got: string; hint?: string }>(
    'error',
    'wrong-type',
    (a) => `${a.what} must be ${a.expected}, not ${a.got}${a.hint ? `; ${a.hint}` : ''}.`,
    'The value has the wrong YAML type. When a string is expected and a number arrives (image tags, versions, modes such as 0400), quote it: YAML reads 1.10 as the number 1.1.',
  ),
  FC1015: code<{ what: string; value: string; allowed: string; suggestion?: string }>(
    'error',
    'bad-value',
    (a) =>
      `${a.what} is ${q(a.value)}, which is not one of ${a.allowed}${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '.'}`,
    'The value must be one of a fixed set of words.',
  ),
  FC1016: code<{ what: string; detail: string }>(
    'error',
    'schema-violation',
    (a) => `${a.what} ${a.detail}.`,
    'The value does not satisfy the pipeline schema (`flowctl schema pipeline`).',
  ),
  FC1017: code<{ detail: string }>(
    'warning',
    'yaml-warning',
    (a) => `YAML: ${a.detail}.`,
    'The YAML parser accepted the file but warned about it, for example about a %YAML 1.1 directive (flowctl always reads YAML 1.2: `no` stays a string, 0755 stays decimal 755).',
  ),
  FC1018: code<void>(
    'error',
    'merge-key',
    () =>
      "YAML merge keys ('<<') are not supported; write the keys out, or use 'extends' to share a base pipeline.",
    'Merge keys are a YAML 1.1 feature with surprising precedence rules; YAML 1.2 has none. flowctl refuses them instead of passing "<<" on as a key.',
  ),
  FC1019: code<{ what: string }>(
    'error',
    'control-character',
    (a) => `${a.what} contains a NUL or control character, which cannot be passed to a process; remove it.`,
    'NUL and other C0 control characters (except tab and newline in free text) cannot travel in command arguments, environment variables, names or labels.',
  ),
  FC1020: code<{ count: number; limit: number }>(
    'error',
    'too-many-nodes',
    (a) =>
      `the document has more than ${a.limit} nodes (${a.count} counted); split it or raise --max-input-bytes.`,
    'The number of YAML nodes is bounded so that parsing stays linear and memory bounded.',
  ),
  FC1021: code<{ path: string; reason: string }>(
    'error',
    'policy-violation',
    (a) => `policy ${a.path}: ${a.reason}.`,
    "A CUE policy given with --policy does not accept the resolved pipeline. The message is CUE's own; the position points at the offending value when it can be traced.",
  ),
  FC1022: code<{ file: string; detail: string }>(
    'error',
    'policy-invalid',
    (a) => `the policy ${q(a.file)} is not valid CUE: ${a.detail}.`,
    'The file given with --policy could not be compiled by CUE.',
  ),
} satisfies CodeTable;
