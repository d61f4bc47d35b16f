import { Construct } from 'constructs';
import { checkReportTemplateShape } from '../private/limits';
import { validateOpenValues } from '../private/open-values';

/** Options of {@link ReportTemplate.of}. */
export interface CustomReportTemplateOptions {
  /**
   * Whether the template reports on frameworks, as the compliance templates do: its report plan
   * then gets the `FrameworkArns`, and frameworks are required.
   *
   * @default false
   */
  readonly coversFrameworks?: boolean;
}

/**
 * The template of an AWS Backup Audit Manager report (`ReportSetting.ReportTemplate`).
 *
 * The static members are the templates AWS documents today; `ReportTemplate.of('…')` names one AWS
 * added after this release, checked for its shape only (an upper-case identifier).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/working-with-audit-reports.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportSetting.html
 */
export class ReportTemplate {
  /** Compliance of each resource with the controls of the frameworks (needs frameworks). */
  public static readonly RESOURCE_COMPLIANCE_REPORT = new ReportTemplate('RESOURCE_COMPLIANCE_REPORT', true, false);
  /** Compliance of each control of the frameworks (needs frameworks). */
  public static readonly CONTROL_COMPLIANCE_REPORT = new ReportTemplate('CONTROL_COMPLIANCE_REPORT', true, false);
  /** Backup jobs finished in the last 24 hours and all active ones. */
  public static readonly BACKUP_JOB_REPORT = new ReportTemplate('BACKUP_JOB_REPORT', false, false);
  /** Copy jobs finished in the last 24 hours and all active ones. */
  public static readonly COPY_JOB_REPORT = new ReportTemplate('COPY_JOB_REPORT', false, false);
  /** Restore jobs finished in the last 24 hours and all active ones. */
  public static readonly RESTORE_JOB_REPORT = new ReportTemplate('RESTORE_JOB_REPORT', false, false);
  /**
   * Malware scan jobs (GuardDuty Malware Protection for AWS Backup) of the last 24 hours. Listed
   * among the report templates of the AWS Backup API (`ReportSetting.ReportTemplate`); AWS publishes
   * no sample of its fields yet, so `BackupReportAnalytics` makes no table for it.
   */
  public static readonly SCAN_JOB_REPORT = new ReportTemplate('SCAN_JOB_REPORT', false, false);

  /**
   * The templates this library knows, in the order above.
   */
  public static known(): ReportTemplate[] {
    return [
      ReportTemplate.RESOURCE_COMPLIANCE_REPORT, ReportTemplate.CONTROL_COMPLIANCE_REPORT, ReportTemplate.BACKUP_JOB_REPORT,
      ReportTemplate.COPY_JOB_REPORT, ReportTemplate.RESTORE_JOB_REPORT, ReportTemplate.SCAN_JOB_REPORT,
    ];
  }

  /**
   * A template by name, for one AWS added after this release. A name this library knows gives its
   * static member (and the options are ignored); any other is checked for its shape only (an
   * upper-case letter, then upper-case letters, digits and underscores) when a construct uses it,
   * and noted in an info annotation: AWS accepts or rejects it at deploy time.
   *
   * @param name the template's name, e.g. `NEW_JOB_REPORT`
   * @param options what the template needs
   */
  public static of(name: string, options: CustomReportTemplateOptions = {}): ReportTemplate {
    return ReportTemplate.known().find((t) => t.value === name) ?? new ReportTemplate(name, options.coversFrameworks ?? false, true);
  }

  /**
   * Checks the templates a construct was given: instances of this class, custom ones of the right
   * shape, none twice. Internal (the report plans of an environment and of an organization).
   *
   * @internal
   */
  public static _validateAll(scope: Construct, property: string, templates: ReportTemplate[]): ReportTemplate[] {
    return validateOpenValues(scope, property, templates, {
      className: 'ReportTemplate',
      isInstance: (v): v is ReportTemplate => v instanceof ReportTemplate,
      checkShape: checkReportTemplateShape,
      known: ReportTemplate.known(),
    });
  }
  /**
   * @param value the template's name, as AWS Backup spells it
   * @param coversFrameworks whether its report plan needs frameworks
   * @param custom whether it was made with `of()` from a name this library does not know
   */
  private constructor(
    /** The template's name, as AWS Backup spells it (e.g. `BACKUP_JOB_REPORT`). */
    public readonly value: string,
    /** Whether the template reports on frameworks: its report plan needs frameworks. */
    public readonly coversFrameworks: boolean,
    /** Whether the template was made with `of()` from a name this library does not know (checked for shape only). */
    public readonly custom: boolean,
  ) {}


  /** The template's name. */
  public toString(): string {
    return this.value;
  }
}
