import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupNotificationTopic, BackupVaultEvent, VaultNotificationEvents } from '../../src/notifications';
import { TEST_ENV, testStack } from '../support/stack';

function stack(): Stack {
  return testStack({ env: TEST_ENV });
}

describe('VaultNotificationEvents', () => {
  test('defaults are the 17 events AWS Backup fires today, none deprecated', () => {
    const events = VaultNotificationEvents.defaults().map((e) => e.value);
    expect(events).toHaveLength(17);
    for (const deprecated of ['BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_FAILED', 'BACKUP_JOB_EXPIRED',
      'RESTORE_JOB_SUCCESSFUL', 'RESTORE_JOB_FAILED', 'BACKUP_PLAN_CREATED', 'BACKUP_PLAN_MODIFIED']) {
      expect(events).not.toContain(deprecated);
    }
    expect(events).toEqual(expect.arrayContaining(['RECOVERY_POINT_INDEXING_FAILED', 'EKS_RESTORE_OBJECT_SKIPPED', 'S3_RESTORE_OBJECT_FAILED']));
  });

  test('failures() is a subset of the defaults', () => {
    const all = VaultNotificationEvents.defaults();
    for (const e of VaultNotificationEvents.failures()) expect(all).toContain(e);
    expect(VaultNotificationEvents.failures()).not.toContain(BackupVaultEvent.BACKUP_JOB_STARTED);
  });
});

