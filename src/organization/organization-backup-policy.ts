import { Duration, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { isUnresolved, validationError } from '../private/validation';
import { TagOperator, TagCondition } from '../selection/selection-options';
import { VAULT_NAME_PATTERN } from '../vault/vault-name';

/** Properties of an `OrganizationBackupPolicy`. */
export interface OrganizationBackupPolicyProps {
  /** The name of the AWS Organizations policy (1 to 128 characters). */
  readonly policyName: string;

  /**
   * The policy's description.
   *
   * @default - none.
   */
  readonly description?: string;

  /**
   * The name of the backup plan the policy creates in each account (`^[a-zA-Z0-9\-_.]{1,50}$`).
   *
   * @default - the policy name.
   */
  readonly planName?: string;

  /**
   * The rules, as for a backup plan (an `EnvironmentBackup` tier's rules). Each rule needs a
   * `scheduleExpression` (UTC: a policy has no time zone) and a literal name or gets `RuleN`.
   * Every rule backs up to `backupVaultName`; a rule's own `backupVault` is not used.
   */
  readonly rules: backup.BackupPlanRule[];

  /**
   * Tags a resource must carry, ALL of them (rendered as `string_equals` conditions of a
   * `resources` selection, which AWS combines with AND).
   */
  readonly selectionTags: { [key: string]: string };

  /**
   * More tag conditions (like, not equals, not like), combined with `selectionTags` by AND.
   *
   * @default - none.
   */
  readonly selectionConditions?: TagCondition[];

  /**
   * The name of the selection in the policy.
   *
   * @default 'tagged-resources'
   */
  readonly selectionName?: string;

  /**
   * Resource types the selection covers, as ARN patterns (e.g. `arn:aws:rds:*:*:cluster:*`).
   *
   * @default ['*']
   */
  readonly resourceTypes?: string[];

  /**
   * Resource types the selection never covers, as ARN patterns.
   *
   * @default - none.
   */
  readonly excludedResourceTypes?: string[];

  /**
   * The vault every rule backs up to. It must exist in each account and region the policy
   * applies to (deploy it with a StackSet, for example).
   */
  readonly backupVaultName: string;

  /** The regions where the plan protects resources, e.g. `['eu-west-1']`. */
  readonly regions: string[];

  /**
   * The IAM role AWS Backup assumes in each account, by name with its path; it must exist there.
   *
   * @default 'service-role/AWSBackupDefaultServiceRole'
   */
  readonly iamRoleName?: string;

  /**
   * The partition of the role's ARN.
   *
   * @default 'aws'
   */
  readonly partition?: string;

  /**
   * Roots (`r-…`), OUs (`ou-…`) or accounts (12 digits) the policy is attached to.
   *
   * @default - the policy is created and not attached.
   */
  readonly targetIds?: string[];

  /**
   * Tags of the backup plan created in each account.
   *
   * @default - none.
   */
  readonly backupPlanTags?: { [key: string]: string };
}

const OPERATOR_KEYS: { [op: string]: string } = {
  [TagOperator.STRING_EQUALS]: 'string_equals',
  [TagOperator.STRING_LIKE]: 'string_like',
  [TagOperator.STRING_NOT_EQUALS]: 'string_not_equals',
  [TagOperator.STRING_NOT_LIKE]: 'string_not_like',
};

/** AWS Organizations' size limit of a backup policy, in characters. */
const MAX_POLICY_CHARACTERS = 10_000;

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
    this.validateProps(props);
    this.document = this.render(props);
    const size = JSON.stringify(this.document).length;
    if (size > MAX_POLICY_CHARACTERS) {
      throw validationError(this, `the policy document (${size} characters) must be at most ${MAX_POLICY_CHARACTERS} characters (AWS Organizations limit of a backup policy): use fewer rules, copies or conditions`);
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
    const name = props.policyName;
    if (!isUnresolved(name) && (name.length < 1 || name.length > 128)) {
      throw validationError(this, `policyName ('${name}') must be 1 to 128 characters`);
    }
    const planName = props.planName ?? name;
    if (!isUnresolved(planName) && !/^[a-zA-Z0-9\-_.]{1,50}$/.test(planName)) {
      throw validationError(this, `planName ('${planName}') must match ^[a-zA-Z0-9\\-_.]{1,50}$ (set planName when the policy name does not)`);
    }
    if (!isUnresolved(props.backupVaultName) && !VAULT_NAME_PATTERN.test(props.backupVaultName)) {
      throw validationError(this, `backupVaultName ('${props.backupVaultName}') must match ^[a-zA-Z0-9\\-_]{2,50}$`);
    }
    if (props.regions.length === 0) {
      throw validationError(this, 'regions ([]) must name at least one region where the plan protects resources');
    }
    for (const region of props.regions) {
      if (!isUnresolved(region) && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
        throw validationError(this, `regions: '${region}' is not a region code such as eu-west-1`);
      }
    }
    if (new Set(props.regions).size !== props.regions.length) {
      throw validationError(this, `regions (${props.regions.join(', ')}) must not repeat a region`);
    }
    const role = props.iamRoleName ?? 'service-role/AWSBackupDefaultServiceRole';
    if (!isUnresolved(role) && !/^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(role)) {
      throw validationError(this, `iamRoleName ('${role}') must be a role name with an optional path, e.g. service-role/AWSBackupDefaultServiceRole`);
    }
    for (const target of props.targetIds ?? []) {
      if (!isUnresolved(target) && !/^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/.test(target)) {
        throw validationError(this, `targetIds: '${target}' must be a root (r-…), an OU (ou-…-…) or an account id (12 digits)`);
      }
    }
    const conditionCount = Object.keys(props.selectionTags).length + (props.selectionConditions ?? []).length;
    if (conditionCount === 0) {
      throw validationError(this, 'selectionTags ({}) must hold at least one tag: a policy without conditions would back up every resource of every account');
    }
    if (conditionCount > 30) {
      throw validationError(this, `selectionTags and selectionConditions (${conditionCount} conditions) must be at most 30 (AWS limit of a selection)`);
    }
    if (props.rules.length === 0 || props.rules.length > 10) {
      throw validationError(this, `rules (${props.rules.length}) must be 1 to 10 (AWS limit of a backup plan)`);
    }
    const names = new Set<string>();
    props.rules.forEach((rule, i) => {
      const ruleName = ruleNameOf(rule, i);
      if (!isUnresolved(ruleName) && !/^[a-zA-Z0-9\-_.]{1,50}$/.test(ruleName)) {
        throw validationError(this, `ruleName ('${ruleName}') must match ^[a-zA-Z0-9\\-_.]{1,50}$`);
      }
      if (names.has(ruleName)) throw validationError(this, `ruleName ('${ruleName}') is used by two rules: rule names must be unique`);
      names.add(ruleName);
      this.validateRule(rule, ruleName);
    });
  }

  private validateRule(rule: backup.BackupPlanRule, ruleName: string) {
    const p = rule.props;
    if (!p.scheduleExpression) {
      throw validationError(this, `rule ${ruleName}: scheduleExpression (undefined) is required in an organization backup policy`);
    }
    if (p.scheduleExpressionTimezone) {
      throw validationError(this, `rule ${ruleName}: scheduleExpressionTimezone (${p.scheduleExpressionTimezone.timezoneName}) is not supported by backup policies: write the schedule in UTC`);
    }
    if (p.startWindow && !isUnresolved(p.startWindow) && p.startWindow.toMinutes() < 60) {
      throw validationError(this, `rule ${ruleName}: startWindow (${p.startWindow.toMinutes()} minutes) must be at least 60 minutes`);
    }
    if (p.completionWindow && !isUnresolved(p.completionWindow)) {
      const start = p.startWindow && !isUnresolved(p.startWindow) ? p.startWindow.toMinutes() : 60;
      if (p.completionWindow.toMinutes() < start + 60) {
        throw validationError(this, `rule ${ruleName}: completionWindow (${p.completionWindow.toMinutes()} minutes) must be at least startWindow + 60 minutes (${start + 60} minutes)`);
      }
    }
    this.validateLifecycle(`rule ${ruleName}`, p.moveToColdStorageAfter, p.deleteAfter);
    // Continuous rules (no cold storage, 1 to 35 days) are validated by backup.BackupPlanRule itself.
    const copies = p.copyActions ?? [];
    if (copies.length > 5) {
      throw validationError(this, `rule ${ruleName}: copyActions (${copies.length}) must be at most 5`);
    }
    for (const copy of copies) {
      const arn = copy.destinationBackupVault.backupVaultRef.backupVaultArn;
      if (Token.isUnresolved(arn)) {
        throw validationError(this, `rule ${ruleName}: a copy action's destination vault ARN is a token: an organization policy needs a literal ARN (use $account for the member account), e.g. backup.BackupVault.fromBackupVaultArn(this, 'Dr', 'arn:aws:backup:eu-central-1:$account:backup-vault:dr')`);
      }
      this.validateLifecycle(`rule ${ruleName}: copy to ${arn}`, copy.moveToColdStorageAfter, copy.deleteAfter);
    }
  }

  private validateLifecycle(what: string, coldAfter?: Duration, deleteAfter?: Duration) {
    for (const [prop, d] of [['moveToColdStorageAfter', coldAfter], ['deleteAfter', deleteAfter]] as const) {
      if (d && !isUnresolved(d) && !Number.isInteger(d.toHours() / 24)) {
        throw validationError(this, `${what}: ${prop} (${d.toHours()} hours) must be whole days`);
      }
    }
    if (coldAfter && !isUnresolved(coldAfter)) {
      const cold = days(coldAfter);
      if (cold !== 0 && cold < 30) {
        throw validationError(this, `${what}: moveToColdStorageAfter (${cold} days) must be 0 or at least 30 days`);
      }
      if (deleteAfter && !isUnresolved(deleteAfter) && cold > 0 && days(deleteAfter) < cold + 90) {
        throw validationError(this, `${what}: deleteAfter (${days(deleteAfter)} days) must be at least moveToColdStorageAfter + 90 days (${cold + 90} days): cold storage keeps a point 90 days minimum`);
      }
    }
  }

  private render(props: OrganizationBackupPolicyProps): any {
    const roleArn = `arn:${props.partition ?? 'aws'}:iam::$account:role/${props.iamRoleName ?? 'service-role/AWSBackupDefaultServiceRole'}`;
    const rules: any = {};
    props.rules.forEach((rule, i) => {
      rules[ruleNameOf(rule, i)] = renderRule(rule, props.backupVaultName);
    });
    const conditions: TagCondition[] = [
      ...Object.entries(props.selectionTags).map(([key, value]) => ({ key, value })),
      ...(props.selectionConditions ?? []),
    ];
    const rendered: any = {};
    const used = new Set<string>();
    for (const c of conditions) {
      const op = OPERATOR_KEYS[c.operator ?? TagOperator.STRING_EQUALS];
      let condName = c.key.replace(/[^a-zA-Z0-9_]/g, '_');
      for (let n = 2; used.has(`${op}/${condName}`); n++) condName = `${c.key.replace(/[^a-zA-Z0-9_]/g, '_')}_${n}`;
      used.add(`${op}/${condName}`);
      rendered[op] = rendered[op] ?? {};
      rendered[op][condName] = {
        condition_key: assign(`aws:ResourceTag/${c.key}`),
        condition_value: assign(c.value),
      };
    }
    const selection: any = {
      iam_role_arn: assign(roleArn),
      resource_types: assign(props.resourceTypes ?? ['*']),
    };
    if (props.excludedResourceTypes && props.excludedResourceTypes.length > 0) {
      selection.not_resource_types = assign(props.excludedResourceTypes);
    }
    selection.conditions = rendered;
    const plan: any = {
      regions: assign(props.regions),
      rules,
      selections: { resources: { [props.selectionName ?? 'tagged-resources']: selection } },
    };
    if (props.backupPlanTags && Object.keys(props.backupPlanTags).length > 0) {
      plan.backup_plan_tags = tagBlock(props.backupPlanTags);
    }
    return { plans: { [props.planName ?? props.policyName]: plan } };
  }
}

