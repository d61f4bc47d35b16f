import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CoreAnnotations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupNotificationTopic } from '../../src/notifications';
import { inform, WARNINGS } from '../../src/private/warnings';
import { SRC, sources } from '../support/source-imports';
import { TEST_ENV, testStack } from '../support/stack';

/** The page that lists the synth warnings (linked from the README's feature table). */
const README = fs.readFileSync(path.resolve(SRC, '..', 'docs', 'synth-checks.md'), 'utf8');
const SCHEME = /^cdk-environment-backup:[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/;
const listed = Object.values(WARNINGS).map((w) => w.id);
const names = Object.keys(WARNINGS);

/** Every source file of src/ but the list itself, with its text. */
const texts = sources().filter((f) => !f.endsWith(path.join('private', 'warnings.ts')))
  .map((file) => ({ file: path.relative(SRC, file), text: fs.readFileSync(file, 'utf8') }));

describe('synth warning ids', () => {
  test('every id follows cdk-environment-backup:<concern>:<name>, once, with a meaning', () => {
    expect(listed.filter((id) => !SCHEME.test(id))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(Object.values(WARNINGS).filter((w) => w.meaning.trim().length < 20)).toEqual([]);
  });

  test('every warning src/ emits is in the list (addWarningV2 only with a listed id or through warn())', () => {
    const unlisted: string[] = [];
    for (const { file, text } of texts) {
      for (const call of text.matchAll(/addWarningV2\(\s*([^,]*),/g)) {
        const literal = /^['`"]([^'`"]*)['`"]$/.exec(call[1].trim());
        if (!literal || !listed.includes(literal[1])) unlisted.push(`${file}: addWarningV2(${call[1]}, …)`);
      }
      for (const use of text.matchAll(/WARNINGS\.(\w+)/g)) {
        if (!names.includes(use[1])) unlisted.push(`${file}: WARNINGS.${use[1]}`);
      }
    }
    expect(unlisted).toEqual([]);
  });

  test('every listed warning is emitted somewhere in src/ (no stale entry)', () => {
    const all = texts.map((t) => t.text).join('\n');
    const stale = names.filter((name) => !all.includes(`WARNINGS.${name}`) && !all.includes(`'${WARNINGS[name as keyof typeof WARNINGS].id}'`));
    expect(stale).toEqual([]);
  });

  test('docs/synth-checks.md lists every id, and no other id of the scheme', () => {
    const inReadme = [...new Set([...README.matchAll(/`(cdk-environment-backup:[a-zA-Z]+:[a-zA-Z]+)`/g)].map((m) => m[1]))];
    expect(listed.filter((id) => !inReadme.includes(id))).toEqual([]);
    expect(inReadme.filter((id) => !listed.includes(id))).toEqual([]);
  });

  test('a warning carries its id, and acknowledging the id removes it', () => {
    const make = (acknowledge: boolean) => {
      const s = testStack({ env: TEST_ENV });
      const own = sns.Topic.fromTopicArn(s, 'Own', 'arn:aws:sns:eu-west-1:111122223333:own');
      const topic = new BackupNotificationTopic(s, 'Notifications', { topic: own, allowCloudWatchAlarms: false });
      if (acknowledge) CoreAnnotations.of(topic).acknowledgeWarning(WARNINGS.importedTopic.id);
      return Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('is not managed by this app'));
    };
    const warnings = make(false);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toContain('[ack: cdk-environment-backup:notifications:importedTopic]');
    expect(make(true)).toEqual([]);
  });
});

describe('synth infos', () => {
  test('inform() records the info once, without a stack trace, where Annotations and `cdk synth` read it', () => {
    const s = testStack({ env: TEST_ENV });
    inform(s, 'the vault key may be used by account 444455556666');
    inform(s, 'the vault key may be used by account 444455556666');
    inform(s, 'another info');
    const infos = s.node.metadata.filter((m) => m.type === 'aws:cdk:info');
    expect(infos.map((m) => m.data)).toEqual(['the vault key may be used by account 444455556666', 'another info']);
    expect(infos.map((m) => m.trace)).toEqual([undefined, undefined]);
    Annotations.fromStack(s).hasInfo('/S', 'another info');
  });

  test('src/ records infos only through inform() (no Annotations.addInfo, which captures a whole stack trace)', () => {
    expect(texts.filter((t) => /\.addInfo(V2)?\(/.test(t.text)).map((t) => t.file)).toEqual([]);
  });
});
