import { spawnSync } from 'child_process';

/** A finding of cfn-lint (JSON output). */
export interface CfnLintFinding {
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Level: string;
  readonly Filename: string;
}

/**
 * Checks templates with `cfn-lint` (preinstalled with Python). W3005 (an explicit DependsOn that an
 * intrinsic already implies) is ignored: plain CDK output triggers it. Fails with a clear message when
 * cfn-lint is missing: the check is never skipped.
 */
export function cfnLint(templatePaths: string[]): CfnLintFinding[] {
  const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error(
      `cfn-lint is required by this test but could not be run (${version.error?.message ?? version.stderr}). ` +
      "Install it with: pip install 'cfn-lint>=1.51'",
    );
  }
  const result = spawnSync('cfn-lint', ['--format', 'json', '--ignore-checks', 'W3005', '--', ...templatePaths], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // cfn-lint exits non-zero when it finds something; its JSON output lists the findings.
  const out = result.stdout.trim();
  if (!out.startsWith('[')) {
    throw new Error(`cfn-lint did not produce JSON (exit ${result.status}): ${result.stderr || out}`);
  }
  return JSON.parse(out) as CfnLintFinding[];
}
