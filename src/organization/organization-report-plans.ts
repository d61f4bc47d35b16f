import { Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { ReportFormat, ReportTemplate } from '../audit';
import { validateAccountIds, validateOrganizationalUnitIds, validateRegions } from './private/organization-ids';
import { shareCreationTrace } from '../private/creation-trace';
import { checkAuditName } from '../private/limits';
import { assertValid, isUnresolved, validationError } from '../private/validation';

/** Properties of `OrganizationReportPlans`. */
export interface OrganizationReportPlansProps {
  /** The bucket, in this account, that receives the reports. */
  readonly bucket: s3.IBucket;

  /**
   * The prefix of the reports' keys.
   *
   * @default 'organization'
   */
  readonly keyPrefix?: string;

  /**
   * The reports: one report plan a template. Compliance templates need `frameworkArns`.
   *
   * @default [ReportTemplate.BACKUP_JOB_REPORT, ReportTemplate.COPY_JOB_REPORT, ReportTemplate.RESTORE_JOB_REPORT]
   */
  readonly templates?: ReportTemplate[];

  /**
   * The formats: AWS delivers cross-account reports in CSV only, so CSV is the only one accepted.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-report.html
   * @default [ReportFormat.CSV]
   */
  readonly formats?: ReportFormat[];

  /** The OUs (`ou-…`) or root (`r-…`) the reports cover. */
  readonly organizationalUnitIds: string[];

  /**
   * Accounts the reports cover, by id, or `ROOT` for every account of the organization.
   *
   * @default - the accounts of the OUs.
   */
  readonly accounts?: string[];

  /** The regions the reports cover (or `['*']` for every region). */
  readonly regions: string[];

  /**
   * The frameworks the compliance reports cover.
   *
   * @default - none.
   */
  readonly frameworkArns?: string[];

  /**
   * The prefix of the report plans' names: `<prefix>_<template>`, lower case.
   *
   * @default 'organization'
   */
  readonly reportPlanNamePrefix?: string;

  /**
   * Something the report plans must be created after (the bucket policy that lets AWS Backup write).
   *
   * @default - none.
   */
  readonly dependsOn?: IDependable;
}

const JOB_TEMPLATES = [ReportTemplate.BACKUP_JOB_REPORT, ReportTemplate.COPY_JOB_REPORT, ReportTemplate.RESTORE_JOB_REPORT];

/**
 * AWS Backup Audit Manager report plans that cover accounts, OUs and regions of the organization
 * (cross-account reports: only from the management account or a delegated administrator for AWS
 * Backup, and only as CSV), delivered to a bucket of this account.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-report.html
 */
export class OrganizationReportPlans extends Construct {
  /** The report plans, in the order of the templates. */
  public readonly reportPlans: backup.CfnReportPlan[] = [];

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: OrganizationReportPlansProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const formats: string[] = props.formats ?? [ReportFormat.CSV];
    if (formats.length !== 1 || formats[0] !== ReportFormat.CSV) {
      throw validationError(this, `formats (${formats.join(', ') || 'empty'}) must be [CSV]: AWS Backup delivers cross-account reports in CSV only`);
    }
    const templates = ReportTemplate._validateAll(this, 'templates', props.templates ?? JOB_TEMPLATES);
    const frameworkArns = props.frameworkArns ?? [];
    const compliance = templates.filter((t) => t.coversFrameworks);
    if (compliance.length > 0 && frameworkArns.length === 0) {
      throw validationError(this, `templates (${compliance.join(', ')}) need frameworkArns: a compliance report covers frameworks`);
    }
    if (!Token.isUnresolved(props.organizationalUnitIds)) {
      validateOrganizationalUnitIds(this, 'organizationalUnitIds', props.organizationalUnitIds);
    }
    const accounts = props.accounts ?? [];
    validateAccountIds(this, 'accounts', accounts.filter((a) => a !== 'ROOT'));
    const allRegions = props.regions.length === 1 && props.regions[0] === '*';
    if (!allRegions && !Token.isUnresolved(props.regions)) validateRegions(this, 'regions', props.regions);
    const keyPrefix = props.keyPrefix ?? 'organization';
    if (!isUnresolved(keyPrefix) && (keyPrefix === '' || keyPrefix.startsWith('/') || keyPrefix.endsWith('/'))) {
      throw validationError(this, `keyPrefix (${keyPrefix}) must be non-empty and neither start nor end with "/" (AWS Backup adds the separators)`);
    }
    const prefix = props.reportPlanNamePrefix ?? 'organization';

    for (const { value: template, coversFrameworks } of templates) {
      const name = `${prefix}_${template.toLowerCase().replace(/_report$/, '')}`;
      assertValid(this, checkAuditName('reportPlanName', name));
      const plan = new backup.CfnReportPlan(this, template, {
        reportPlanName: name,
        reportPlanDescription: `${template} of the organization's accounts, delivered to S3 under ${keyPrefix}/`,
        reportDeliveryChannel: { S3BucketName: props.bucket.bucketName, S3KeyPrefix: keyPrefix, Formats: formats },
        reportSetting: {
          ReportTemplate: template,
          FrameworkArns: coversFrameworks ? frameworkArns : undefined,
          OrganizationUnits: props.organizationalUnitIds,
          Accounts: accounts.length > 0 ? accounts : undefined,
          Regions: props.regions,
        },
      });
      if (props.dependsOn) plan.node.addDependency(props.dependsOn);
      this.reportPlans.push(plan);
    }
  }
}
