#!/usr/bin/env node
// .ci/run's closing line: the jest reports (junit XML, from jest-junit) counted together. Exits 1 when
// any report shows a failed test or an error (a test file that could not run), or when a report is
// missing, empty, unreadable or counts no test: a gate that cannot see the results must not pass.
// Usage: node .ci/test-summary.js [report=label ...]  (default: the reports `projen test` writes)
// The last line is always `jest: N passed, F failed` (CI parses it).
'use strict';
const fs = require('fs');

const DEFAULT_REPORTS = [
  'test-reports/junit.xml=floor aws-cdk-lib',
  'test-reports/junit-latest.xml=newest aws-cdk-lib',
  'test-reports/junit-latest-validate.xml=newest aws-cdk-lib, CloudFormation validation',
];

/** The counts of a junit report's root element, or why there are none. */
function counts(xml) {
  const root = /<testsuites\b([^>]*)>/.exec(xml);
  if (!root) return { problem: 'no <testsuites> element' };
  const attribute = (name) => {
    const m = new RegExp(`\\b${name}="(\\d+)"`).exec(root[1]);
    return m ? Number(m[1]) : undefined;
  };
  const tests = attribute('tests');
  const failures = attribute('failures');
  const errors = attribute('errors');
  if (tests === undefined || failures === undefined || errors === undefined) {
    return { problem: 'the <testsuites> element lacks tests, failures or errors' };
  }
  if (tests === 0 && errors === 0) return { problem: 'no test ran' };
  // jest-junit counts a test file that could not run as one error (and no test); skipped tests did not pass.
  let skipped = 0;
  for (const m of xml.matchAll(/<testsuite\b[^>]*\bskipped="(\d+)"/g)) skipped += Number(m[1]);
  return { passed: tests - failures - skipped, failed: failures + errors };
}

function main(args) {
  let passed = 0;
  let failed = 0;
  let broken = 0;
  for (const arg of args.length > 0 ? args : DEFAULT_REPORTS) {
    const [file, label = file] = arg.split('=');
    let result;
    if (!fs.existsSync(file)) result = { problem: 'missing' };
    else {
      const xml = fs.readFileSync(file, 'utf8');
      result = xml.trim() === '' ? { problem: 'empty' } : counts(xml);
    }
    if (result.problem) {
      console.error(`  ${label}: test report ${file}: ${result.problem}`);
      broken++;
      continue;
    }
    console.log(`  ${label}: ${result.passed} passed, ${result.failed} failed`);
    passed += result.passed;
    failed += result.failed;
  }
  if (broken > 0) console.error(`error: ${broken} test report(s) missing or unreadable`);
  console.log(`jest: ${passed} passed, ${failed} failed`);
  return failed > 0 || broken > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
