import { IConstruct } from 'constructs';
import { checkFilterPolicy } from './filter-limits';
import { isUnresolved, validationError } from '../private/validation';

/** Job states that need a person: the `State` message attribute of backup, copy and restore jobs. */
const FAILED_STATES = ['FAILED', 'EXPIRED', 'ABORTED'];

/** Failure events that carry `EventType` but no `State`. */
const FAILED_EVENT_TYPES = [
  'CONTINUOUS_BACKUP_INTERRUPTED',
  'RECOVERY_POINT_INDEXING_FAILED',
  'S3_BACKUP_OBJECT_FAILED',
  'S3_RESTORE_OBJECT_FAILED',
];

/** EKS events name their attributes in lower camel case (`eventType`). */
const FAILED_EKS_EVENT_TYPES = ['EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED'];

/**
 * CloudWatch alarm notifications (and anything else published without attributes): neither
 * `EventType` nor `eventType` is present.
 */
const NO_BACKUP_ATTRIBUTES = { EventType: [{ exists: false }], eventType: [{ exists: false }] };

/**
 * Which notifications of a topic reach a subscriber, as an SNS filter policy on the message
 * attributes (`FilterPolicyScope: MessageAttributes`).
 *
 * Filtering happens in SNS, free of charge: a message the policy drops never invokes the Lambda
 * function. SNS's limits (5 keys per branch, 150 value combinations, `$or` branches added up) are
 * checked at synth.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
 */
export class NotificationFilter {
  /**
   * Failures only (the default): failed, expired and aborted backup, copy and restore jobs,
   * interrupted continuous backups, failed indexing, S3 and EKS object failures, and CloudWatch
   * alarm notifications (they carry no message attributes).
   */
  public static failuresOnly(): NotificationFilter {
    return new NotificationFilter({
      $or: [
        { State: FAILED_STATES },
        { EventType: FAILED_EVENT_TYPES },
        { eventType: FAILED_EKS_EVENT_TYPES },
        NO_BACKUP_ATTRIBUTES,
      ],
    });
  }

  /** Every notification of the topic: no filter policy. */
  public static all(): NotificationFilter {
    return new NotificationFilter(undefined);
  }

  /**
   * Job notifications whose `State` attribute is one of these (e.g. `['FAILED', 'EXPIRED']`).
   * Notifications without `State` (indexing, EKS, alarms) are dropped: see `withAlarms()`.
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
  ) {}

  /**
   * The same filter, plus CloudWatch alarm notifications (messages without `EventType` and
   * `eventType` attributes).
   */
  public withAlarms(): NotificationFilter {
    if (this.policy === undefined) return this;
    return new NotificationFilter({ $or: [this.policy, NO_BACKUP_ATTRIBUTES] }, this.source);
  }

  /**
   * The filter policy to put on a subscription, checked against SNS's limits.
   *
   * @param scope the construct named in validation errors
   * @returns the policy, or undefined when every message passes
   */
  public render(scope: IConstruct): { [key: string]: any } | undefined {
    if (this.policy === undefined) return undefined;
    if (isUnresolved(this.policy)) return this.policy;
    const problem = checkFilterPolicy(this.policy);
    if (problem) {
      throw validationError(scope, `filter (${this.source}) ${problem}`);
    }
    return JSON.parse(JSON.stringify(this.policy));
  }
}
