import { IConstruct } from 'constructs';
import { checkFilterPolicy } from './private/filter-limits';
import { isUnresolved, validationError } from '../private/validation';

/**
 * Job states that need a person (the `State` message attribute of backup, copy and restore jobs),
 * from the AWS SDK model (`backup` service-2.json): BackupJobState ABORTED, EXPIRED, FAILED,
 * PARTIAL (some items failed); CopyJobState FAILED, PARTIAL; RestoreJobStatus ABORTED, FAILED.
 * Not: CREATED, PENDING, RUNNING, ABORTING (on its way to ABORTED, which is sent), COMPLETED.
 */
const FAILED_STATES = ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'];

/**
 * Indexing notifications carry `IndexStatus` (IndexStatus in the model: PENDING, ACTIVE, FAILED,
 * DELETING) and no `State`: a failed index may arrive as RECOVERY_POINT_INDEXING_COMPLETED with
 * IndexStatus FAILED.
 */
const FAILED_INDEX_STATUSES = ['FAILED'];

/**
 * Failure events that carry `EventType` but no `State` (BackupVaultEvent in the model).
 * COPY_JOB_FAILED is the vault event of a failed copy; its State attribute matches too.
 */
const FAILED_EVENT_TYPES = [
  'CONTINUOUS_BACKUP_INTERRUPTED',
  'RECOVERY_POINT_INDEXING_FAILED',
  'S3_BACKUP_OBJECT_FAILED',
  'S3_RESTORE_OBJECT_FAILED',
  'COPY_JOB_FAILED',
];

/** EKS events name their attributes in lower camel case (`eventType`). EKS_RESTORE_OBJECT_SKIPPED is not a failure. */
const FAILED_EKS_EVENT_TYPES = ['EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED'];

/**
 * Which notifications of a topic reach a subscriber, as an SNS filter policy on the message
 * attributes (`FilterPolicyScope: MessageAttributes`).
 *
 * Filtering happens in SNS, free of charge: a message the policy drops never invokes the Lambda
 * function. SNS's limits (5 distinct keys in the whole policy, 150 value combinations, `$or`
 * branches added up) are checked at synth.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
 */
export class NotificationFilter {
  /**
   * Failures only (the default): backup, copy and restore jobs whose `State` is FAILED, EXPIRED,
   * ABORTED or PARTIAL, indexing whose `IndexStatus` is FAILED, interrupted continuous backups,
   * failed indexing, S3 and EKS object failures. 4 distinct keys and 12 value combinations, within
   * SNS's limits counted conservatively.
   *
   * CloudWatch alarm notifications carry no message attributes, and SNS never matches a message
   * without attributes against a filter policy (not even `"exists": false`): alarms reach Slack
   * through the forwarder's unfiltered alarm topic (`SlackForwarder.alarmTopic`), not through
   * this filter.
   *
   * @see https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html
   */
  public static failuresOnly(): NotificationFilter {
    return new NotificationFilter({
      $or: [
        { State: [...FAILED_STATES] },
        { IndexStatus: [...FAILED_INDEX_STATUSES] },
        { EventType: [...FAILED_EVENT_TYPES] },
        { eventType: [...FAILED_EKS_EVENT_TYPES] },
      ],
    }, 'policy', true);
  }

  /** Every notification of the topic: no filter policy. */
  public static all(): NotificationFilter {
    return new NotificationFilter(undefined);
  }

  /**
   * Job notifications whose `State` attribute is one of these (e.g. `['FAILED', 'EXPIRED']`).
   * Notifications without `State` (indexing, EKS) are dropped.
   */
  public static states(states: string[]): NotificationFilter {
    return new NotificationFilter({ State: [...states] }, 'states');
  }

  /**
   * Notifications whose `EventType` attribute is one of these (e.g. `['BACKUP_JOB', 'COPY_JOB',
   * 'RECOVERY_POINT_INDEXING_FAILED']`).
   */
  public static eventTypes(types: string[]): NotificationFilter {
    return new NotificationFilter({ EventType: [...types] }, 'eventTypes');
  }

  /**
   * A raw SNS filter policy on the message attributes, for everything else.
   *
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
   */
  public static fromPolicy(policy: { [key: string]: any }): NotificationFilter {
    return new NotificationFilter(policy, 'policy');
  }

  private constructor(
    private readonly policy: { [key: string]: any } | undefined,
    private readonly source: string = 'policy',
    /** `failuresOnly()`: built from this file's constants, the same policy every time. */
    private readonly builtIn: boolean = false,
  ) {}

  /**
   * The filter policy to put on a subscription, checked against SNS's limits.
   *
   * @param scope the construct named in validation errors
   * @returns the policy, or undefined when every message passes
   */
  public render(scope: IConstruct): { [key: string]: any } | undefined {
    if (this.policy === undefined) return undefined;
    if (isUnresolved(this.policy)) return this.policy;
    // The built-in default (failuresOnly) is checked and serialized once: every environment's
    // subscriptions render it. A policy given by the user is checked at each render.
    if (this.builtIn) {
      if (failuresOnlyText === undefined) {
        const builtInProblem = checkFilterPolicy(this.policy);
        if (builtInProblem) throw validationError(scope, `filter (${this.source}) ${builtInProblem}`);
        failuresOnlyText = JSON.stringify(this.policy);
      }
      return JSON.parse(failuresOnlyText);
    }
    const problem = checkFilterPolicy(this.policy);
    if (problem) {
      throw validationError(scope, `filter (${this.source}) ${problem}`);
    }
    return JSON.parse(JSON.stringify(this.policy));
  }
}

/** The checked policy of `NotificationFilter.failuresOnly()` as JSON, once rendered. */
let failuresOnlyText: string | undefined;
