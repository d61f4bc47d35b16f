import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct, IDependable } from 'constructs';

/** Options of {@link grantAlarmPublish}. */
export interface AlarmPublishOptions {
  /**
   * The alarms that may publish, by name (`*` a wildcard), checked with aws:SourceArn.
   * @default - every alarm of the topic's account (aws:SourceAccount only)
   */
  readonly alarmNamePattern?: string;
  /** The topic statement's Sid. @default - none (the topic policy numbers it) */
  readonly sid?: string;
  /** The key statement's Sid. @default - none */
  readonly keySid?: string;
  /**
   * The key whose policy lets the alarms use it, or false when its policy already does.
   * @default - the topic's masterKey (when it is a key of this app)
   */
  readonly key?: kms.IKey | false;
}

/** What {@link grantAlarmPublish} did: the statements, and whether each could be added. */
export interface AlarmPublishGrant {
  /** The topic policy statement. */
  readonly topicStatement: iam.PolicyStatement;
  /** Whether it was added (false for a topic this app does not manage). */
  readonly topicStatementAdded: boolean;
  /** The key policy statement. */
  readonly keyStatement: iam.PolicyStatement;
  /** Whether it was added (false without a key, or for a key this app does not manage). */
  readonly keyStatementAdded: boolean;
  /**
   * The grant, aws-cdk-lib's way: its resource statements are the ones added; `success` is false
   * when the topic statement could not be added (a topic this app does not manage).
   */
  readonly grant: iam.Grant;
}

/**
 * The one way this library lets CloudWatch alarms publish to a topic: the alarms of the topic's
 * account (all, or those whose names match `alarmNamePattern`) may publish to it and use its KMS
 * key; aws:SourceAccount (and aws:SourceArn) against the confused deputy. The owner's method
 * (`BackupNotificationTopic.grantAlarmPublish`) and the constructs that hold a topic they do not
 * own (`BackupMonitoring`'s alarmTopic) or a plain topic of their own (`SlackForwarder`) call it.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 */
export function grantAlarmPublish(topic: sns.ITopic, options: AlarmPublishOptions = {}): AlarmPublishGrant {
  const stack = Stack.of(topic);
  const principal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const conditions: { [operator: string]: unknown } = { StringEquals: { 'aws:SourceAccount': stack.account } };
  if (options.alarmNamePattern !== undefined) {
    conditions.ArnLike = {
      'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: options.alarmNamePattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    };
  }
  const topicStatement = new iam.PolicyStatement({
    sid: options.sid,
    principals: [principal],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions,
  });
  const keyStatement = new iam.PolicyStatement({
    sid: options.keySid,
    principals: [principal],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions,
  });
  const onTopic = grantOn(principal, topic, topicStatement, (st) => topic.addToResourcePolicy(st));
  const key = options.key === false ? undefined : options.key ?? topic.masterKey;
  // allowNoOp: an imported key's policy is its owner's (the statement is then not added).
  const onKey = key ? grantOn(principal, key, keyStatement, (st) => key.addToResourcePolicy(st, /* allowNoOp */ true)) : undefined;
  const keyStatementAdded = onKey?.added ?? false;
  const grant = !onTopic.added
    ? iam.Grant.drop(principal, `publish to ${topic.node.path}: the topic is not managed by this app`)
    : keyStatementAdded ? onTopic.grant.combine(onKey!.grant) : onTopic.grant;
  return { topicStatement, topicStatementAdded: onTopic.added, keyStatement, keyStatementAdded, grant };
}

/**
 * Adds `statement` to the policy of `resource` as an `iam.Grant` and tells whether it was added. The
 * grant depends on the resource itself when it was added (a KMS key reports its policy document,
 * which is no dependable, so `grant.applyBefore()` would fail on it).
 */
function grantOn(
  principal: iam.IPrincipal & iam.IGrantable,
  resource: IConstruct & IDependable & { readonly env: iam.IResourceWithPolicyV2['env'] },
  statement: iam.PolicyStatement,
  add: (statement: iam.PolicyStatement) => iam.AddToResourcePolicyResult,
): { grant: iam.Grant; added: boolean } {
  let added = false;
  const grant = iam.Grant.addStatementToResourcePolicy({
    grantee: principal,
    actions: statement.actions,
    resourceArns: statement.resources,
    statement,
    resource: {
      env: resource.env,
      addToResourcePolicy: (st: iam.PolicyStatement) => {
        added = add(st).statementAdded;
        return { statementAdded: added, policyDependable: added ? resource : undefined };
      },
    },
  });
  return { grant, added };
}
