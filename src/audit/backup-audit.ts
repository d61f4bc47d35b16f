import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { BackupConfigRecorder } from './config-recorder';
import { AuditControl } from './controls';
import { BackupAuditFramework } from './framework';
import { auditResourceName } from './names';
import { BackupReportAnalytics, ReportAnalyticsOptions } from './report-analytics';
import { BackupReportBucket } from './report-bucket';
import { BackupReportPlans, ReportFormat } from './report-plans';
import { ReportTemplate } from './report-template';
import { perStack } from '../private/singleton';
import { isUnresolved, requireProps, validationError } from '../private/validation';

/**
 * Options of AWS Backup Audit Manager for an environment: a framework of controls and report
 * plans delivering to S3.
 *
 * Audit Manager relies on AWS Config recording the AWS Backup resource types (backup plans,
 * selections, vaults, recovery points) and resource compliance. AWS Config costs money: it is billed per configuration
 * item recorded and per rule evaluation (each control is a Config rule), on top of Audit
 * Manager's own price per control evaluation.
 *
 * @see https://aws.amazon.com/backup/pricing/
 * @see https://aws.amazon.com/config/pricing/
 */
export interface AuditOptions {
  /**
   * The formats of the reports.
   *
   * @default [ReportFormat.CSV]
   */
  readonly reportFormats?: ReportFormat[];
  /**
   * The reports to deliver: one report plan a template.
   *
   * @default [ReportTemplate.CONTROL_COMPLIANCE_REPORT, ReportTemplate.BACKUP_JOB_REPORT], and
   * ReportTemplate.SCAN_JOB_REPORT when the environment has `malwareScanning`
   */
  readonly reportTemplates?: ReportTemplate[];
  /**
   * A report bucket of this library, for example one shared by the environments of an app.
   * Give either `reportBucket` or `bucket`.
   *
   * @default - one BackupReportBucket a stack, shared by the environments of the stack.
   */
  readonly reportBucket?: BackupReportBucket;
  /**
   * Your own bucket for the reports. Its policy must let the role AWSServiceRoleForBackupReports
   * `s3:PutObject` with the `bucket-owner-full-control` ACL (and use its KMS key, if any).
   * Give either `reportBucket` or `bucket`.
   *
   * @default - one BackupReportBucket a stack, shared by the environments of the stack.
   */
  readonly bucket?: s3.IBucket;
  /**
   * The key prefix of this environment's reports.
   *
   * @default - the environment's name.
   */
  readonly keyPrefix?: string;
  /**
   * The controls of the framework, replacing the defaults.
   *
   * @default - the five standard controls: resources protected by a backup plan; plan minimum
   * frequency and retention (requiredFrequency, requiredRetention); recovery point minimum
   * retention (requiredRetention); recovery points encrypted; manual deletion disabled.
   */
  readonly controls?: AuditControl[];
  /**
   * Controls added to `controls` (or to the defaults), e.g. the last recovery point created,
   * vault lock, cross-region or cross-account controls.
   *
   * @default - none.
   */
  readonly additionalControls?: AuditControl[];
  /**
   * The backup frequency the default controls require.
   *
   * @default Duration.days(1)
   */
  readonly requiredFrequency?: Duration;
  /**
   * The retention the default controls require.
   *
   * @default Duration.days(35)
   */
  readonly requiredRetention?: Duration;
  /**
   * The selection tag that scopes the controls (AWS accepts one tag in a control scope). Backup
   * plans and vaults are scoped by their own tags: tag them with it too.
   *
   * @default - the first selection tag.
   */
  readonly scopeTagKey?: string;
  /**
   * The framework's name.
   *
   * @default - `<environmentName>_backup_framework`, with invalid characters replaced by `_`.
   */
  readonly frameworkName?: string;
  /**
   * Create an AWS Config recorder and delivery channel that record only the AWS Backup resource
   * types and resource compliance, for accounts that have no recorder. AWS Config allows one
   * recorder per account and region: the environments of one stack share it, but only one stack
   * per account and region may turn this on, and only where no recorder exists (the deploy fails
   * otherwise). AWS Config is billed per configuration item recorded.
   *
   * @default false
   */
  readonly recordBackupResourcesWithConfig?: boolean;
  /**
   * Make the reports queryable by auditors: a Glue table a report template, an Athena workgroup and
   * saved queries (`{}` for the defaults). Athena bills per data scanned; reports are small.
   *
   * @default - no analytics.
   */
  readonly analytics?: ReportAnalyticsOptions;
}

/** Properties of {@link BackupAudit}. */
export interface BackupAuditProps extends AuditOptions {
  /** The environment's name: names the framework, report plans and key prefix. */
  readonly environmentName: string;
  /**
   * The environment's selection tags; one of them scopes the controls.
   *
   * @default - controls evaluate every resource of the account and region.
   */
  readonly selectionTags?: { [key: string]: string };
  /**
   * Whether the default controls include "recovery point manual deletion disabled". Turn it off for
   * vaults that allow deletion (the control would report them NON_COMPLIANT by design).
   *
   * @default true
   */
  readonly manualDeletionDisabled?: boolean;
}

