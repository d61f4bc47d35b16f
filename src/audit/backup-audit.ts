import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { AuditOptions } from './audit-options';
import { BackupConfigRecorder } from './config-recorder';
import { AuditControl } from './controls';
import { BackupAuditFramework } from './framework';
import { auditResourceName } from './private/names';
import { BackupReportAnalytics } from './report-analytics';
import { BackupReportBucket } from './report-bucket';
import { BackupReportPlans } from './report-plans';
import { shareCreationTrace } from '../private/creation-trace';
import { perStack } from '../private/singleton';
import { isUnresolved, requireProps, validationError } from '../private/validation';

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
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['environmentName']);
    const givenBucket = props.bucket ?? undefined;
    // a token (e.g. a CfnParameter) cannot be turned into a name: names then derive from the path
    const unresolvedName = isUnresolved(props.environmentName);
    const scopeTags = this.chooseScopeTag(props);
    this.scopeTags = scopeTags;

    const controls = [
      ...(props.controls ?? defaultControls(props.requiredFrequency, props.requiredRetention, props.manualDeletionDisabled ?? true)),
      ...(props.additionalControls ?? []),
    ];

    this.bucket = givenBucket ?? stackReportBucket(this).bucket;

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

    // The report plans wait for the policy that lets AWS Backup write the reports, when this app defines it.
    const dependsOn: IDependable | undefined = this.bucket instanceof s3.Bucket ? this.bucket.policy : undefined;
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
