import { Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { BackupResourceType, ScanMode } from '../plan';
import { OrganizationBackupPolicyProps } from './organization-backup-policy-props';
import {
  checkBackupName, checkBackupVaultArn, checkPolicyResourceArn, checkRoleNameWithPath, isPolicyTargetId,
  checkIndexResourceTypeCount, checkIndexResourceTypes, checkMaxLength, checkRegion,
  checkScanResourceTypes, checkTagCondition, checkTags, checkVaultName,
  MAX_BACKUP_POLICY_CHARACTERS, MAX_ORGANIZATION_POLICY_DESCRIPTION_LENGTH, MAX_ORGANIZATION_POLICY_NAME_LENGTH, PLAN_OPTION_LIMITS,
  RULE_LIMITS, TAG_LIMITS,
} from '../private/limits';
import { renderBackupPolicy, ruleNameOf } from './private/policy-document';
import { shareCreationTrace } from '../private/creation-trace';
import { ruleProblem } from '../private/rule-validation';
import { assertValid, isUnresolved, requireElements, requireProps, validationError } from '../private/validation';
import { warn, WARNINGS } from '../private/warnings';


/**
 * An AWS Organizations backup policy (`AWS::Organizations::Policy` of type `BACKUP_POLICY`) that
 * renders backup rules and a tag selection (AND) as a backup plan, attached to roots, OUs or
 * accounts: every account under the targets gets the plan. Deploy it from the management account
 * (or a delegated administrator for backup policies).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export class OrganizationBackupPolicy extends Construct {
  /** The policy's id (`p-…`). */
  public readonly policyId: string;

  /** The policy's ARN. */
  public readonly policyArn: string;

  /** The policy document, as rendered into the template. */
  public readonly document: any;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: OrganizationBackupPolicyProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    this.validateProps(props);
    this.document = renderBackupPolicy(props);
    const size = JSON.stringify(this.document).length;
    if (size > MAX_BACKUP_POLICY_CHARACTERS) {
      throw validationError(this, `the policy document (${size} characters) must be at most ${MAX_BACKUP_POLICY_CHARACTERS} characters (AWS Organizations limit of a backup policy): use fewer rules, copies or conditions`);
    }
    const policy = new organizations.CfnPolicy(this, 'Resource', {
      name: props.policyName,
      description: props.description,
      type: 'BACKUP_POLICY',
      content: this.document,
      targetIds: props.targetIds,
    });
    this.policyId = policy.attrId;
    this.policyArn = policy.attrArn;
  }

  private validateProps(props: OrganizationBackupPolicyProps) {
    requireProps(this, props, ['policyName', 'rules', 'selectionTags', 'backupVaultName', 'regions']);
    requireElements(this, 'rules', props.rules);
    requireElements(this, 'regions', props.regions);
    const name = props.policyName;
    if (!isUnresolved(name) && (name.length < 1 || name.length > MAX_ORGANIZATION_POLICY_NAME_LENGTH)) {
      throw validationError(this, `policyName ('${name}') must be 1 to ${MAX_ORGANIZATION_POLICY_NAME_LENGTH} characters`);
    }
    if (props.description !== undefined) {
      assertValid(this, checkMaxLength('description', props.description, MAX_ORGANIZATION_POLICY_DESCRIPTION_LENGTH));
    }
    assertValid(this, checkBackupName(props.planName === undefined ? 'planName (the policy name; set planName when the policy name does not fit)' : 'planName', props.planName ?? name));
    assertValid(this, checkVaultName('backupVaultName', props.backupVaultName));
    assertValid(this, checkBackupName('selectionName', props.selectionName ?? 'tagged-resources'));
    if (props.regions.length === 0) {
      throw validationError(this, 'regions ([]) must name at least one region where the plan protects resources');
    }
    for (const region of props.regions) assertValid(this, checkRegion('regions', region));
    if (new Set(props.regions).size !== props.regions.length) {
      throw validationError(this, `regions (${props.regions.join(', ')}) must not repeat a region`);
    }
    const role = props.iamRoleName ?? 'service-role/AWSBackupDefaultServiceRole';
    assertValid(this, checkRoleNameWithPath('iamRoleName', role));
    for (const target of props.targetIds ?? []) {
      if (!isUnresolved(target) && !isPolicyTargetId(target)) {
        throw validationError(this, `targetIds: '${target}' must be a root (r-…), an OU (ou-…-…) or an account id (12 digits)`);
      }
    }
    for (const [property, types] of [['resourceTypes', props.resourceTypes], ['excludedResourceTypes', props.excludedResourceTypes]] as const) {
      for (const type of types ?? []) assertValid(this, checkPolicyResourceArn(property, type));
    }
    for (const [key, value] of Object.entries(props.selectionTags)) {
      assertValid(this, checkTagCondition('selectionTags', key, value));
    }
    (props.selectionConditions ?? []).forEach((c, i) => {
      requireProps(this, c, ['key', 'value'], `selectionConditions[${i}]`);
      assertValid(this, checkTagCondition(`selectionConditions[${i}]`, c.key, c.value));
    });
    if (props.backupPlanTags) assertValid(this, checkTags('backupPlanTags', props.backupPlanTags));
    if (props.backupIndexes) {
      const indexed = BackupResourceType._validateAll(this, 'backupIndexes', props.backupIndexes, PLAN_OPTION_LIMITS.indexResourceTypes, checkIndexResourceTypes);
      assertValid(this, checkIndexResourceTypeCount('backupIndexes', indexed));
    }
    if (props.malwareScanning) {
      const scanning = props.malwareScanning;
      if (scanning.scannerRole) {
        throw validationError(this, 'malwareScanning.scannerRole is not supported in a backup policy: the role must exist in every member account; name it with malwareScanning.scannerRoleName');
      }
      requireProps(this, scanning, ['scannerRoleName'], 'malwareScanning');
      // Searched (issue 19 item 10): the Organizations user guide's "Backup policy syntax and
      // examples" and AWS Backup's malware protection pages show no scan_actions / scan_settings JSON.
      warn(this, WARNINGS.undocumentedScanPolicy,
        'malwareScanning: the policy\'s scan_actions and scan_settings blocks follow no JSON AWS documents for backup policies ' +
        '(the Organizations user guide, "Backup policy syntax and examples", shows none): they are written like copy_actions, keyed by GUARDDUTY, ' +
        'with the fields of the AWS Backup API\'s ScanAction and ScanSetting. Organizations may reject the policy or AWS Backup may ignore the blocks: ' +
        'after deploying, check a member account\'s effective backup policy (aws organizations describe-effective-policy --policy-type BACKUP_POLICY) ' +
        'and its backup plan\'s ScanSettings');
      if (scanning.resourceTypes) BackupResourceType._validateAll(this, 'malwareScanning.resourceTypes', scanning.resourceTypes, PLAN_OPTION_LIMITS.scanResourceTypes, checkScanResourceTypes);
      if (scanning.scanMode !== undefined && !Object.values(ScanMode).includes(scanning.scanMode)) {
        throw validationError(this, `malwareScanning.scanMode ("${scanning.scanMode}") must be one of ${Object.values(ScanMode).join(', ')}`);
      }
      assertValid(this, checkRoleNameWithPath('malwareScanning.scannerRoleName', scanning.scannerRoleName!));
    }
    if (props.optInToArchive && !props.rules.some((r) => r.props.moveToColdStorageAfter !== undefined)) {
      throw validationError(this, 'optInToArchive (true) needs a rule with moveToColdStorageAfter: recovery points reach the archive tier through the cold storage transition, and no rule has one');
    }
    const conditionCount = Object.keys(props.selectionTags).length + (props.selectionConditions ?? []).length;
    if (conditionCount === 0) {
      throw validationError(this, 'selectionTags ({}) must hold at least one tag: a policy without conditions would back up every resource of every account');
    }
    if (conditionCount > TAG_LIMITS.maxConditionsPerSelection) {
      throw validationError(this, `selectionTags and selectionConditions (${conditionCount} conditions) must be at most ${TAG_LIMITS.maxConditionsPerSelection} (AWS limit of a selection)`);
    }
    if (props.rules.length === 0 || props.rules.length > RULE_LIMITS.maxRulesPerPlan) {
      throw validationError(this, `rules (${props.rules.length}) must be 1 to ${RULE_LIMITS.maxRulesPerPlan} (AWS limit of a backup plan)`);
    }
    const names = new Set<string>();
    props.rules.forEach((rule, i) => {
      const ruleName = ruleNameOf(rule, i);
      if (names.has(ruleName)) throw validationError(this, `ruleName ('${ruleName}') is used by two rules: rule names must be unique`);
      names.add(ruleName);
      this.validateRule(rule, ruleName);
    });
  }

  /** The rules of a backup plan (one source: `plan/rule-validation`), and what a policy adds. */
  private validateRule(rule: backup.BackupPlanRule, ruleName: string) {
    const p = rule.props;
    if (!p.scheduleExpression) {
      throw validationError(this, `rule ${ruleName}: scheduleExpression (undefined) is required in an organization backup policy`);
    }
    if (p.scheduleExpressionTimezone) {
      throw validationError(this, `rule ${ruleName}: scheduleExpressionTimezone (${p.scheduleExpressionTimezone.timezoneName}) is not supported by backup policies: write the schedule in UTC`);
    }
    assertValid(this, ruleProblem(rule, { ruleName }));
    for (const copy of p.copyActions ?? []) {
      const arn = copy.destinationBackupVault.backupVaultRef.backupVaultArn;
      if (Token.isUnresolved(arn)) {
        throw validationError(this, `rule ${ruleName}: a copy action's destination vault ARN is a token: an organization policy needs a literal ARN (use $account for the member account), e.g. backup.BackupVault.fromBackupVaultArn(this, 'Dr', 'arn:aws:backup:eu-central-1:$account:backup-vault:dr')`);
      }
      assertValid(this, checkBackupVaultArn(`rule ${ruleName}: copyActions destination`, arn));
    }
  }
}
