// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about literal ${VAR} text.
import { code, type CodeTable } from '../types.js';

const q = (s: string) => `'${s}'`;
const REF_FORMS = "write ${NAME}, ${NAME:-default} or ${NAME:?message}, or $${ for a literal '${'";

/** FC11xx: layers: variables, extends, environments, secrets. */
export const varsCodes = {
  FC1101: code<{ name: string }>(
    'error',
    'unset-variable',
    (a) =>
      `the variable ${q(a.name)} is not set; pass --var ${a.name}=VALUE, put it in a --var-file or the environment, or write a default as \${${a.name}:-default}.`,
    'A ${NAME} reference without a default needs the variable to be set: by --var NAME=VALUE, by a --var-file (dotenv), or in the environment of flowctl. flowctl never substitutes an empty string for an unset variable, because a silently empty image, host or password is worse than an error. Give a default with ${NAME:-default} when the value is optional.',
  ),
  FC1102: code<{ name: string; message: string }>(
    'error',
    'required-variable',
    (a) =>
      `the variable ${q(a.name)} is required${a.message ? `: ${a.message}` : ''}; set it with --var ${a.name}=VALUE, a --var-file or the environment.`,
    '${NAME:?message} stops with the message when NAME is unset or empty. The message is written by the pipeline author; it usually says what the variable is for.',
  ),
  FC1103: code<{ text: string; detail: string }>(
    'error',
    'malformed-variable',
    (a) => `${q(a.text)} is not a valid variable reference (${a.detail}); ${REF_FORMS}.`,
    'Inside string values, ${ starts a variable reference: ${NAME}, ${NAME:-default} (used when NAME is unset or empty) or ${NAME:?message} (an error with the message when NAME is unset or empty). Variable names are letters, digits and _, not starting with a digit. To write a literal ${, double the dollar: $${. A lone $ or $NAME is left as written.',
  ),
  FC1104: code<{ name: string; secret: string }>(
    'error',
    'secret-variable',
    (a) =>
      `the variable ${q(a.name)} holds the value of secret ${q(a.secret)}, so it cannot be copied into the pipeline; give the component the secret (secrets: name, env or container_path) instead of \${${a.name}}.`,
    'A variable named by a secret (secrets: [{from_env: NAME}]) holds a secret value. Interpolating it would write the value into every generated artifact (Compose files, manifests, job files, scripts), which are committed and shared. Reference the secret instead: targets then mount it or pass it by reference (a Kubernetes Secret, a Compose secret, a Nomad variable, a mode-0600 env file) and the value is read only at deploy time.',
  ),
  FC1105: code<{ detail: string }>(
    'error',
    'bad-var-file',
    (a) => `this line of the variable file is not valid dotenv: ${a.detail}; write NAME=value.`,
    "A --var-file is a dotenv file: one NAME=value per line, optionally prefixed by 'export '. Blank lines and lines starting with # are ignored. Values may be unquoted (trimmed, a ' #' starts a comment), single-quoted (literal) or double-quoted (\\n, \\t, \\\\ and \\\" escapes). Values are taken literally: no ${} expansion inside the file.",
  ),
  FC1106: code<{ detail: string }>(
    'error',
    'bad-extends',
    (a) => `${a.detail}.`,
    "extends names one base file, relative to the file that says it: extends: base.yaml. The base is read first and this file's values are merged over it: mappings merge key by key, lists of mappings that all have an id (or all a name) merge item by item, any other value replaces the base's. A base may itself extend another file.",
  ),
  FC1107: code<{ chain: string }>(
    'error',
    'extends-cycle',
    (a) => `extends forms a cycle (${a.chain}); remove one of these extends.`,
    'Each file of an extends chain is read once, from the file you named down to a file that extends nothing. A file that reaches itself again has no first layer, so the chain is refused.',
  ),
  FC1108: code<{ limit: number }>(
    'error',
    'extends-too-deep',
    (a) => `the extends chain is longer than ${a.limit} files; flatten some of the layers.`,
    'extends chains are bounded so that a mistake cannot make flowctl read files without end. A handful of layers (base, team, environment) is what pipelines need.',
  ),
  FC1109: code<{ env: string; defined: string; suggestion?: string }>(
    'error',
    'unknown-environment',
    (a) =>
      `the environment ${q(a.env)} is not defined${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''} (${a.defined}); add it under environments or choose another with --env.`,
    '--env NAME selects the overlay environments.NAME of the pipeline (after extends have been merged). The overlay is merged over the pipeline with the same rules as extends.',
  ),
  FC1110: code<{ detail: string }>(
    'error',
    'bad-environments',
    (a) => `${a.detail}.`,
    'environments maps a name to an overlay: a partial pipeline merged over the rest when --env NAME selects it, plus an optional target (docker, kubernetes, nomad or local) that apply uses by default. An overlay cannot itself hold extends or environments.',
  ),
  FC1111: code<{ detail: string }>(
    'error',
    'bad-delete-marker',
    (a) => `${a.detail}; write {$delete: true}, or {id: NAME, $delete: true} in a list.`,
    'In a file that extends another, or in an environment overlay, `key: {$delete: true}` removes an inherited key and `- {id: NAME, $delete: true}` (or name: NAME) removes an inherited list item. The marker holds nothing else.',
  ),
  FC1112: code<{ what: string }>(
    'warning',
    'delete-removes-nothing',
    (a) =>
      `this $delete removes nothing, because no base or earlier layer defines ${a.what}; check the spelling or remove the marker.`,
    'A $delete marker removes a value inherited through extends or present before an environment overlay. When there is nothing to remove, the marker is probably misspelled or stale.',
  ),
  FC1113: code<{ value: string }>(
    'error',
    'bad-environment-target',
    (a) =>
      `the environment target ${q(a.value)} is not a target; write docker, kubernetes, nomad or local (aliases compose, k8s, process).`,
    'An environment may name the target apply uses by default: environments: {prod: {target: kubernetes}}. It is stored as docker, kubernetes, nomad or local; compose and docker-compose mean docker, k8s means kubernetes, process and bash mean local.',
  ),
  FC1114: code<{ name: string }>(
    'error',
    'bad-variable-name',
    (a) => `${q(a.name)} is not a valid variable name; use letters, digits and _, not starting with a digit.`,
    'Variable names follow the environment-variable convention: [A-Za-z_][A-Za-z0-9_]*.',
  ),
} satisfies CodeTable;
