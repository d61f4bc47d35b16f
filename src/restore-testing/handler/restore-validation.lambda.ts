// Validates each completed restore testing job of one plan (EventBridge "Restore Job State Change"),
// reports the result with PutRestoreValidationResult and publishes failures to an SNS topic.
// The AWS SDK reads its endpoint from AWS_ENDPOINT_URL (tests only). No aws-cdk-lib here.
import { BackupClient, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { checkRestoredResource } from './resource-checks';
import { RestoreJobStateChangeEvent, validateRestoreJob, ValidationPorts, ValidationOutcome } from './restore-validation-logic';
import { awsHttp } from '../../private/handler/aws-request';

let backup: BackupClient | undefined;
let sns: SNSClient | undefined;

/** Kept back from the Lambda timeout to report and publish after the validation function answered. */
const REPORTING_MARGIN_MS = 15_000;

function ports(invokeTimeoutMs: number): ValidationPorts {
  backup ??= new BackupClient({});
  sns ??= new SNSClient({});
  const http = awsHttp();
  return {
    checkResource: (arn) => checkRestoredResource(http, arn),
    invokeFunction: async (functionName, payload) => {
      const r = await http.send({
        service: 'lambda',
        method: 'POST',
        path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
        headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
        body: payload,
        timeoutMs: invokeTimeoutMs,
      });
      if (r.status >= 300) {
        throw new Error(`Lambda Invoke answered ${r.status} ${r.headers['x-amzn-errortype'] ?? ''} ${r.body.slice(0, 300)}`.trim());
      }
      return { functionError: r.headers['x-amz-function-error'], payload: r.body };
    },
    putValidationResult: async (restoreJobId, status, message) => {
      await backup!.send(new PutRestoreValidationResultCommand({
        RestoreJobId: restoreJobId, ValidationStatus: status, ValidationStatusMessage: message,
      }));
    },
    publish: async (topicArn, subject, message, attributes) => {
      await sns!.send(new PublishCommand({
        TopicArn: topicArn,
        Subject: subject,
        Message: message,
        MessageAttributes: Object.fromEntries(Object.entries(attributes)
          .filter(([, v]) => v !== '')
          .map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
      }));
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

export async function handler(event: RestoreJobStateChangeEvent, context?: { getRemainingTimeInMillis?(): number }): Promise<ValidationOutcome> {
  const remaining = context?.getRemainingTimeInMillis?.() ?? 120_000;
  const outcome = await validateRestoreJob(event, {
    restoreTestingPlanArn: process.env.RESTORE_TESTING_PLAN_ARN ?? '',
    topicArn: process.env.TOPIC_ARN || undefined,
    validatorFunction: process.env.VALIDATOR_FUNCTION || undefined,
  }, ports(Math.max(remaining - REPORTING_MARGIN_MS, 1_000)));
  console.log(JSON.stringify(outcome));
  return outcome;
}
