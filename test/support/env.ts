/**
 * Test-run environment policy.
 *
 * UPDATE_GOLDEN=1 asks golden tests to rewrite their expected files instead of comparing. CI must
 * never write goldens: with CI set (any value but '', '0' or 'false') and UPDATE_GOLDEN set, the
 * run fails before any test.
 */

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return truthy(env.CI);
}

/** Throws when golden files would be written in CI. */
export function assertGoldenPolicy(env: NodeJS.ProcessEnv = process.env): void {
  if (truthy(env.UPDATE_GOLDEN) && isCI(env)) {
    throw new Error(
      'UPDATE_GOLDEN is set while CI is set: CI must never write golden files. ' +
        'Regenerate them locally with `npm run golden:update` and commit the result.',
    );
  }
}

/** True when golden tests should rewrite their expected files (never in CI: that throws). */
export function updateGoldenRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  assertGoldenPolicy(env);
  return truthy(env.UPDATE_GOLDEN);
}
