import { spawnSync } from 'child_process';

/** A finding of cfn-lint (JSON output). */
export interface CfnLintFinding {
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Level: string;
  readonly Filename: string;
}

const INSTALL_HINT = "Is cfn-lint installed? pip install 'cfn-lint>=1.51'";

/**
 * Checks templates with `cfn-lint` (preinstalled with Python). W3005 (an explicit DependsOn that an
 * intrinsic already implies) is ignored: plain CDK output triggers it. Fails with a clear message when
 * cfn-lint is missing or does not answer in JSON: the check is never skipped. One cfn-lint process a
 * call (Python and cfn-lint's schemas load in about 2 s of CPU): pass all of a test's templates at once.
 * `command` is for the test of this helper.
 */
export function cfnLint(templatePaths: string[], command: string = 'cfn-lint'): CfnLintFinding[] {
  const result = spawnSync(command, ['--format', 'json', '--ignore-checks', 'W3005', '--', ...templatePaths], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`cfn-lint is required by this test but could not be run (${result.error.message}). ${INSTALL_HINT}`);
  }
  // cfn-lint exits non-zero when it finds something; its JSON output lists the findings. Anything else
  // (a pyenv shim without cfn-lint behind it, a crash) is an error, never an empty list.
  const out = (result.stdout ?? '').trim();
  if (!out.startsWith('[')) {
    throw new Error(`cfn-lint did not produce JSON (exit ${result.status}): ${result.stderr || out}. ${INSTALL_HINT}`);
  }
  return JSON.parse(out) as CfnLintFinding[];
}
