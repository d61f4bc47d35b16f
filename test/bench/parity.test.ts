/* The benchmark's parity check (bench/parity.ts) on small hand-made templates. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bytesWithoutLogicalIds, compareAssemblies, compareTemplates, paritySummary } from '../../bench/parity';

const key = (description: string) => ({ Type: 'AWS::KMS::Key', Properties: { Description: description, EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
const topic = (keyId: string, name = 'env0-notifications') => ({
  Type: 'AWS::SNS::Topic',
  Properties: { TopicName: name, KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
});
const policy = (topicId: string, name: string) => ({
  Type: 'AWS::SNS::TopicPolicy',
  Properties: {
    PolicyName: name,
    Topics: [{ Ref: topicId }],
    PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: { 'Fn::Sub': `\${${topicId}}` }, Principal: { Service: 'backup.amazonaws.com' } }] },
  },
  DependsOn: [topicId],
});

/** The library's side: logical ids derived from its construct paths. */
const library = () => ({
  Resources: {
    EnvVaultKeyA1: key('vault key'),
    EnvTopicKeyB2: key('topic key'),
    EnvTopicC3: topic('EnvTopicKeyB2'),
    EnvTopicPolicyD4: policy('EnvTopicC3', 'EnvTopicPolicyD4'),
  },
  Parameters: { BootstrapVersion: { Type: 'String' } },
});
/** The hand-written side: the same resources under other logical ids, in another order. */
const baseline = () => ({
  Resources: {
    TopicPolicy0: policy('Topic0', 'TopicPolicy0'),
    Topic0: topic('TopicKey0'),
    TopicKey0: key('topic key'),
    VaultKey0: key('vault key'),
  },
  Parameters: { BootstrapVersion: { Type: 'String' } },
});

