/* eslint-disable no-console */
import * as path from 'path';
import { BackupCoverage } from '../src';
import { buildExampleApp, WorkloadStack } from './app';
import { buildOrganizationApp } from './organization';

// Synthesizes the example app into example/cdk.out and prints what it made.
const outdir = path.join(__dirname, 'cdk.out');
const app = buildExampleApp(outdir);
const assembly = app.synth();

console.log(`Synthesized ${assembly.stacks.length} stacks into ${path.relative(process.cwd(), outdir)}\n`);
for (const stack of assembly.stacks) {
  const resources: Record<string, { Type: string }> = stack.template.Resources ?? {};
  const byType = new Map<string, number>();
  for (const r of Object.values(resources)) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
  console.log(`${stack.stackName}: ${Object.keys(resources).length} resources`);
  for (const [type, count] of [...byType.entries()].sort()) {
    console.log(`  ${String(count).padStart(3)}  ${type}`);
  }
  for (const message of stack.messages) {
    console.log(`  ${message.level}: ${message.id} ${String(message.entry.data)}`);
  }
  console.log();
}

console.log(BackupCoverage.of(app).toText());
console.log();
for (const stack of app.node.children) {
  if (!(stack instanceof WorkloadStack)) continue;
  console.log(`Generations kept by ${stack.backup.environmentName} (${stack.backup.tier}):`);
  console.log(stack.backup.generations().toText());
  console.log();
}

// The organization app (example/organization.ts): the management account's stack, with the member
// baseline each StackSet carries.
const orgOutdir = path.join(outdir, 'organization');
const orgApp = buildOrganizationApp(orgOutdir);
const orgAssembly = orgApp.synth();
console.log(`Synthesized the organization app into ${path.relative(process.cwd(), orgOutdir)}\n`);
for (const stack of orgAssembly.stacks) {
  const resources: Record<string, { Type: string; Properties?: any }> = stack.template.Resources ?? {};
  console.log(`${stack.stackName}: ${Object.keys(resources).length} resources`);
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::CloudFormation::StackSet') continue;
    const body = JSON.parse(r.Properties.TemplateBody);
    const targets = r.Properties.StackInstancesGroup[0];
    console.log(`  StackSet ${r.Properties.StackSetName}: ${Object.keys(body.Resources).length} resources a member account and region ` +
      `(${Buffer.byteLength(r.Properties.TemplateBody)} bytes of 51,200) to ${targets.DeploymentTargets.OrganizationalUnitIds.join(', ')} in ${targets.Regions.join(', ')}`);
  }
  for (const message of stack.messages) {
    console.log(`  ${message.level}: ${message.id} ${String(message.entry.data)}`);
  }
}
