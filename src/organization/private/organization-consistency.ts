import { IConstruct } from 'constructs';
import { memberRoleNameOfArn, parseBackupVaultArn } from '../../private/limits';
import { validationError } from '../../private/validation';

// Checks that what the management account renders (the backup policy, the bus policy) agrees with
// what the StackSet deploys in each member account. Pure functions over rendered documents, run at
// synth by OrganizationBackup.

/** What an environment's member baseline deploys, and where. */
export interface BaselineFacts {
  readonly environmentName: string;
  readonly vaultName: string;
  readonly backupRoleName: string;
  /** The regions of the StackSet's stack instances. */
  readonly regions: string[];
  readonly organizationalUnitIds: string[];
  /** Other vaults the baseline deploys (air-gapped), each in some regions. */
  readonly otherVaults?: Array<{ readonly name: string; readonly regions: string[] }>;
  /** The GuardDuty scanner role the baseline deploys, if any. */
  readonly scannerRoleName?: string;
}

function vaultsOf(b: BaselineFacts): Array<{ name: string; regions: string[] }> {
  return [{ name: b.vaultName, regions: b.regions }, ...(b.otherVaults ?? [])];
}


function assigned(value: any): any {
  return value && typeof value === 'object' && '@@assign' in value ? value['@@assign'] : value;
}

function plansOf(document: any): Array<[string, any]> {
  return Object.entries(document?.plans ?? {});
}

/**
 * The policy's vault and role must be the baseline's: every rule's `target_backup_vault_name` is the
 * baseline vault, every selection's `iam_role_arn` names the baseline role (with `$account`).
 */
export function validatePolicyMatchesBaseline(scope: IConstruct, document: any, baseline: BaselineFacts): void {
  for (const [planName, plan] of plansOf(document)) {
    for (const [ruleName, rule] of Object.entries<any>(plan.rules ?? {})) {
      const vault = assigned(rule.target_backup_vault_name);
      if (vault !== baseline.vaultName) {
        throw validationError(scope, `environment ${baseline.environmentName}: plan ${planName} rule ${ruleName} backs up to vault '${vault}', ` +
          `but the member baseline deploys vault '${baseline.vaultName}': the policy's vault must exist in every member account`);
      }
    }
    // The scanner role GuardDuty assumes must be one the baseline deploys (and only then).
    const scannerArn = plan.scan_settings ? Object.values<any>(plan.scan_settings).map((s) => String(assigned(s.scanner_role_arn)))[0] : undefined;
    const scanner = scannerArn ? memberRoleNameOfArn(scannerArn) : undefined;
    if (scannerArn !== undefined && scanner !== baseline.scannerRoleName) {
      throw validationError(scope, `environment ${baseline.environmentName}: plan ${planName} scan_settings name scanner role '${scannerArn}', ` +
        (baseline.scannerRoleName ? `but the member baseline deploys role '${baseline.scannerRoleName}'` : 'but the member baseline deploys no scanner role'));
    }
    for (const [selectionName, selection] of Object.entries<any>(plan.selections?.resources ?? {})) {
      const arn = String(assigned(selection.iam_role_arn));
      const role = memberRoleNameOfArn(arn);
      if (role !== baseline.backupRoleName) {
        throw validationError(scope, `environment ${baseline.environmentName}: plan ${planName} selection ${selectionName} uses role '${arn}', ` +
          `but the member baseline deploys role '${baseline.backupRoleName}' (expected arn:<partition>:iam::$account:role/${baseline.backupRoleName})`);
      }
    }
  }
}

/**
 * Every copy destination of the policy's rules must be deployed by a baseline of this app (same
 * vault name, in the destination region, in every account of the source environment: `$account`
 * and OUs that include the source's), or declared external.
 */
export function validateCopyDestinations(
  scope: IConstruct, document: any, source: BaselineFacts, baselines: BaselineFacts[], external: string[],
): void {
  for (const [planName, plan] of plansOf(document)) {
    for (const [ruleName, rule] of Object.entries<any>(plan.rules ?? {})) {
      for (const arn of Object.keys(rule.copy_actions ?? {})) {
        if (external.includes(arn)) continue;
        const problem = copyDestinationProblem(arn, source, baselines);
        if (problem) {
          throw validationError(scope, `environment ${source.environmentName}: plan ${planName} rule ${ruleName} copies to '${arn}', ${problem}: ` +
            'deploy that vault with an environment of this OrganizationBackup or declare it in externalCopyDestinationArns');
        }
      }
    }
  }
}

function copyDestinationProblem(arn: string, source: BaselineFacts, baselines: BaselineFacts[]): string | undefined {
  const parts = parseBackupVaultArn(arn, { allowAccountVariable: true });
  if (!parts) return 'which is not a backup vault ARN (arn:<partition>:backup:<region>:<account or $account>:backup-vault:<name>)';
  const { region, account, vaultName: name } = parts;
  if (account !== '$account') return `a vault of account ${account}, which no baseline of this app deploys`;
  const sameName = baselines.filter((b) => vaultsOf(b).some((v) => v.name === name));
  if (sameName.length === 0) return `but no environment's baseline deploys a vault named '${name}'`;
  const regionsOf = (b: BaselineFacts) => vaultsOf(b).filter((v) => v.name === name).flatMap((v) => v.regions);
  const inRegion = sameName.filter((b) => regionsOf(b).includes(region));
  if (inRegion.length === 0) {
    return `but the baseline that deploys vault '${name}' does not deploy it in ${region} (its regions: ${sameName.map((b) => regionsOf(b).join(', ')).join('; ')})`;
  }
  const covering = inRegion.filter((b) => source.organizationalUnitIds.every((ou) => b.organizationalUnitIds.includes(ou)));
  if (covering.length === 0) {
    return `but the baseline that deploys vault '${name}' in ${region} does not target every OU of the environment (${source.organizationalUnitIds.join(', ')})`;
  }
  return undefined;
}

/**
 * The central bus policy must admit only accounts of the organization: every statement that allows
 * `events:PutEvents` carries `StringEquals` `aws:PrincipalOrgID` equal to the organization id.
 */
export function validateBusPolicyScopedToOrganization(scope: IConstruct, statements: any[], organizationId: string): void {
  if (statements.length === 0) {
    throw validationError(scope, 'the central event bus has no resource policy: member accounts could not send their events');
  }
  for (const statement of statements) {
    const orgId = statement?.Condition?.StringEquals?.['aws:PrincipalOrgID'];
    if (statement.Effect === 'Allow' && orgId !== organizationId) {
      throw validationError(scope, `the central event bus policy statement ${statement.Sid ?? '(no Sid)'} allows ${JSON.stringify(statement.Principal)} ` +
        `without the condition StringEquals aws:PrincipalOrgID = ${organizationId}: the bus must admit only the organization's accounts`);
    }
  }
}
