// Internal (not exported from the library): the checks and defaults of report templates.
import { Construct } from 'constructs';
import { ReportTemplate } from './report-template';
import { checkReportTemplateShape } from '../private/limits';
import { checkOpenValues } from '../private/open-values';

/**
 * The default report templates: control compliance and backup jobs, and scan jobs when the
 * environment scans its recovery points for malware.
 */
export function defaultReportTemplates(malwareScanning: boolean): ReportTemplate[] {
  return [
    ReportTemplate.CONTROL_COMPLIANCE_REPORT,
    ReportTemplate.BACKUP_JOB_REPORT,
    ...malwareScanning ? [ReportTemplate.SCAN_JOB_REPORT] : [],
  ];
}

/** Report templates: ReportTemplate instances, custom ones of the right shape, none twice. */
export function checkReportTemplates(scope: Construct, property: string, templates: ReportTemplate[]): ReportTemplate[] {
  return checkOpenValues(scope, property, templates, {
    className: 'ReportTemplate',
    isInstance: (v): v is ReportTemplate => v instanceof ReportTemplate,
    checkShape: checkReportTemplateShape,
    known: ReportTemplate.known(),
  });
}

