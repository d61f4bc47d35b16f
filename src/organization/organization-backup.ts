import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BackupGlobalSettings } from './backup-global-settings';
import { OrganizationAccess } from './organization-access';
import { OrganizationBackupPolicy } from './organization-backup-policy';
import { OrganizationReportPlans } from './organization-report-plans';
import { BackupReportBucket } from '../audit';
import { SlackForwarder } from '../notifications';
import { EnvironmentTier, TierPresets } from '../plan';
import { OrganizationBackupProps, OrganizationEnvironment, OrganizationEnvironmentResources, OrganizationReportOptions, StackSetCallAs } from './organization-backup-props';
import { backupPolicyProps, EnvironmentNames, memberStackSet } from './private/environment-assembly';
import { environmentRules } from './private/environment-rules';
import { forwardingAlarmPattern, jobFailurePattern } from './private/member-events';
import { organizationAccessFor } from './private/organization-access-wiring';
import { BaselineFacts, validateBusPolicyScopedToOrganization, validateCopyDestinations, validatePolicyMatchesBaseline } from './private/organization-consistency';
import { validateAccountIds, validateOrganizationalUnitIds, validateOrganizationId, validateRegions } from './private/organization-ids';
import { shareCreationTrace } from '../private/creation-trace';
import { EventEnvelopeInput, ForwarderQueueTarget } from '../private/event-targets';
import { ORGANIZATION_JOB_EVENT_KIND } from '../private/handler/organization-job-event';
import { checkRoleName, OPT_IN_RESOURCE_TYPES } from '../private/limits';
import { checkRuleSet, validateRule } from '../private/rule-validation';
import { scanResultPattern } from '../private/scan-result-pattern';
import { assertValid, validateEnvironmentName, validationError } from '../private/validation';

/** The largest input a rule target takes (EventBridge quotas: InputTemplate, 8,192 characters). */
const MAX_INPUT_TEMPLATE = 8_192;

/**
 * AWS Backup for a whole AWS Organization, from its management (or delegated administrator)
 * account: per environment, a backup policy attached to the environment's OUs and a
 * service-managed StackSet that deploys the member baseline the policy relies on (vault, key, role,
 * event forwarding) to every current and future account of those OUs, in the environment's
 * regions; and a central event bus, admitting only the organization, whose job failures go to
 * Slack.
 *
 * At synth it checks that the policy and the baseline agree (vault and role names), that copy
 * destinations exist, that ids and regions are well formed and that the bus admits only the
 * organization.
 */
export class OrganizationBackup extends Construct {
  /** The central event bus that receives the member accounts' job failures. */
  public readonly eventBus: events.EventBus;
  /** The rule on the central bus that forwards job failures (to Slack when configured). */
  public readonly failureRule: events.Rule;
  /**
   * The central rule of the member baselines' forwarding alarms (`<environment>-BackupEventForwardingFailed`
   * going to ALARM, or back to OK): into the Slack forwarder's buffer queue when `slack` is set.
   */
  public readonly memberAlarmRule: events.Rule;
  /**
   * The rule on the central bus that forwards the member accounts' malware scans that need a person
   * (to Slack when configured), once an environment has `malwareScanning`.
   */
  public get scanResultRule(): events.Rule | undefined {
    return this._scanResultRule;
  }
  /** The Slack forwarder, when `slack` is given. */
  public readonly forwarder?: SlackForwarder;
  /** The organization reports' bucket, when `reports` is given. */
  public readonly reportBucket?: BackupReportBucket;
  /** The global settings custom resource, when `globalSettings` is given. */
  public readonly globalSettings?: BackupGlobalSettings;
  /** The organization prerequisites custom resource, unless `organizationAccess` turns it off. */
  public readonly organizationAccess?: OrganizationAccess;

