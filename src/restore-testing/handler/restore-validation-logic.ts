// What the restore validation handler does with one "Restore Job State Change" event, independent of
// the AWS SDK (the handler file adapts the clients). No aws-cdk-lib here.
//
// Event shape: https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html
// (detail.restoreJobId, restoreTestingPlanArn, resourceType, createdResourceArn, status).
import { CheckVerdict, TransientCheckError } from './resource-checks';

/** The EventBridge event AWS Backup sends when a restore job changes state. */
export interface RestoreJobStateChangeEvent {
  readonly 'detail-type'?: string;
  readonly 'source'?: string;
  readonly 'account'?: string;
  readonly 'region'?: string;
  readonly 'detail'?: {
    readonly restoreJobId?: string;
    readonly restoreTestingPlanArn?: string;
    readonly resourceType?: string;
    readonly createdResourceArn?: string;
    readonly status?: string;
    readonly [key: string]: unknown;
  };
}

/** The handler's settings (from its environment). */
export interface ValidationSettings {
  /** Only restore jobs of this restore testing plan are validated. */
  readonly restoreTestingPlanArn: string;
  /** Where failed validations are published, if anywhere. */
  readonly topicArn?: string;
  /** The user's validation function, if any; otherwise the default resource check runs. */
  readonly validatorFunction?: string;
}

/** The AWS calls the logic needs. */
export interface ValidationPorts {
  checkResource(createdResourceArn: string | undefined): Promise<CheckVerdict>;
  invokeFunction(functionName: string, payload: string): Promise<{ functionError?: string; payload: string }>;
  putValidationResult(restoreJobId: string, status: 'SUCCESSFUL' | 'FAILED', message: string): Promise<void>;
  publish(topicArn: string, subject: string, message: string, attributes: Record<string, string>): Promise<void>;
  /** Waits between two attempts of a check (tests pass a no-op). */
  sleep(ms: number): Promise<void>;
}

/** What was done with one event. */
export interface ValidationOutcome {
  readonly restoreJobId?: string;
  /** IGNORED: not a completed restore job of this plan. NOT_CHECKED: no check exists, nothing reported. */
  readonly status: 'SUCCESSFUL' | 'FAILED' | 'NOT_CHECKED' | 'IGNORED';
  readonly message: string;
  /** Whether a failure was published to the topic. */
  readonly notified: boolean;
}

/**
 * The `EventType` message attribute of the failure notifications this library publishes (AWS Backup's
 * own notifications use BACKUP_JOB, COPY_JOB, RESTORE_JOB…). With `State` = FAILED, so that a
 * failures-only filter on `State` lets them through.
 */
export const RESTORE_VALIDATION_EVENT_TYPE = 'RESTORE_VALIDATION';

/**
 * The longest ValidationStatusMessage we send. AWS documents no maximum for it (API reference of
 * PutRestoreValidationResult): this is our own bound, so that a verbose validator cannot make the
 * call fail.
 */
export const MAX_VALIDATION_MESSAGE = 1_000;
/** Attempts of a check that meets throttling or an unavailable service. */
const CHECK_ATTEMPTS = 3;

/** Validates the restored resource of one completed restore testing job and reports the result. */
export async function validateRestoreJob(
  event: RestoreJobStateChangeEvent, settings: ValidationSettings, ports: ValidationPorts,
): Promise<ValidationOutcome> {
  const detail = event.detail ?? {};
  const restoreJobId = detail.restoreJobId;
  if (event['detail-type'] !== 'Restore Job State Change' || !restoreJobId) {
    return { restoreJobId, status: 'IGNORED', message: `not a restore job state change (${event['detail-type'] ?? 'no detail-type'})`, notified: false };
  }
  if (detail.restoreTestingPlanArn !== settings.restoreTestingPlanArn) {
    return { restoreJobId, status: 'IGNORED', message: `restore job of another plan (${detail.restoreTestingPlanArn ?? 'none'})`, notified: false };
  }
  if (detail.status !== 'COMPLETED') {
    return { restoreJobId, status: 'IGNORED', message: `restore job ${detail.status ?? 'without status'}: only completed restores are validated`, notified: false };
  }

  const verdict = settings.validatorFunction
    ? await runValidatorFunction(settings.validatorFunction, event, ports)
    : await runDefaultCheck(detail.createdResourceArn, ports);
  if (verdict.status === 'NOT_CHECKED') {
    return { restoreJobId, status: 'NOT_CHECKED', message: verdict.message, notified: false };
  }

  const message = truncate(verdict.message);
  let reportError: string | undefined;
  try {
    await ports.putValidationResult(restoreJobId, verdict.status, message);
  } catch (error) {
    reportError = `PutRestoreValidationResult failed: ${describe(error)}`;
  }

  const needsPerson = verdict.status === 'FAILED' || reportError !== undefined;
  let notified = false;
  if (needsPerson && settings.topicArn) {
    await ports.publish(settings.topicArn, 'AWS Backup restore validation failed',
      failureText(event, verdict, reportError), {
        EventType: RESTORE_VALIDATION_EVENT_TYPE,
        State: 'FAILED',
        AccountId: event.account ?? '',
        Id: restoreJobId,
        ResourceType: detail.resourceType ?? '',
      });
    notified = true;
  }
  if (reportError) {
    return { restoreJobId, status: 'FAILED', message: `${reportError} (validation: ${verdict.status}: ${message})`, notified };
  }
  return { restoreJobId, status: verdict.status, message, notified };
}

