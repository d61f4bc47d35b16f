import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { grantAlarmPublish } from '../../../private/alarm-publish';
import { checkEmailAddress } from '../../../private/limits';
import { assertValid } from '../../../private/validation';
import { OperatorContacts } from '../operator-contacts';

/** The operator topic: the given one, or one of this forwarder when only e-mail addresses are given; e-mail subscriptions on it. */
export function operatorPath(scope: Construct, operator: OperatorContacts | undefined, key: kms.IKey): sns.ITopic | undefined {
  const contacts = operator ?? {};
  const emails = contacts.emailAddresses ?? [];
  emails.forEach((address, i) => assertValid(scope, checkEmailAddress(`operator.emailAddresses[${i}]`, address)));
  let topic = contacts.topic;
  if (!topic && emails.length > 0) {
    const created = new sns.Topic(scope, 'OperatorTopic', {
      displayName: 'Backup notification pipeline failures',
      masterKey: key,
      enforceSSL: true,
    });
    // CloudWatch alarms of this account publish to it; its key (the forwarder's) lets cloudwatch.amazonaws.com in.
    grantAlarmPublish(created, { alarmNamePattern: '*', sid: 'AllowCloudWatchAlarmsOfThisAccountToPublish', key: false });
    topic = created;
  }
  for (const address of emails) topic!.addSubscription(new subscriptions.EmailSubscription(address));
  return topic;
}
