import * as path from 'path';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { blameOurCode, takeViolations } from './deprecations';
import { testStack } from './stack';

const ROOT = path.resolve(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', 'aws-cdk-lib');
const at = (fn: string, file: string) => `    at ${fn} (${file}:1:100)`;
const stack = (...lines: string[]) => ['Error', at('console.warn', path.join(ROOT, 'test/support/deprecations.ts')), ...lines].join('\n');
const print = at('print', path.join(CDK, '.warnings.jsii.js'));
const validator = at('Object.aws_cdk_lib_X', path.join(CDK, '.warnings.jsii.js'));

describe('deprecated aws-cdk-lib API', () => {
  test('used by a test: the call throws, naming the file, the line and the API', () => {
    const s = testStack();
    expect(() => new dynamodb.Table(s, 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecovery: true, // deprecated on the floor and on the newest 2.x
    })).toThrow(/test\/support\/deprecations\.test\.ts:\d+ uses aws-cdk-lib\.aws_dynamodb\.TableOptions#pointInTimeRecovery, which is deprecated/);
    // ... and is recorded, so that catching the error does not hide it (the hook fails the test after it).
    expect(takeViolations()).toEqual([expect.stringContaining('TableOptions#pointInTimeRecovery')]);
  });

  test('the non-deprecated replacement passes quietly', () => {
    const s = testStack();
    new dynamodb.Table(s, 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    expect(takeViolations()).toEqual([]);
  });

  test('a method called from src/ is blamed on src/', () => {
    expect(blameOurCode('aws-cdk-lib.CfnResource#addDependency', stack(
      print,
      at('CfnResource.addDependency', path.join(CDK, 'core/lib/cfn-resource.js')),
      at('SlackForwarder.addTopic', path.join(ROOT, 'src/notifications/slack/slack-forwarder.ts')),
      at('Object.<anonymous>', path.join(ROOT, 'test/x.test.ts')),
    ))).toBe('src/notifications/slack/slack-forwarder.ts:1 uses aws-cdk-lib.CfnResource#addDependency, which is deprecated: use what its documentation names instead');
  });

  test('a deprecated prop passed by a test, through the constructor wrappers, is blamed on the test', () => {
    expect(blameOurCode('aws-cdk-lib.aws_dynamodb.TableProps#pointInTimeRecovery', stack(
      print, validator,
      at('new Table2', path.join(CDK, 'aws-dynamodb/lib/table.js')),
      at('new Table2', path.join(CDK, 'core/lib/no-box-stack-traces.js')),
      at('new Table2', path.join(CDK, 'core/lib/prop-injectable.js')),
      at('Object.<anonymous>', path.join(ROOT, 'test/x.test.ts')),
    ))).toMatch(/^test\/x\.test\.ts:1 uses aws-cdk-lib\.aws_dynamodb\.TableProps#pointInTimeRecovery/);
  });

  test('aws-cdk-lib using its own deprecated API in a construct a test built: not ours', () => {
    expect(blameOurCode('aws-cdk-lib.aws_dynamodb.TableGrantsProps#encryptedResource', stack(
      print, validator,
      at('new TableGrants', path.join(CDK, 'aws-dynamodb/lib/table-grants.js')),
      at('new TableV22', path.join(CDK, 'aws-dynamodb/lib/table-v2.js')),
      at('new TableV22', path.join(CDK, 'core/lib/no-box-stack-traces.js')),
      at('Object.<anonymous>', path.join(ROOT, 'test/x.test.ts')),
    ))).toBeUndefined();
  });

  test('aws-cdk-lib using its own deprecated API in a construct src/ built: ours (users would see it)', () => {
    expect(blameOurCode('aws-cdk-lib.aws_dynamodb.TableGrantsProps#encryptedResource', stack(
      print, validator,
      at('new TableGrants', path.join(CDK, 'aws-dynamodb/lib/table-grants.js')),
      at('new TableV22', path.join(CDK, 'aws-dynamodb/lib/table-v2.js')),
      at('new EnvironmentVault', path.join(ROOT, 'src/vault/environment-vault.ts')),
    ))).toMatch(/^src\/vault\/environment-vault\.ts:1 builds an aws-cdk-lib construct that uses .*TableGrantsProps#encryptedResource/);
  });

  test('a package other than ours or aws-cdk-lib (cdk-nag, integ-tests-alpha) calling it: not ours', () => {
    expect(blameOurCode('aws-cdk-lib.Stack#x', stack(
      print,
      at('Stack.x', path.join(CDK, 'core/lib/stack.js')),
      at('NagPack.visit', path.join(ROOT, 'node_modules/cdk-nag/lib/nag-pack.js')),
    ))).toBeUndefined();
  });

  test('other warnings are not judged', () => {
    expect(blameOurCode('x', stack(at('Object.<anonymous>', path.join(ROOT, 'src/a.ts'))))).toBeUndefined();
  });
});