/**
 * AWS Backup Audit Manager for one environment: a framework of controls scoped to the
 * environment's selection tag, and report plans delivering its reports to S3 under a key prefix
 * of its own.
 */
export class BackupAudit extends Construct {
  /** The framework. */
  public readonly framework: BackupAuditFramework;
  /** The report plans. */
  public readonly reportPlans: BackupReportPlans;
  /** The bucket that receives the reports. */
  public readonly bucket: s3.IBucket;
  /** The Glue tables, Athena workgroup and saved queries, when `analytics` is given. */
  public readonly analytics?: BackupReportAnalytics;
  /** The AWS Config recorder, when `recordBackupResourcesWithConfig` is on. */
  public readonly configRecorder?: BackupConfigRecorder;
  /**
   * The tag that scopes the controls, if any. The plan-frequency control evaluates the backup
   * plans carrying it and the manual-deletion control the vaults carrying it: tag the
   * environment's backup plan and vault with it (`Tags.of(plan).add(key, value)`).
   */
  public readonly scopeTags?: { [key: string]: string };

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupAuditProps) {
    super(scope, id);
    requireProps(this, props, ['environmentName']);

    if (props.reportBucket && props.bucket) {
      throw validationError(this, 'reportBucket and bucket are both given: give one of them');
    }
    // a token (e.g. a CfnParameter) cannot be turned into a name: names then derive from the path
    const unresolvedName = isUnresolved(props.environmentName);
    const scopeTags = this.chooseScopeTag(props);
    this.scopeTags = scopeTags;

    const controls = [
      ...(props.controls ?? defaultControls(props.requiredFrequency, props.requiredRetention, props.manualDeletionDisabled ?? true)),
      ...(props.additionalControls ?? []),
    ];

    const reportBucket = props.bucket ? undefined : (props.reportBucket ?? stackReportBucket(this));
    this.bucket = props.bucket ?? reportBucket!.bucket;

    if (props.recordBackupResourcesWithConfig) {
      this.configRecorder = stackConfigRecorder(this, this.bucket);
    }

    this.framework = new BackupAuditFramework(this, 'Framework', {
      frameworkName: props.frameworkName ?? (unresolvedName ? undefined : auditResourceName(`${props.environmentName}_backup_framework`)),
      description: `Backup controls of the ${props.environmentName} environment`,
      controls,
      scopeTags,
    });
    if (this.configRecorder) {
      this.framework.node.addDependency(this.configRecorder);
    }

    const dependsOn: IDependable | undefined = reportBucket?.bucket.policy;
    this.reportPlans = new BackupReportPlans(this, 'Reports', {
      bucket: this.bucket,
      keyPrefix: props.keyPrefix ?? props.environmentName,
      formats: props.reportFormats,
      templates: props.reportTemplates,
      frameworkArns: [this.framework.frameworkArn],
      reportPlanNamePrefix: unresolvedName ? undefined : auditResourceName(props.environmentName),
      dependsOn,
    });

    if (props.analytics) {
      this.analytics = new BackupReportAnalytics(this, 'Analytics', { ...props.analytics, reportPlans: [this.reportPlans], bucket: this.bucket });
    }
  }

  private chooseScopeTag(props: BackupAuditProps): { [key: string]: string } | undefined {
    const tags = props.selectionTags ?? {};
    const keys = Object.keys(tags);
    if (props.scopeTagKey !== undefined) {
      if (!(props.scopeTagKey in tags)) {
        throw validationError(this, `scopeTagKey (${props.scopeTagKey}) must be one of the selection tags (${keys.join(', ') || 'none'})`);
      }
      return { [props.scopeTagKey]: tags[props.scopeTagKey] };
    }
    if (keys.length === 0) return undefined;
    return { [keys[0]]: tags[keys[0]] };
  }
}

/** The five standard controls, with the given frequency and retention. */
function defaultControls(frequency: Duration | undefined, retention: Duration | undefined, manualDeletionDisabled: boolean): AuditControl[] {
  const requiredRetention = retention ?? Duration.days(35);
  return [
    AuditControl.resourcesProtectedByBackupPlan(),
    AuditControl.planMinFrequencyAndMinRetention({ frequency: frequency ?? Duration.days(1), retention: requiredRetention }),
    AuditControl.recoveryPointMinimumRetention(requiredRetention),
    AuditControl.recoveryPointEncrypted(),
    ...manualDeletionDisabled ? [AuditControl.recoveryPointManualDeletionDisabled()] : [],
  ];
}

function stackReportBucket(scope: Construct): BackupReportBucket {
  return perStack(scope, 'BackupReportBucket', BackupReportBucket, (stack, id) => new BackupReportBucket(stack, id));
}

function stackConfigRecorder(scope: Construct, bucket: s3.IBucket): BackupConfigRecorder {
  return perStack(scope, 'BackupConfigRecorder', BackupConfigRecorder, (stack, id) => new BackupConfigRecorder(stack, id, { bucket }));
}
