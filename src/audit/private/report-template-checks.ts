// Internal (not exported from the library): the checks and defaults of report templates.
import { Construct } from 'constructs';
import { ReportTemplate } from '../report-template';

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
export function validateReportTemplates(scope: Construct, property: string, templates: ReportTemplate[]): ReportTemplate[] {
  return ReportTemplate._validateAll(scope, property, templates);
}