function renderRule(rule: backup.BackupPlanRule, vaultName: string): any {
  const p = rule.props;
  const out: any = {
    schedule_expression: assign(p.scheduleExpression!.expressionString),
    target_backup_vault_name: assign(vaultName),
  };
  if (p.startWindow) out.start_backup_window_minutes = assign(`${p.startWindow.toMinutes()}`);
  if (p.completionWindow) out.complete_backup_window_minutes = assign(`${p.completionWindow.toMinutes()}`);
  if (p.enableContinuousBackup) out.enable_continuous_backup = assign(true);
  const lifecycle = renderLifecycle(p.moveToColdStorageAfter, p.deleteAfter);
  if (lifecycle) out.lifecycle = lifecycle;
  if (p.recoveryPointTags && Object.keys(p.recoveryPointTags).length > 0) {
    out.recovery_point_tags = tagBlock(p.recoveryPointTags);
  }
  if (p.copyActions && p.copyActions.length > 0) {
    out.copy_actions = {};
    for (const copy of p.copyActions) {
      const arn = copy.destinationBackupVault.backupVaultRef.backupVaultArn;
      const action: any = { target_backup_vault_arn: assign(arn) };
      const copyLifecycle = renderLifecycle(copy.moveToColdStorageAfter, copy.deleteAfter);
      if (copyLifecycle) action.lifecycle = copyLifecycle;
      out.copy_actions[arn] = action;
    }
  }
  return out;
}

function renderLifecycle(coldAfter?: Duration, deleteAfter?: Duration): any {
  if (!coldAfter && !deleteAfter) return undefined;
  const lifecycle: any = {};
  if (coldAfter) lifecycle.move_to_cold_storage_after_days = assign(`${days(coldAfter)}`);
  if (deleteAfter) lifecycle.delete_after_days = assign(`${days(deleteAfter)}`);
  return lifecycle;
}

function tagBlock(tags: { [key: string]: string }): any {
  const out: any = {};
  for (const [key, value] of Object.entries(tags)) {
    out[key] = { tag_key: assign(key), tag_value: assign(value) };
  }
  return out;
}

function assign(value: any): any {
  return { '@@assign': value };
}

function ruleNameOf(rule: backup.BackupPlanRule, index: number): string {
  return rule.props.ruleName ?? `Rule${index + 1}`;
}

function days(d: Duration): number {
  return d.toHours() / 24;
}