  private readonly props: OrganizationBackupProps;
  private readonly environments: OrganizationEnvironmentResources[] = [];
  private readonly facts: BaselineFacts[] = [];
  private readonly pending: Array<() => void> = [];
  private readonly busStatements: iam.PolicyStatement[] = [];
  private readonly eventBusName: string;
  private _scanResultRule?: events.Rule;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: OrganizationBackupProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    this.props = props;
    validateOrganizationId(this, 'organizationId', props.organizationId);
    validateAccountIds(this, 'accountNames', Object.keys(props.accountNames ?? {}));

    const eventBusName = props.eventBusName ?? 'aws-backup-organization';
    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName,
      description: 'AWS Backup job failures of the organization\'s member accounts',
    });
    const admitOrganization = new iam.PolicyStatement({
      sid: 'OrganizationAccountsPutEvents',
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      // By name, not GetAtt: the policy is a property of the bus itself.
      resources: [Stack.of(this).formatArn({ service: 'events', resource: 'event-bus', resourceName: eventBusName })],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
    });
    // The bus's own Policy property (AWS::Events::EventBus), one document with every statement.
    (this.eventBus.node.defaultChild as events.CfnEventBus).policy = Lazy.any({
      produce: () => new iam.PolicyDocument({ statements: this.busStatements }).toJSON(),
    });
    this.busStatements.push(admitOrganization);

    this.failureRule = new events.Rule(this, 'JobFailures', {
      eventBus: this.eventBus,
      // A fixed name (rule names are unique per bus), so that the queue's key policy can name the
      // rule's ARN without a reference to the rule (the key is created before the rule).
      ruleName: FAILURE_RULE_NAME,
      description: 'AWS Backup job failures of the organization\'s member accounts',
      eventPattern: jobFailurePattern(),
    });
    this.eventBusName = eventBusName;
    if (props.slack) {
      this.forwarder = SlackForwarder.forStack(this, { webhook: props.slack });
      // Into the forwarder's buffer queue, like the vault notifications: same retries, pacing and digest.
      this.failureRule.addTarget(this.forwarderTarget(FAILURE_RULE_NAME, 'AllowTheOrganizationJobFailureRule'));
    }
    this.memberAlarmRule = new events.Rule(this, 'MemberAlarms', {
      eventBus: this.eventBus,
      ruleName: ALARM_RULE_NAME,
      description: 'Member accounts\' alarms on AWS Backup events that did not reach this bus',
      eventPattern: forwardingAlarmPattern(),
    });
    if (this.forwarder) this.memberAlarmRule.addTarget(this.forwarderTarget(ALARM_RULE_NAME, 'AllowTheOrganizationMemberAlarmRule'));

    this.organizationAccess = organizationAccessFor(this, props);

    if (props.globalSettings) {
      this.globalSettings = new BackupGlobalSettings(this, 'GlobalSettings', props.globalSettings);
    }

    for (const environment of props.environments ?? []) this.addEnvironment(environment);

    if (props.reports) {
      this.reportBucket = new BackupReportBucket(this, 'ReportBucket', props.reports.bucket);
      this.addReportPlans(props.reports, this.reportBucket);
    }

    this.node.addValidation({ validate: () => this.checkAll() });
  }

  /** The environments added so far. */
  public get environmentResources(): OrganizationEnvironmentResources[] {
    return [...this.environments];
  }

  /** Adds an environment: its backup policy, its member baseline and the StackSet that deploys it. */
  public addEnvironment(environment: OrganizationEnvironment): OrganizationEnvironmentResources {
    const names = this.environmentNames(environment);
    const { name } = names;
    if (names.scannerRoleName) this.addScanResultRule();
    const scope = new Construct(this, name);
    const rules = environmentRules(scope, {
      name,
      rules: environment.rules ?? TierPresets.rules(names.tier),
      regions: environment.regions,
      copyRegions: names.copyRegions,
      vaultName: names.vaultName,
      partition: names.partition,
      airGapped: environment.airGappedCopy,
      airGappedName: names.airGappedName,
    });
    for (const rule of rules) validateRule(scope, rule);
    const ruleSetErrors = checkRuleSet(rules);
    if (ruleSetErrors.length > 0) throw validationError(scope, ruleSetErrors.join('; '));

    const policy = new OrganizationBackupPolicy(scope, 'Policy', backupPolicyProps(environment, names, rules));
    const { baseline, stackSet, facts } = memberStackSet(scope, {
      environment,
      names,
      callAs: this.props.callAs ?? StackSetCallAs.SELF,
      eventBusArn: this.eventBus.eventBusArn,
    });

    this.facts.push(facts);
    const external = environment.externalCopyDestinationArns ?? [];
    this.pending.push(() => {
      validatePolicyMatchesBaseline(scope, policy.document, facts);
      validateCopyDestinations(scope, policy.document, facts, this.facts, external);
    });
    const resources: OrganizationEnvironmentResources = { environmentName: name, policy, baseline, stackSet };
    this.environments.push(resources);
    return resources;
  }

  /** Checks an environment's name, ids, regions and options, and settles the names it derives (defaults applied). */
  private environmentNames(environment: OrganizationEnvironment): EnvironmentNames {
    const name = environment.environmentName;
    validateEnvironmentName(this, 'environmentName', name);
    if (this.environments.some((e) => e.environmentName === name)) {
      throw validationError(this, `environmentName ('${name}') is used by two environments: names must be unique`);
    }
    validateOrganizationalUnitIds(this, `environment ${name}: organizationalUnitIds`, environment.organizationalUnitIds);
    validateRegions(this, `environment ${name}: regions`, environment.regions);
    const copyRegions = environment.copyToRegions ?? [];
    if (copyRegions.length > 0) validateRegions(this, `environment ${name}: copyToRegions`, copyRegions);
    const overlap = copyRegions.find((r) => environment.regions.includes(r));
    if (overlap) {
      throw validationError(this, `environment ${name}: copyToRegions names '${overlap}', which is already one of regions: a copy goes to another region`);
    }

    for (const type of Object.keys(environment.resourceTypeOptIn ?? {})) {
      if (!OPT_IN_RESOURCE_TYPES.includes(type)) {
        throw validationError(this, `environment ${name}: resourceTypeOptIn names an unknown resource type "${type}": expected one of ${OPT_IN_RESOURCE_TYPES.join(', ')}`);
      }
    }
    // The same default as EnvironmentBackup's: the tier that loses nothing.
    const tier = environment.tier ?? EnvironmentTier.PRODUCTION;
    const vaultName = environment.vault?.vaultName ?? `${name}-backup-vault`;
    const backupRoleName = environment.backupRoleName ?? `${name}-backup-role`;
    assertValid(this, checkRoleName(`environment ${name}: backupRoleName`, backupRoleName));
    const scanning = environment.malwareScanning;
    if (scanning?.scannerRole) {
      throw validationError(this, `environment ${name}: malwareScanning.scannerRole is not supported: every member account needs its own role, which the baseline creates; name it with malwareScanning.scannerRoleName`);
    }
    const scannerRoleName = scanning ? scanning.scannerRoleName ?? `${name}-malware-scanner-role` : undefined;
    if (scannerRoleName) assertValid(this, checkRoleName(`environment ${name}: malwareScanning.scannerRoleName`, scannerRoleName, 'the baseline creates it'));
    const partition = Stack.of(this).partition;
    const literalPartition = Token.isUnresolved(partition) ? 'aws' : partition;
    const airGapped = environment.airGappedCopy;
    const airGappedName = airGapped ? (airGapped.vaultName ?? `${name}-air-gapped-vault`) : undefined;
    if (airGapped?.backupDirectly) {
      throw validationError(this, `environment ${name}: airGappedCopy.backupDirectly is not supported: the backup policy copies into the member accounts' air-gapped vaults`);
    }
    if (airGapped?.encryptionKey) {
      throw validationError(this, `environment ${name}: airGappedCopy.encryptionKey is not supported: a key of this app cannot encrypt vaults in member accounts (the vault uses an AWS-owned key)`);
    }
    return { name, tier, vaultName, backupRoleName, scannerRoleName, airGappedName, copyRegions, partition: literalPartition };
  }

  private addReportPlans(options: OrganizationReportOptions, bucket: BackupReportBucket): void {
    // Lazy: environments added later with addEnvironment() are covered too.
    const union = (values: string[]) => [...new Set(values)];
    new OrganizationReportPlans(this, 'Reports', {
      bucket: bucket.bucket,
      templates: options.templates,
      frameworkArns: options.frameworkArns,
      organizationalUnitIds: Lazy.list({ produce: () => union(this.facts.flatMap((f) => f.organizationalUnitIds)) }),
      regions: Lazy.list({ produce: () => union(this.facts.flatMap((f) => f.regions)) }),
      dependsOn: bucket.bucket.policy,
    });
  }

  /** The forwarder's queue as the target of a rule of the central bus (named for the key policy). */
  private forwarderTarget(ruleName: string, sid: string): events.IRuleTarget {
    const ruleArn = Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: `${this.eventBusName}/${ruleName}` });
    return new ForwarderQueueTarget(this.forwarder!, {
      ruleArn,
      sid,
      input: new EventEnvelopeInput(() => ({
        kind: ORGANIZATION_JOB_EVENT_KIND,
        environmentsByVault: this.mapOf((f) => f.vaultName),
        environmentsByRole: this.mapOf((f) => f.backupRoleName),
        accountNames: this.props.accountNames ?? {},
      })),
    });
  }

  /** The central rule of the member accounts' scan results, made with the first scanning environment. */
  private addScanResultRule(): void {
    if (this._scanResultRule) return;
    this._scanResultRule = new events.Rule(this, 'ScanResults', {
      eventBus: this.eventBus,
      ruleName: SCAN_RULE_NAME,
      description: 'Malware scans of the organization\'s member accounts that found threats, failed, were canceled or completed with issues',
      eventPattern: scanResultPattern(),
    });
    if (this.forwarder) this._scanResultRule.addTarget(this.forwarderTarget(SCAN_RULE_NAME, 'AllowTheOrganizationScanResultRule'));
  }

  private mapOf(key: (f: BaselineFacts) => string): { [key: string]: string } {
    return Object.fromEntries(this.facts.map((f) => [key(f), f.environmentName]));
  }

  private checkAll(): string[] {
    const errors: string[] = [];
    const run = (validate: () => void) => {
      try {
        validate();
      } catch (e) {
        errors.push((e as Error).message);
      }
    };
    if (this.environments.length === 0) {
      errors.push('OrganizationBackup has no environment: add one with environments or addEnvironment()');
    }
    for (const validate of this.pending) run(validate);
    run(() => {
      const policy = Stack.of(this).resolve((this.eventBus.node.defaultChild as events.CfnEventBus).policy);
      validateBusPolicyScopedToOrganization(this, policy?.Statement ?? [], this.props.organizationId);
    });
    if (this.forwarder) {
      run(() => {
        const target: any = Stack.of(this).resolve((this.failureRule.node.defaultChild as events.CfnRule).targets);
        const template = target?.[0]?.inputTransformer?.inputTemplate ?? '';
        if (template.length > MAX_INPUT_TEMPLATE) {
          throw validationError(this, `accountNames (${Object.keys(this.props.accountNames ?? {}).length} accounts) make the rule target's input ${template.length} characters, more than EventBridge's ${MAX_INPUT_TEMPLATE}: shorten or drop names`);
        }
      });
    }
    return errors;
  }
}


/** The name of the central rule on its bus. */
const FAILURE_RULE_NAME = 'aws-backup-job-failures-to-slack';
/** The name of the central rule of the member accounts' forwarding alarms on its bus. */
const ALARM_RULE_NAME = 'aws-backup-member-alarms-to-slack';
/** The name of the central rule of scan results on its bus. */
const SCAN_RULE_NAME = 'aws-backup-scan-results-to-slack';
