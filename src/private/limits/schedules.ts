/**
 * Schedule rules of AWS Backup (backup plan rules, restore testing plans, organization backup
 * policies), each with the page it comes from.
 */
import { Token } from 'aws-cdk-lib';
import { cronDayFieldsProblem, CronSyntaxError, parseRate, tryParseCron } from './cron';

/**
 * AWS Backup schedules are `cron(...)` expressions with six fields (minutes hours day-of-month
 * month day-of-week year), in EventBridge's syntax (parsed by `cron.ts`): exactly one of
 * day-of-month and day-of-week is `?`. A rate expression is not accepted.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
 *
 * Backup jobs of a rule must be at least 60 minutes apart (hourly is the highest frequency).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
 */
/**
 * The schedule AWS Backup runs a rule on when it has no `scheduleExpression`: daily at 05:00 UTC.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 */
export const DEFAULT_BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';

/** The schedule a rule runs on: its own expression, or AWS Backup's default when it has none. */
export function effectiveBackupSchedule(scheduleExpression: { readonly expressionString: string } | undefined): string {
  return scheduleExpression?.expressionString ?? DEFAULT_BACKUP_SCHEDULE;
}

export const SCHEDULE_LIMITS = {
  minIntervalMinutes: 60,
};

/**
 * Checks an AWS Backup schedule: a valid six-field cron expression (`cron.ts`) with one of
 * day-of-month and day-of-week `?`, whose jobs are at least 60 minutes apart. Returns the problem,
 * naming `property` and the expression, or undefined.
 */
export function checkBackupSchedule(property: string, expression: string): string | undefined {
  if (Token.isUnresolved(expression)) return undefined;
  const label = `${property} (${expression})`;
  const rate = parseRate(expression);
  if (rate) {
    const tooOften = rate.minutes < SCHEDULE_LIMITS.minIntervalMinutes
      ? `, and its jobs (every ${rate.minutes} minutes) must be at least ${SCHEDULE_LIMITS.minIntervalMinutes} minutes apart`
      : '';
    return `${label} must be a cron expression: AWS Backup schedules accept cron(...) only${tooOften}`;
  }
  const cron = tryParseCron(expression);
  if (!cron) return `${label} must be a cron expression such as cron(0 5 ? * * *) (AWS Backup schedules accept cron(...) only)`;
  if (cron instanceof CronSyntaxError) {
    return cron.field === undefined ? `${label} ${cron.message}` : `${label} is not a valid cron expression: ${cron.message}`;
  }
  const fields = cron.fields;
  const days = cronDayFieldsProblem(fields);
  if (days) return `${label} ${days}`;
  if (cron.minutes.length > 1) {
    return `${label} runs ${cron.minutes.length} jobs an hour (minutes '${fields[0]}'): jobs must be at least ${SCHEDULE_LIMITS.minIntervalMinutes} minutes apart, so give one minute value, e.g. cron(0 * ? * * *) for hourly`;
  }
  return undefined;
}

/** A name such as Europe/Paris, America/Argentina/Buenos_Aires, UTC or Etc/GMT+5 (no offsets). */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/;

/**
 * Checks an IANA time zone name (`ScheduleExpressionTimezone`), as AWS Backup takes it. It uses
 * the time zone database of the JavaScript runtime (`Intl.DateTimeFormat`, full ICU in the
 * official Node.js builds from 18 on): canonical names and their aliases (US/Pacific) pass, an
 * unknown name, an empty one, an offset (+01:00) or a name in the wrong case fails.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 */
export function checkTimeZone(property: string, name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  const rule = 'must be an IANA time zone name such as Europe/Paris or UTC';
  if (typeof name !== 'string' || !TIME_ZONE_NAME.test(name)) return `${property} ("${name}") ${rule}`;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return `${property} ("${name}") ${rule}: the time zone database does not know it`;
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
    return `${property} ("${name}") ${rule}, spelt as in the database: "${resolved}"`;
  }
  return undefined;
}
