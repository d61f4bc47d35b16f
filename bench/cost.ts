/* Monthly Lambda invocations and Slack messages with and without the default filter. */
import { Attributes, matchesPolicy } from './filter-eval';
import { sample } from '../test/notifications/fixtures';

/** Lambda prices (us-east-1, x86, 2026 list prices): per request and per GB-second. */
export const PRICE_PER_REQUEST = 0.20 / 1e6;
export const PRICE_PER_GB_SECOND = 0.0000166667;
/** Billed duration assumed per invocation (the Slack round trip and a job lookup dominate). */
export const ASSUMED_SECONDS = 1;
export const MEMORY_GB = 0.25;
const DAYS = 30;

/** One kind of message a month produces, how many, and its attributes (from test/notifications/fixtures.ts). */
export interface MessageKind {
  readonly name: string;
  readonly perMonth: number;
  readonly attributes: Attributes;
}

/** The messages of a month: one job per resource per day, each STARTED then COMPLETED (COMPLETED or FAILED). */
export function monthOfMessages(resources: number, failureRate: number): MessageKind[] {
  const jobs = resources * DAYS;
  const failed = jobs * failureRate;
  // A failure raises NumberOfBackupJobsFailed: its alarm notifies ALARM then OK once on each day with a failure.
  const daysWithFailure = DAYS * (1 - Math.pow(1 - failureRate, resources));
  return [
    { name: 'BACKUP_JOB_STARTED (State CREATED)', perMonth: jobs, attributes: sample('backup started').attributes },
    { name: 'BACKUP_JOB_COMPLETED, State COMPLETED', perMonth: jobs - failed, attributes: sample('backup completed').attributes },
    { name: 'BACKUP_JOB_COMPLETED, State FAILED', perMonth: failed, attributes: sample('backup failed').attributes },
    { name: 'CloudWatch alarm ALARM + OK (no attributes)', perMonth: 2 * daysWithFailure, attributes: sample('CloudWatch alarm').attributes },
  ];
}

export interface CostRow {
  readonly resources: number;
  readonly failureRate: number;
  readonly withoutFilter: number;
  readonly withFilter: number;
}

/** Invocations a month with no filter and with `policy` (each delivered message is one invocation and one Slack post). */
export function costRow(policy: any, resources: number, failureRate: number): CostRow {
  const month = monthOfMessages(resources, failureRate);
  const total = (p: any) => month.filter((m) => matchesPolicy(p, m.attributes)).reduce((sum, m) => sum + m.perMonth, 0);
  // Alarms carry no attributes (no filter passes them): they reach Slack through the forwarder's
  // unfiltered alarm topic, so they count in both columns.
  const alarms = month.filter((m) => Object.keys(m.attributes).length === 0).reduce((sum, m) => sum + m.perMonth, 0);
  return { resources, failureRate, withoutFilter: total(undefined), withFilter: total(policy) + alarms };
}

/** Dollars a month for that many invocations at the assumed duration. */
export function lambdaDollars(invocations: number): number {
  return invocations * (PRICE_PER_REQUEST + ASSUMED_SECONDS * MEMORY_GB * PRICE_PER_GB_SECOND);
}
