/**
 * Compose interpolation, decided in one place. docker-compose substitutes `$NAME`, `${NAME}`,
 * `${NAME:-default}` and `${NAME:?message}` in every string value of the file and reads `$$`
 * as one literal `$`. Services are built from raw strings; the YAML writer (yaml.ts) escapes
 * every string value as it writes it, so no field can forget it. The only unescaped `$` are
 * `Interpolation` values, built deliberately here (host paths, secrets from the deployer's
 * environment).
 */

/** Text written verbatim: a deliberate Compose interpolation, exempt from escaping. */
export class Interpolation {
  constructor(readonly text: string) {}
}

/** Every `$` as `$$` (a replacer function: a replacement string would itself treat `$$` as `$`). */
export function dollars(s: string): string {
  return s.replace(/\$/g, () => '$$');
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` can be a Compose interpolation variable (and a POSIX environment name). */
export function isVarName(name: string): boolean {
  return VAR_NAME.test(name);
}

/**
 * A host path (bind-mount source, secret file): `$NAME` and `${NAME}` become the deployer-side
 * interpolation `${NAME}`; any other `$` stays literal (`$$`). Returns the names it kept.
 */
export function hostPath(path: string): { value: Interpolation; names: string[] } {
  const names: string[] = [];
  const text = path.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))?/g,
    (_m, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare;
      if (name === undefined) return '$$';
      if (!names.includes(name)) names.push(name);
      return `\${${name}}`;
    },
  );
  return { value: new Interpolation(text), names };
}

/**
 * The value of the deployer's environment variable `name` (which must pass isVarName); when
 * `required`, docker-compose refuses to start without it and prints `message` (kept to
 * characters that cannot end the expression).
 */
export function fromEnvironment(name: string, required: boolean, message: string): Interpolation {
  const safe = message.replace(/[^A-Za-z0-9 ._-]+/g, '-');
  return new Interpolation(required ? `\${${name}:?${safe}}` : `\${${name}:-}`);
}

/** A Compose duration: whole seconds as `Ns`, else milliseconds `Nms` (at least 1ms). */
export function duration(seconds: number): string {
  if (Number.isInteger(seconds)) return `${seconds}s`;
  return `${Math.max(1, Math.round(seconds * 1000))}ms`;
}
