import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';

/** Options of {@link grantAlarmPublish}. */
export interface AlarmPublishOptions {
  /** The topic statement's Sid. @default - none */
  readonly sid?: string;
  /** Also let the alarms use the topic's KMS key (when it is a key of this app). @default true */
  readonly key?: boolean;
}

/**
 * The one way this library lets CloudWatch alarms publish to a topic: the alarms of the topic's
 * account whose names match `alarmNamePattern` (`*` for all) may publish to it and, unless `key` is
 * false, use its KMS key (aws:SourceAccount and aws:SourceArn against the confused deputy).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export function grantAlarmPublish(topic: sns.ITopic, alarmNamePattern: string, options: AlarmPublishOptions = {}): iam.AddToResourcePolicyResult {
  const stack = Stack.of(topic);
  const principal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const conditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarmNamePattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
  };
  const result = topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: options.sid,
    principals: [principal],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions,
  }));
  if (options.key ?? true) {
    topic.masterKey?.addToResourcePolicy(new iam.PolicyStatement({
      principals: [principal],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions,
    }), /* allowNoOp */ true);
  }
  return result;
}