describe('BackupNotificationTopic', () => {
  test('creates a standard topic encrypted with a rotated, retained customer-managed key', () => {
    const s = stack();
    new BackupNotificationTopic(s, 'Notifications', { topicName: 'backup-production' });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'backup-production',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NotificationsKey'), 'Arn'] },
      FifoTopic: Match.absent(),
    });
    t.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('key policy lets AWS Backup and CloudWatch of this account use the key', () => {
    const s = stack();
    new BackupNotificationTopic(s, 'Notifications');
    const t = Template.fromStack(s);
    // The CloudWatch statement comes from grantAlarmPublish: its actions in the order of every grant to alarms.
    for (const [service, actions] of [
      ['backup.amazonaws.com', ['kms:GenerateDataKey*', 'kms:Decrypt']],
      ['cloudwatch.amazonaws.com', ['kms:Decrypt', 'kms:GenerateDataKey*']],
    ] as const) {
      t.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([{
            Sid: Match.anyValue(),
            Effect: 'Allow',
            Principal: { Service: service },
            Action: actions,
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }]),
        },
      });
    }
  });

  test('topic policy lets only AWS Backup and CloudWatch of this account publish, and denies non-TLS', () => {
    const s = stack();
    new BackupNotificationTopic(s, 'Notifications');
    const t = Template.fromStack(s);
    const policies = t.findResources('AWS::SNS::TopicPolicy');
    expect(Object.keys(policies)).toHaveLength(1);
    const statements = Object.values(policies)[0].Properties.PolicyDocument.Statement;
    const allows = statements.filter((st: any) => st.Effect === 'Allow');
    expect(allows.map((st: any) => st.Principal.Service).sort()).toEqual(['backup.amazonaws.com', 'cloudwatch.amazonaws.com']);
    for (const allow of allows) {
      expect(allow.Action).toBe('sns:Publish');
      expect(allow.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111122223333' } });
    }
    const deny = statements.find((st: any) => st.Effect === 'Deny');
    expect(deny).toMatchObject({ Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('uses a given key and extends its policy', () => {
    const s = stack();
    const key = new kms.Key(s, 'MyKey');
    const topic = new BackupNotificationTopic(s, 'Notifications', { encryptionKey: key });
    expect(topic.encryptionKey).toBe(key);
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })]) },
    });
  });

  test('brings its own topic: no topic or key created', () => {
    const s = stack();
    const own = sns.Topic.fromTopicArn(s, 'Own', 'arn:aws:sns:eu-west-1:111122223333:own');
    const topic = new BackupNotificationTopic(s, 'Notifications', { topic: own });
    expect(topic.topic).toBe(own);
    expect(topic.encryptionKey).toBeUndefined();
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.resourceCountIs('AWS::KMS::Key', 0);
  });

  test('rejects topicName with topic', () => {
    const s = stack();
    const own = sns.Topic.fromTopicArn(s, 'Own', 'arn:aws:sns:eu-west-1:111122223333:own');
    expect(() => new BackupNotificationTopic(s, 'Notifications', { topic: own, topicName: 'x' }))
      .toThrow(/topicName \(x\) cannot be set with topic: the topic already exists/);
  });

  describe('configureVault', () => {
    test('sets the vault notifications to the default events, after the topic policy', () => {
      const s = stack();
      const vault = new backup.BackupVault(s, 'Vault', { backupVaultName: 'production' });
      const topic = new BackupNotificationTopic(s, 'Notifications');
      topic.configureVault(vault);
      const t = Template.fromStack(s);
      const vaults = t.findResources('AWS::Backup::BackupVault');
      const v = Object.values(vaults)[0];
      expect(v.Properties.Notifications.BackupVaultEvents).toEqual(VaultNotificationEvents.defaults().map((e) => e.value));
      expect(v.Properties.Notifications.SNSTopicArn.Ref).toMatch(/^NotificationsTopic/);
      expect(v.DependsOn).toEqual([expect.stringMatching(/^NotificationsTopicPolicy/)]);
    });

    test('takes the given events, without duplicates', () => {
      const s = stack();
      const vault = new backup.BackupVault(s, 'Vault');
      new BackupNotificationTopic(s, 'Notifications').configureVault(vault,
        [BackupVaultEvent.BACKUP_JOB_COMPLETED, BackupVaultEvent.COPY_JOB_FAILED, BackupVaultEvent.BACKUP_JOB_COMPLETED]);
      Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupVault', {
        Notifications: { BackupVaultEvents: ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED'] },
      });
    });

    test('rejects an empty event list', () => {
      const s = stack();
      const vault = new backup.BackupVault(s, 'Vault');
      expect(() => new BackupNotificationTopic(s, 'Notifications').configureVault(vault, []))
        .toThrow(/events \(\[\]\) must name at least one BackupVaultEvent/);
    });

    test('rejects an event AWS Backup does not fire (deprecated), even through of()', () => {
      const s = stack();
      const vault = new backup.BackupVault(s, 'Vault');
      expect(() => new BackupNotificationTopic(s, 'Notifications').configureVault(vault, [BackupVaultEvent.of('BACKUP_JOB_FAILED')]))
        .toThrow(/S\/Notifications: events \(BACKUP_JOB_FAILED\) is not an event AWS Backup fires today: it is deprecated and never sent \(a failed or expired backup job arrives as BACKUP_JOB_COMPLETED/);
    });

    test('rejects an event given as a bare string (JavaScript written for the former enum)', () => {
      const s = stack();
      const vault = new backup.BackupVault(s, 'Vault');
      expect(() => new BackupNotificationTopic(s, 'Notifications').configureVault(vault, ['BACKUP_JOB_COMPLETED' as unknown as BackupVaultEvent]))
        .toThrow(/events \(BACKUP_JOB_COMPLETED\) must be a BackupVaultEvent: use BackupVaultEvent.<NAME> \(BACKUP_JOB_STARTED, .*\) or BackupVaultEvent.of/);
    });

    test('an event AWS added after this release, through of(), is rendered and noted in an info annotation', () => {
      const s = stack();
      const vault = new backup.BackupVault(s, 'Vault');
      const custom = BackupVaultEvent.of('SCAN_JOB_COMPLETED');
      expect(custom.custom).toBe(true);
      expect(`${custom}`).toBe('SCAN_JOB_COMPLETED');
      new BackupNotificationTopic(s, 'Notifications').configureVault(vault, [BackupVaultEvent.BACKUP_JOB_COMPLETED, custom, BackupVaultEvent.of('SCAN_JOB_COMPLETED')]);
      Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupVault', {
        Notifications: { BackupVaultEvents: ['BACKUP_JOB_COMPLETED', 'SCAN_JOB_COMPLETED'] },
      });
      Annotations.fromStack(s).hasInfo('/S/Notifications', Match.stringLikeRegexp(
        '^events: SCAN_JOB_COMPLETED is not among the BackupVaultEvent values this library knows \\(BACKUP_JOB_STARTED, .*\\): checked for shape only'));
    });

    test('a known name through of() is the static member, with no annotation', () => {
      expect(BackupVaultEvent.of('COPY_JOB_FAILED')).toBe(BackupVaultEvent.COPY_JOB_FAILED);
      const s = stack();
      new BackupNotificationTopic(s, 'Notifications').configureVault(new backup.BackupVault(s, 'Vault'), [BackupVaultEvent.of('COPY_JOB_FAILED')]);
      Annotations.fromStack(s).hasNoInfo('*', Match.anyValue());
    });

    test.each(['scan_job_completed', 'SCAN-JOB', '2_EVENT', '', 'SCAN JOB'])('a custom event of the wrong shape (%s) fails at synth', (name) => {
      const s = stack();
      const vault = new backup.BackupVault(s, 'Vault');
      expect(() => new BackupNotificationTopic(s, 'Notifications').configureVault(vault, [BackupVaultEvent.of(name)]))
        .toThrow(/S\/Notifications: events \(".*"\) is not a backup vault event name: an upper-case letter, then upper-case letters, digits and underscores/);
    });

    test('rejects an imported vault', () => {
      const s = stack();
      const vault = backup.BackupVault.fromBackupVaultName(s, 'Vault', 'x') as backup.BackupVault;
      expect(() => new BackupNotificationTopic(s, 'Notifications').configureVault(vault))
        .toThrow(/vault \(S\/Vault\) must be a BackupVault created in this app/);
    });
  });
});

