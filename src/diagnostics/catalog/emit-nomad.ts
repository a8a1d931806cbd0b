import { type CodeTable, code } from '../types.js';

/** FC43xx: nomad. */
export const emitNomadCodes = {
  FC4301: code<{ field: string; id: string; text: string }>(
    'warning',
    'nomad-interpolation',
    (a) =>
      `'${a.field}' of '${a.id}' contains '${a.text}', which Nomad replaces at run time when the task has a variable of that name; write it without '\${' or set it through 'env'.`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text names Nomad's ${name} syntax.
    'Nomad interpolates ${name} in task config, args, env and meta when name is one of its runtime variables (NOMAD_*, node.*, attr.*, meta.*) or an env var of the task, and has no escape for it. flowctl escapes the HCL itself, and moves such env values into a template, which Nomad does not interpolate; for args, command, image and meta it cannot, so it reports them. Under --strict it is an error.',
  ),
  FC4302: code<{ id: string; command: string }>(
    'warning',
    'nomad-implicit-command',
    (a) =>
      `'${a.id}' names neither 'image' nor 'command', so the Nomad task runs '${a.command}' with the exec driver; add 'image' or 'command' to the component or its registry entry.`,
    "A component resolved from a registry entry that names no runtime (as the Go flowctl's component metadata often does) gets the Go flowctl process driver's convention: the binary named after the entry, found on the Nomad client. Say which image or command to run to make it explicit.",
  ),
  FC4303: code<{ id: string; index: number; path: string }>(
    'warning',
    'nomad-host-path',
    (a) =>
      `host path '${a.path}' of volumes[${a.index}] of '${a.id}' is not absolute or contains '$', and Nomad resolves it on the client (relative to the task directory, without shell expansion); use an absolute path.`,
    "Docker Compose expands $HOME and resolves ./dir against the project directory; Nomad's docker driver does neither: a relative source is bound from the allocation's task directory and '$HOME' is taken literally. Write the absolute path the Nomad client should bind.",
  ),
  FC4304: code<{ id: string; index: number; volume: string; path: string }>(
    'info',
    'nomad-host-volume',
    (a) =>
      `volumes[${a.index}] of '${a.id}' is a Nomad host volume '${a.volume}': every client that may run it needs 'client { host_volume "${a.volume}" { path = "${a.path || '/path/on/client'}" } }'.`,
    "exec tasks cannot bind arbitrary host paths; flowctl requests a host volume with the volume's name instead, and the Nomad client configuration must define it (its path is the volume's host_path, when the pipeline gives one).",
  ),
  FC4305: code<{ field: string; id: string; key: string; nomadKey: string }>(
    'warning',
    'nomad-meta-key-clash',
    (a) =>
      `'${a.field}' key '${a.key}' of '${a.id}' becomes Nomad meta key '${a.nomadKey}', which another entry already uses, so it is left out; rename it.`,
    "Nomad replaces every character of a meta key outside [A-Za-z0-9_.] with '_', and flowctl's own ownership keys take precedence, so two keys can meet. The later one is not written.",
  ),
  FC4306: code<{ field: string; id: string }>(
    'warning',
    'nomad-unicode-normalisation',
    (a) =>
      `'${a.field}' of '${a.id}' is not in Unicode normal form C, and HCL normalises every string to NFC, so Nomad would read different characters; write it in NFC.`,
    "HashiCorp's HCL parser, which Nomad uses, applies Unicode NFC normalisation to every string literal, escaped or not: a decomposed accent or a compatibility ideograph arrives changed. Normalise the text (most editors save NFC) to keep it byte for byte.",
  ),
} satisfies CodeTable;
