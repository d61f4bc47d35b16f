import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { StackSetTemplateSynthesizer } from '../../../src/organization/private/stackset-template-synthesizer';
import { MAX_STACKSET_TEMPLATE_BODY_BYTES } from '../../../src/private/limits';

function appAndMember() {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-')) });
  const parent = new Stack(app, 'Parent');
  const synthesizer = new StackSetTemplateSynthesizer();
  const member = new Stack(parent, 'Member', { synthesizer, analyticsReporting: false });
  return { app, parent, member, synthesizer };
}

describe('StackSetTemplateSynthesizer', () => {
  test('writes the template, keeps it as compact JSON and emits no deployable artifact', () => {
    const { app, member, synthesizer } = appAndMember();
    new CfnResource(member, 'Topic', { type: 'AWS::SNS::Topic' });
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['Parent']);
    expect(JSON.parse(synthesizer.templateBody!)).toEqual({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
    expect(synthesizer.templateBody).not.toContain('\n');
  });

  test('refuses file assets: member accounts cannot read the management account\'s asset bucket', () => {
    const { member } = appAndMember();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asset-'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = 1;');
    expect(() => new s3assets.Asset(member, 'Code', { path: dir })).toThrow(
      /Parent\/Member: the StackSet template cannot carry a file asset \(.*\): member accounts cannot read the management account's asset bucket/);
  });

  test(`fails synth when the template is over ${MAX_STACKSET_TEMPLATE_BODY_BYTES} bytes`, () => {
    const { app, member } = appAndMember();
    for (let i = 0; i < 60; i++) {
      new CfnResource(member, `Topic${i}`, { type: 'AWS::SNS::Topic', properties: { DisplayName: 'x'.repeat(1000) } });
    }
    expect(() => app.synth()).toThrow(
      /Parent\/Member: the member baseline template \(\d+ bytes\) must be at most 51200 bytes \(AWS CloudFormation limit of a StackSet TemplateBody\)/);
  });
});
