import { Names } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { auditResourceName, validateAuditResourceName } from './private/names';
import { validateReportTemplates, defaultReportTemplates } from './private/report-template-checks';
import { ReportTemplate } from './report-template';
import { shareCreationTrace } from '../private/creation-trace';
import { checkReportKeyPrefix, MAX_AUDIT_DESCRIPTION_LENGTH } from '../private/limits';
import { assertValid, isUnresolved, requireProps, validationError } from '../private/validation';

/** The format of an AWS Backup Audit Manager report. */
export enum ReportFormat {
  /** Comma-separated values. */
  CSV = 'CSV',
  /** JSON. */
  JSON = 'JSON',
}

const FORMATS: string[] = Object.values(ReportFormat);

/** Properties of {@link BackupReportPlans}. */
export interface BackupReportPlansProps {
  /** The bucket that receives the reports. */
  readonly bucket: s3.IBucket;
  /**
   * The prefix of the reports' keys: reports land under
   * `s3://bucket/<prefix>/Backup/<region>/<year>/<month>/<day>/<report plan name>/`.
   *
   * @default - no prefix.
   */
  readonly keyPrefix?: string;
  /**
   * The report formats.
   *
   * @default [ReportFormat.CSV]
   */
  readonly formats?: ReportFormat[];
  /**
   * The reports to create: one report plan a template.
   *
   * @default [ReportTemplate.CONTROL_COMPLIANCE_REPORT, ReportTemplate.BACKUP_JOB_REPORT]
   */
  readonly templates?: ReportTemplate[];
  /**
   * The ARNs of the frameworks the compliance reports cover; required when a compliance template
   * is chosen.
   *
   * @default - none.
   */
  readonly frameworkArns?: string[];
  /**
   * The prefix of the report plans' names: `<prefix>_<template>` in lower case. It starts with a
   * letter and holds letters, digits and underscores.
   *
   * @default - derived from the construct path, with a hash that makes it unique.
   */
  readonly reportPlanNamePrefix?: string;
  /**
   * Something the report plans must be created after (e.g. the bucket policy that lets AWS Backup
   * write).
   *
   * @default - none.
   */
  readonly dependsOn?: IDependable;
}

/**
 * AWS Backup Audit Manager report plans (`AWS::Backup::ReportPlan`), one a template, delivering
 * to an S3 bucket under a key prefix. Compliance reports cover the given frameworks; job reports
 * cover the jobs of the account and region finished in the last 24 hours.
 */
export class BackupReportPlans extends Construct {
  /** The report plans, in the order of the templates. */
  public readonly reportPlans: backup.CfnReportPlan[];
  /** The ARNs of the report plans, in the order of the templates. */
  public readonly reportPlanArns: string[];
  /** The names of the report plans, in the order of the templates. */
  public readonly reportPlanNames: string[];

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupReportPlansProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['bucket']);

    const formats: string[] = props.formats ?? [ReportFormat.CSV];
    validateList(this, 'formats', formats, FORMATS);
    const templates = validateReportTemplates(this, 'templates', props.templates ?? defaultReportTemplates(false));

    const frameworkArns = props.frameworkArns ?? [];
    const compliance = templates.filter((t) => t.coversFrameworks);
    if (compliance.length > 0 && frameworkArns.length === 0) {
      throw validationError(this, `templates (${compliance.join(', ')}) need frameworkArns: a compliance report covers frameworks`);
    }
    if (props.keyPrefix !== undefined && !isUnresolved(props.keyPrefix) && (props.keyPrefix === '' || props.keyPrefix.startsWith('/') || props.keyPrefix.endsWith('/'))) {
      throw validationError(this, `keyPrefix (${props.keyPrefix}) must be non-empty and neither start nor end with "/" (AWS Backup adds the separators)`);
    }

    const prefix = props.reportPlanNamePrefix ?? auditResourceName(Names.uniqueResourceName(this, { maxLength: 200, separator: '_' }));
    validateAuditResourceName(this, 'reportPlanNamePrefix', prefix);

    if (props.keyPrefix !== undefined) {
      const longestName = Math.max(...templates.map(({ value }) => `${prefix}_${value.toLowerCase().replace(/_report$/, '')}`.length));
      assertValid(this, checkReportKeyPrefix('keyPrefix', props.keyPrefix, longestName));
    }

    this.reportPlans = [];
    this.reportPlanArns = [];
    this.reportPlanNames = [];
    for (const { value: template, coversFrameworks } of templates) {
      const name = `${prefix}_${template.toLowerCase().replace(/_report$/, '')}`;
      validateAuditResourceName(this, 'reportPlanName', name);
      const plan = new backup.CfnReportPlan(this, templateId(template), {
        reportPlanName: name,
        reportPlanDescription: describeReportPlan(template, props.keyPrefix),
        reportDeliveryChannel: {
          S3BucketName: props.bucket.bucketName,
          S3KeyPrefix: props.keyPrefix,
          Formats: formats,
        },
        reportSetting: {
          ReportTemplate: template,
          FrameworkArns: coversFrameworks ? frameworkArns : undefined,
        },
      });
      if (props.dependsOn) plan.node.addDependency(props.dependsOn);
      this.reportPlans.push(plan);
      this.reportPlanArns.push(plan.attrReportPlanArn);
      this.reportPlanNames.push(name);
    }
  }
}

function validateList(scope: Construct, property: string, values: string[], allowed: string[]): void {
  if (values.length === 0) {
    throw validationError(scope, `${property} (empty) must hold at least one of ${allowed.join(', ')}`);
  }
  for (const value of values) {
    if (!allowed.includes(value)) {
      throw validationError(scope, `${property} (${value}) must be one of ${allowed.join(', ')}`);
    }
  }
  const duplicate = values.find((v, i) => values.indexOf(v) !== i);
  if (duplicate) {
    throw validationError(scope, `${property} (${duplicate} twice) must not repeat a value`);
  }
}

/**
 * "BACKUP_JOB_REPORT delivered to S3 under <prefix>/", shortened to AWS's 1,024 characters when
 * the prefix is long (the prefix itself is delivered in full through S3KeyPrefix).
 */
function describeReportPlan(template: string, keyPrefix?: string): string {
  const plain = `${template} delivered to S3`;
  if (!keyPrefix) return plain;
  if (isUnresolved(keyPrefix)) return `${plain} under ${keyPrefix}/`;
  const full = `${plain} under ${keyPrefix}/`;
  if (full.length <= MAX_AUDIT_DESCRIPTION_LENGTH) return full;
  const room = MAX_AUDIT_DESCRIPTION_LENGTH - `${plain} under …/`.length;
  return `${plain} under ${keyPrefix.slice(0, room)}…/`;
}

function templateId(template: string): string {
  return template.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