describe('BackupNotificationTopic without the CloudWatch statement', () => {
  test('allowCloudWatchAlarms: false lets only AWS Backup publish and use the key', () => {
    const s = testStack();
    new BackupNotificationTopic(s, 'T', { allowCloudWatchAlarms: false });
    const t = Template.fromStack(s);
    const statements = [
      ...Object.values(t.findResources('AWS::SNS::TopicPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement),
      ...Object.values(t.findResources('AWS::KMS::Key')).flatMap((k) => k.Properties.KeyPolicy.Statement),
    ];
    // The services that may publish or use the key: AWS Backup alone (the account root keeps the key's admin statement).
    expect([...new Set(statements.map((st: any) => st.Principal?.Service).filter(Boolean))]).toEqual(['backup.amazonaws.com']);
  });
});

describe('BackupNotificationTopic.grantAlarmPublish', () => {
  test('lets the alarms named by the pattern publish and use the key, scoped by account and alarm ARN', () => {
    const s = stack();
    const topic = new BackupNotificationTopic(s, 'T', { allowCloudWatchAlarms: false });
    const grant = topic.grantAlarmPublish('production-*');
    expect(grant).toBeInstanceOf(iam.Grant);
    expect(grant.success).toBe(true);
    // The topic's and the key's statements: what a caller can inspect or make resources wait for.
    expect(grant.resourceStatements.map((st) => st.actions)).toEqual([['sns:Publish'], ['kms:Decrypt', 'kms:GenerateDataKey*']]);
    const waiting = new sns.Topic(s, 'Waiting');
    grant.applyBefore(waiting);
    const resources = Template.fromStack(s).toJSON().Resources;
    const waitingId = Object.keys(resources).find((k) => k.startsWith('Waiting'))!;
    expect(resources[waitingId].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TTopicPolicy/), expect.stringMatching(/^TKey/)]));
    const conditions = {
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:111122223333:alarm:production-*']] } },
    };
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: conditions,
        })]),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: conditions,
        })]),
      },
    });
  });

  test('an imported topic cannot be granted: an unsuccessful grant', () => {
    const s = stack();
    const imported = sns.Topic.fromTopicArn(s, 'I', 'arn:aws:sns:eu-west-1:111122223333:alarms');
    const topic = new BackupNotificationTopic(s, 'T', { topic: imported, allowCloudWatchAlarms: false });
    const grant = topic.grantAlarmPublish('*');
    expect(grant.success).toBe(false);
    expect(() => grant.assertSuccess()).toThrow(/could not be added/);
  });
});