async function runDefaultCheck(createdResourceArn: string | undefined, ports: ValidationPorts): Promise<CheckVerdict> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ports.checkResource(createdResourceArn);
    } catch (error) {
      if (!(error instanceof TransientCheckError) && (error as Error)?.name !== 'TransientCheckError') throw error;
      if (attempt >= CHECK_ATTEMPTS) {
        return { status: 'FAILED', message: `could not check the restored resource after ${attempt} attempts: ${describe(error)}` };
      }
      await ports.sleep(1_000 * 2 ** (attempt - 1));
    }
  }
}

async function runValidatorFunction(functionName: string, event: RestoreJobStateChangeEvent, ports: ValidationPorts): Promise<CheckVerdict> {
  const detail = event.detail ?? {};
  const payload = JSON.stringify({
    restoreJobId: detail.restoreJobId,
    restoreTestingPlanArn: detail.restoreTestingPlanArn,
    resourceType: detail.resourceType,
    createdResourceArn: detail.createdResourceArn,
    account: event.account,
    region: event.region,
    event,
  });
  let answer: { functionError?: string; payload: string };
  try {
    answer = await ports.invokeFunction(functionName, payload);
  } catch (error) {
    return { status: 'FAILED', message: `validation function ${functionName} could not be invoked: ${describe(error)}` };
  }
  let parsed: any;
  try {
    parsed = JSON.parse(answer.payload);
  } catch {
    parsed = undefined;
  }
  if (answer.functionError) {
    const reason = typeof parsed?.errorMessage === 'string' ? parsed.errorMessage : answer.payload;
    return { status: 'FAILED', message: `validation function ${functionName} failed (${answer.functionError}): ${reason}` };
  }
  if (parsed && (parsed.status === 'SUCCESSFUL' || parsed.status === 'FAILED')) {
    return { status: parsed.status, message: typeof parsed.message === 'string' ? parsed.message : `validation function ${functionName}: ${parsed.status}` };
  }
  return {
    status: 'FAILED',
    message: `validation function ${functionName} answered ${answer.payload.slice(0, 200)}: expected {"status": "SUCCESSFUL" | "FAILED", "message": "…"}`,
  };
}

function failureText(event: RestoreJobStateChangeEvent, verdict: CheckVerdict, reportError: string | undefined): string {
  const d = event.detail ?? {};
  return [
    verdict.status === 'FAILED'
      ? 'An AWS Backup restore test completed, but the restored resource failed validation.'
      : 'An AWS Backup restore test was validated, but the result could not be reported to AWS Backup.',
    `Restore job ID : ${d.restoreJobId}`,
    `Resource type : ${d.resourceType ?? 'unknown'}`,
    `Created resource ARN : ${d.createdResourceArn ?? 'none'}`,
    `Restore testing plan ARN : ${d.restoreTestingPlanArn}`,
    `Account : ${event.account ?? 'unknown'}, region : ${event.region ?? 'unknown'}`,
    `Validation : ${verdict.status}: ${verdict.message}`,
    ...(reportError ? [`Reporting : ${reportError}`] : []),
  ].join('\n');
}

function truncate(message: string): string {
  return message.length <= MAX_VALIDATION_MESSAGE ? message : `${message.slice(0, MAX_VALIDATION_MESSAGE - 1)}…`;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
