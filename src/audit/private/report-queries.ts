import { FAILED_JOB_STATES } from '../../private/job-states';

/** A report table: one report template's reports, in one format. */
export interface ReportSource {
  readonly template: string;
  readonly format: 'CSV' | 'JSON';
  readonly tableName: string;
  readonly environments: string[];
  readonly planNames: string[];
}

export interface SavedQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

/** How a query reads a template's rows: the FROM clause and the prefix of the report's fields. */
function rows(database: string, source: ReportSource): { from: string; item: string; partition: string } {
  if (source.format === 'JSON') {
    return { from: `"${database}"."${source.tableName}" r CROSS JOIN UNNEST(r.reportitems) AS t(i)`, item: 'i.', partition: 'r.' };
  }
  return { from: `"${database}"."${source.tableName}" i`, item: 'i.', partition: 'i.' };
}

function daysAgo(days: number): string {
  return `date_format(current_date - interval '${days}' day, '%Y/%m/%d')`;
}

/** The saved queries whose report templates are delivered. */
/** The saved Athena queries over the report tables. */
export function savedQueries(database: string, sources: ReportSource[]): SavedQuery[] {
  const find = (template: string) => sources.find((s) => s.template === template);
  const queries: SavedQuery[] = [];

  const compliance = find('RESOURCE_COMPLIANCE_REPORT');
  if (compliance) {
    const { from, item: i, partition: r } = rows(database, compliance);
    queries.push({
      name: 'non_compliant_resources_by_environment',
      description: 'Resources a control found NON_COMPLIANT in the last two days of reports, by environment',
      sql: [
        `SELECT ${r}environment, ${i}accountid, ${i}region, ${i}frameworkname, ${i}controlname, ${i}resourcetype, ${i}resourceid,`,
        `  max(${i}lastevaluationtime) AS last_evaluation`,
        `FROM ${from}`,
        `WHERE ${r}report_date >= ${daysAgo(2)}`,
        `  AND ${i}resourcecompliancestatus = 'NON_COMPLIANT'`,
        'GROUP BY 1, 2, 3, 4, 5, 6, 7',
        'ORDER BY 1, 5, 7',
      ].join('\n'),
    });
  }

  const jobSelects: string[] = [];
  const jobs: Array<[string, string, string, string]> = [
    ['BACKUP_JOB_REPORT', 'BACKUP_JOB', 'backupjobid', 'resourcearn'],
    ['COPY_JOB_REPORT', 'COPY_JOB', 'copyjobid', 'resourcearn'],
    ['RESTORE_JOB_REPORT', 'RESTORE_JOB', 'restorejobid', 'sourceresourcearn'],
  ];
  for (const [template, kind, idColumn, resourceColumn] of jobs) {
    const source = find(template);
    if (!source) continue;
    const { from, item: i, partition: r } = rows(database, source);
    jobSelects.push([
      `SELECT '${kind}' AS job_kind, ${r}environment, ${i}accountid, ${i}region, ${i}${idColumn} AS job_id, ${i}jobstatus,`,
      `  ${i}statusmessage, ${i}${resourceColumn} AS resource_arn, ${i}creationdate`,
      `FROM ${from}`,
      `WHERE ${r}report_date >= ${daysAgo(7)}`,
      `  AND ${i}jobstatus IN (${FAILED_JOB_STATES.map((s) => `'${s}'`).join(', ')})`,
    ].join('\n'));
  }
  if (jobSelects.length > 0) {
    queries.push({
      name: 'failed_jobs_last_7_days',
      description: `Backup, copy and restore jobs in state ${FAILED_JOB_STATES.join(', ')} reported in the last 7 days`,
      sql: `SELECT DISTINCT * FROM (\n${jobSelects.join('\nUNION ALL\n')}\n)\nORDER BY creationdate DESC`,
    });
  }

  const backupJobs = find('BACKUP_JOB_REPORT');
  if (backupJobs) {
    const { from, item: i, partition: r } = rows(database, backupJobs);
    queries.push({
      name: 'recovery_points_older_than_rule_allows',
      description: 'Recovery points of completed backup jobs whose rule retention (deleteAfterDays) has elapsed: they should be gone',
      sql: [
        `SELECT DISTINCT ${r}environment, ${i}accountid, ${i}region, ${i}backupvaultname, ${i}recoverypointarn, ${i}resourcearn,`,
        `  ${i}backupplanname, ${i}backuprulename, ${i}creationdate, CAST(${i}deleteafterdays AS integer) AS delete_after_days`,
        `FROM ${from}`,
        `WHERE ${i}jobstatus = 'COMPLETED'`,
        `  AND try_cast(${i}deleteafterdays AS integer) > 0`,
        `  AND date_add('day', try_cast(${i}deleteafterdays AS integer), from_iso8601_timestamp(${i}creationdate)) < current_timestamp`,
        `ORDER BY ${i}creationdate`,
      ].join('\n'),
    });
  }
  return queries;
}

/** PascalCase of a name, for construct ids. */
export function pascal(text: string): string {
  return text.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