describe('compareTemplates', () => {
  test('the same resources under other logical ids (Ref, GetAtt, Sub, DependsOn, a name equal to the logical id) are the same', () => {
    const r = compareTemplates(library(), baseline());
    expect(r.differences).toEqual([]);
    expect(r.same).toBe(true);
    expect(paritySummary(r)).toBe('yes');
  });

  test('finds a changed property, naming the resource, the property and both values', () => {
    const b = baseline();
    (b.Resources.Topic0.Properties as any).TopicName = 'env0-other';
    const r = compareTemplates(library(), b, ['Library0', 'Baseline0']);
    expect(r.same).toBe(false);
    expect(r.differences[0]).toBe('Library0 vs Baseline0: AWS::SNS::Topic (library EnvTopicC3, baseline Topic0): ' +
      'Properties.TopicName: library "env0-notifications", baseline "env0-other"');
    expect(paritySummary(r)).toMatch(/^no \(\d+ differences?: Library0 vs Baseline0: AWS::SNS::Topic/);
  });

  test('finds a missing resource', () => {
    const b = baseline();
    delete (b.Resources as any).VaultKey0;
    const r = compareTemplates(library(), b);
    expect(r.differences).toEqual(['library vs baseline: AWS::KMS::Key EnvVaultKeyA1 is only in the library']);
  });

  test('finds an extra resource', () => {
    const b = baseline();
    (b.Resources as any).Extra = key('another key');
    expect(compareTemplates(library(), b).differences).toEqual(['library vs baseline: AWS::KMS::Key Extra is only in the baseline']);
  });

  test('finds a Ref (here a GetAtt) that points to another resource of the same type', () => {
    const b = baseline();
    b.Resources.Topic0 = topic('VaultKey0'); // the vault key instead of the topic key
    const r = compareTemplates(library(), b);
    expect(r.same).toBe(false);
    expect(r.differences).toContain('library vs baseline: AWS::SNS::Topic (library EnvTopicC3, baseline Topic0): refers to a resource ' +
      'that differs at Properties.KmsMasterKeyId');
  });

  test('finds a changed DependsOn and a changed DeletionPolicy', () => {
    const b = baseline();
    b.Resources.TopicPolicy0.DependsOn = ['Topic0', 'VaultKey0'];
    (b.Resources.VaultKey0 as any).DeletionPolicy = 'Delete';
    const r = compareTemplates(library(), b);
    expect(r.differences.join('\n')).toMatch(/AWS::SNS::TopicPolicy \(library EnvTopicPolicyD4, baseline TopicPolicy0\): DependsOn: library \["AWS::SNS::Topic#\w+"\], baseline \["AWS::KMS::Key#\w+","AWS::SNS::Topic#\w+"\]$/m);
    expect(r.differences.join('\n')).toMatch(/AWS::KMS::Key \(library EnvVaultKeyA1, baseline VaultKey0\): DeletionPolicy: library "Retain", baseline "Delete"/);
  });

  test('a changed reference inside Fn::Sub counts', () => {
    const b = baseline();
    b.Resources.TopicPolicy0.Properties.PolicyDocument.Statement[0].Resource = { 'Fn::Sub': '${TopicKey0}' };
    expect(compareTemplates(library(), b).same).toBe(false);
  });

  test('literal differences come before the differences they cause in resources that refer to them', () => {
    const b = baseline();
    b.Resources.TopicKey0 = key('another description');
    const r = compareTemplates(library(), b);
    expect(r.differences[0]).toMatch(/AWS::KMS::Key .*Properties.Description: library "topic key", baseline "another description"/);
    expect(r.differences.slice(1).every((d) => d.includes('refers to a resource'))).toBe(true);
  });

  test('other template sections are compared literally', () => {
    const b = baseline();
    (b.Parameters as any).Extra = { Type: 'String' };
    expect(compareTemplates(library(), b).differences).toEqual([expect.stringMatching(/template section Parameters differs/)]);
  });

  test('construct paths in strings count as names of their resources, and aws:cdk:path metadata is dropped', () => {
    const withPath = (id: string, p: string) => ({
      Resources: {
        [id]: { Type: 'AWS::SQS::Queue', Properties: {}, Metadata: { 'aws:cdk:path': `${p}/Resource` } },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmDescription: `Dead letters wait in ${p} (kept 14 days).` } },
      },
    });
    const a = withPath('LibQueueA1', 'Library0/Forwarder/DeadLetterQueue');
    const b = withPath('Dlq0', 'Baseline0/Dlq');
    const paths = (t: any, p: string) => ({ [Object.keys(t.Resources)[0]]: `/${p}/Resource` });
    expect(compareTemplates(a, b, ['l', 'b'], [paths(a, 'Library0/Forwarder/DeadLetterQueue'), paths(b, 'Baseline0/Dlq')]).differences).toEqual([]);
    // Without the paths, the descriptions differ.
    expect(compareTemplates(a, b).differences).toEqual([expect.stringMatching(/AlarmDescription: library "Dead letters wait in Library0/)]);
    // Other metadata counts.
    (b.Resources.Dlq0.Metadata as any).cfn_nag = { rules_to_suppress: [] };
    expect(compareTemplates(a, b, ['l', 'b'], [paths(a, 'Library0/Forwarder/DeadLetterQueue'), paths(b, 'Baseline0/Dlq')]).same).toBe(false);
  });

  test('outputs are compared by value, their references normalized', () => {
    const a = { ...library(), Outputs: { EnvTopicArnOut: { Value: { Ref: 'EnvTopicC3' } } } };
    const b = { ...baseline(), Outputs: { TopicArn: { Value: { Ref: 'Topic0' } } } };
    expect(compareTemplates(a, b).same).toBe(true);
    b.Outputs.TopicArn.Value.Ref = 'TopicKey0';
    expect(compareTemplates(a, b).differences).toEqual([expect.stringMatching(/Outputs differ: only in the library .*AWS::SNS::Topic#.*only in the baseline .*AWS::KMS::Key#/)]);
  });

  test('references in cycles (through metadata) end', () => {
    const cyclic = (x: string, y: string) => ({
      Resources: {
        [x]: { Type: 'AWS::IAM::Role', Properties: {}, Metadata: { note: { Ref: y } } },
        [y]: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: x }] } },
      },
    });
    expect(compareTemplates(cyclic('RoleA', 'PolicyA'), cyclic('Role0', 'Policy0')).same).toBe(true);
  });

  test('identical resources are matched as many times as they occur', () => {
    const a = { Resources: { A: key('k'), B: key('k') } };
    const b = { Resources: { X: key('k') } };
    expect(compareTemplates(a, b).differences).toEqual([expect.stringMatching(/AWS::KMS::Key (A|B) is only in the library/)]);
  });
});

describe('compareAssemblies', () => {
  test('pairs the stacks in order and reads the construct paths from the assembly metadata', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-'));
    try {
      const write = (name: string, stack: string, t: any, paths: { [id: string]: string }) => {
        fs.mkdirSync(path.join(dir, name), { recursive: true });
        fs.writeFileSync(path.join(dir, name, `${stack}.template.json`), JSON.stringify(t));
        const metadata = Object.fromEntries(Object.entries(paths).map(([id, p]) => [p, [{ type: 'aws:cdk:logicalId', data: id }]]));
        fs.writeFileSync(path.join(dir, name, `${stack}.metadata.json`), JSON.stringify(metadata));
        fs.writeFileSync(path.join(dir, name, 'manifest.json'), JSON.stringify({ artifacts: { [stack]: { additionalMetadataFile: `${stack}.metadata.json` } } }));
      };
      const t = (id: string, p: string) => ({ Resources: { [id]: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: `topic ${p}` } } } });
      write('lib', 'Library0', t('LibTopicA1', 'Library0/Env0/Topic'), { LibTopicA1: '/Library0/Env0/Topic/Resource' });
      write('base', 'Baseline0', t('Topic0', 'Baseline0/Topic0'), { Topic0: '/Baseline0/Topic0/Resource' });
      expect(compareAssemblies(path.join(dir, 'lib'), path.join(dir, 'base'))).toEqual({ same: true, differences: [] });
      write('base', 'Baseline0', t('Topic0', 'Baseline0/Other'), { Topic0: '/Baseline0/Topic0/Resource' });
      expect(compareAssemblies(path.join(dir, 'lib'), path.join(dir, 'base')).differences).toEqual([
        expect.stringMatching(/^Library0 vs Baseline0: AWS::SNS::Topic .*DisplayName: library "topic <path of AWS::SNS::Topic#\w+>", baseline "topic Baseline0\/Other"/),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bytesWithoutLogicalIds', () => {
  test('counts the template bytes with each logical id as one character', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-bytes-'));
    try {
      const t = (a: string, b: string) => JSON.stringify({ Resources: { [a]: { Type: 'AWS::SNS::Topic' }, [b]: { Type: 'X', Properties: { T: { Ref: a } } } } });
      fs.writeFileSync(path.join(dir, 'A.template.json'), t('LongLogicalIdA1B2C3D4', 'Other'));
      fs.writeFileSync(path.join(dir, 'B.template.json'), t('T0', 'O'));
      // A: the 21-character id twice (key and Ref), the 5-character one once; B: the 2-character id twice.
      expect(bytesWithoutLogicalIds(dir)).toBe(t('LongLogicalIdA1B2C3D4', 'Other').length - 2 * 20 - 4 + t('T0', 'O').length - 2 * 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