describe('BackupNotificationTopic with your own topic', () => {
  test('a topic of this app with a masterKey: the key policy lets AWS Backup (and CloudWatch) use it, no warning', () => {
    const s = stack();
    const key = new kms.Key(s, 'OwnKey');
    const own = new sns.Topic(s, 'Own', { masterKey: key });
    const topic = new BackupNotificationTopic(s, 'Notifications', { topic: own });
    expect(topic.encryptionKey).toBe(key);
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'backup.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        })]),
      },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' }, Action: 'sns:Publish' })]) },
    });
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('an imported topic: a synth warning with the exact topic policy and key policy statements to add', () => {
    const s = stack();
    const own = sns.Topic.fromTopicArn(s, 'Own', 'arn:aws:sns:eu-west-1:111122223333:own');
    new BackupNotificationTopic(s, 'Notifications', { topic: own, allowCloudWatchAlarms: false });
    const warnings = Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('is not managed by this app'));
    expect(warnings).toHaveLength(1);
    const text = String(warnings[0].entry.data);
    expect(text).toContain('topic (arn:aws:sns:eu-west-1:111122223333:own)');
    expect(text).toContain('{"Action":"sns:Publish","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}},' +
      '"Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Resource":"arn:aws:sns:eu-west-1:111122223333:own","Sid":"AllowbackupToPublish"}');
    expect(text).toContain('if the topic is encrypted, to its KMS key\'s policy: {"Action":["kms:GenerateDataKey*","kms:Decrypt"]');
  });

  test('a topic of this app with an imported key: the warning names the key policy statement', () => {
    const s = stack();
    const key = kms.Key.fromKeyArn(s, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new BackupNotificationTopic(s, 'Notifications', { topic: new sns.Topic(s, 'Own', { masterKey: key }), allowCloudWatchAlarms: false });
    const warnings = Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('policy of its KMS key'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toMatch(/"Principal":\{"Service":"backup.amazonaws.com"\}/);
  });
});

describe('BackupNotificationTopic: who may publish is decided by grantAlarmPublish', () => {
  const ACCOUNT = { StringEquals: { 'aws:SourceAccount': '111122223333' } };
  const cloudwatch = { Service: 'cloudwatch.amazonaws.com' };
  const backupService = { Service: 'backup.amazonaws.com' };
  const policies = (s: Stack) => {
    const t = Template.fromStack(s);
    const [topicPolicy] = Object.values(t.findResources('AWS::SNS::TopicPolicy'));
    const [key] = Object.values(t.findResources('AWS::KMS::Key'));
    return { topic: topicPolicy.Properties.PolicyDocument.Statement, key: key.Properties.KeyPolicy.Statement };
  };

  test('the default (allowCloudWatchAlarms) is grantAlarmPublish(): every alarm of the account, by aws:SourceAccount', () => {
    const s = stack();
    new BackupNotificationTopic(s, 'T');
    const { topic, key } = policies(s);
    const topicRef = { Ref: s.getLogicalId(s.node.findChild('T').node.findChild('Topic').node.defaultChild as sns.CfnTopic) };
    expect(topic.filter((st: any) => st.Effect === 'Allow')).toEqual([
      { Sid: 'AllowbackupToPublish', Effect: 'Allow', Principal: backupService, Action: 'sns:Publish', Resource: topicRef, Condition: ACCOUNT },
      { Sid: 'AllowcloudwatchToPublish', Effect: 'Allow', Principal: cloudwatch, Action: 'sns:Publish', Resource: topicRef, Condition: ACCOUNT },
    ]);
    expect(key.slice(1)).toEqual([
      { Sid: 'AllowbackupToUseTheKey', Effect: 'Allow', Principal: backupService, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*', Condition: ACCOUNT },
      { Sid: 'AllowcloudwatchToUseTheKey', Effect: 'Allow', Principal: cloudwatch, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', Condition: ACCOUNT },
    ]);
  });

  test('grantAlarmPublish() on a topic built without it renders the same statements as the default', () => {
    const byDefault = stack();
    new BackupNotificationTopic(byDefault, 'T');
    const byGrant = stack();
    expect(new BackupNotificationTopic(byGrant, 'T', { allowCloudWatchAlarms: false }).grantAlarmPublish().success).toBe(true);
    expect(policies(byGrant)).toEqual(policies(byDefault));
  });

  test('an imported topic: the warning names the CloudWatch statement that grantAlarmPublish() could not add', () => {
    const s = stack();
    new BackupNotificationTopic(s, 'Notifications', { topic: sns.Topic.fromTopicArn(s, 'Own', 'arn:aws:sns:eu-west-1:111122223333:own') });
    const [warning] = Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('is not managed by this app'));
    expect(String(warning.entry.data)).toContain('{"Action":"sns:Publish","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}},' +
      '"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Resource":"arn:aws:sns:eu-west-1:111122223333:own","Sid":"AllowcloudwatchToPublish"}');
  });
});
