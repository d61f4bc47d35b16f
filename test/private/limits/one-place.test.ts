import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as limits from '../../../src/private/limits';
import { relative, sources, SRC } from '../../support/source-imports';

// Each AWS rule lives once, in src/private/limits, with the page it comes from (CONTRIBUTING.md,
// "Verbs" and the layout rules). This test reads every module of src/ outside src/private/limits
// with the TypeScript parser and fails on a regular expression (a /…/ literal or a `new RegExp()`
// argument) that writes one of the rules below again, or on AWS's default windows as a number.

interface Rule {
  readonly name: string;
  /** Pieces of a regular expression's source that only this rule writes. */
  readonly pieces: readonly string[];
}

const RULES: readonly Rule[] = [
  { name: 'IAM role name (ROLE_NAME_PATTERN, ROLE_NAME_WITH_PATH_PATTERN)', pieces: ['[\\w+=,.@-]', '+=,.@'] },
  { name: 'Organizations ids and policy targets (OU_ID_PATTERN, ROOT_ID_PATTERN, isPolicyTargetId)', pieces: ['r-[0-9a-z]', 'ou-[0-9a-z]', 'o-[a-z0-9]'] },
  { name: 'account id (ACCOUNT_ID_PATTERN)', pieces: ['\\d{12}'] },
  { name: 'region code (REGION_PATTERN)', pieces: ['[a-z]{2}(-[a-z]+)+-\\d'] },
  { name: 'backup vault and role ARNs (parseBackupVaultArn, memberRoleNameOfArn)', pieces: ['backup-vault', ':role\\/', ':iam::'] },
  { name: 'backup policy resource ARN (POLICY_RESOURCE_ARN_PATTERN)', pieces: ['[a-z0-9*-]'] },
  { name: 'environment name (ENVIRONMENT_NAME_PATTERN)', pieces: ['{0,31}'] },
  { name: 'Athena and Glue names (ATHENA_DATABASE_NAME_PATTERN, ATHENA_WORKGROUP_NAME_PATTERN)', pieces: ['[a-z0-9_]{1,255}', '[a-zA-Z0-9._-]{1,128}'] },
  { name: 'CloudWatch dashboard name (DASHBOARD_NAME_PATTERN)', pieces: ['[A-Za-z0-9_-]{1,255}'] },
  { name: 'e-mail address SNS subscribes (checkEmailAddress)', pieces: ['+@', '*@'] },
  { name: 'audit framework and report plan names (AUDIT_NAME_PATTERN, auditNameFrom)', pieces: ['^[a-zA-Z]', '[a-zA-Z0-9_]{0,255}'] },
  { name: 'cron and rate expressions (cron.ts)', pieces: ['cron\\(', 'rate\\(', '#(\\d)', '\\d+W'] },
];

/** AWS Backup's default start (480) and completion (10,080) windows in minutes: RULE_LIMITS. */
const DEFAULT_WINDOW_MINUTES = [480, 10_080];

/**
 * Copies that stay, each with its reason (none today: the Slack handler reads region codes, vault
 * names and role names with src/private/limits/handler/identifiers.ts); the test fails when a listed
 * one is gone, so the list cannot rot.
 */
const KNOWN: readonly string[] = [];

const LIMITS = path.join(SRC, 'private', 'limits');

/** The regular expressions of a module: their source text, and their line. */
function regularExpressions(file: string): Array<{ source: string; line: number }> {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ source: string; line: number }> = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      found.push({ source: node.getText(sf), line: lineOf(node) });
    } else if (ts.isNewExpression(node) && node.expression.getText(sf) === 'RegExp' && node.arguments?.[0]) {
      const arg = node.arguments[0];
      // The text as the pattern sees it: a string's escapes resolved ('\\d' is \d).
      const source = ts.isStringLiteralLike(arg) ? arg.text : arg.getText(sf).replace(/\\\\/g, '\\');
      found.push({ source, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function numbers(file: string): Array<{ value: number; line: number }> {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ value: number; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNumericLiteral(node)) found.push({ value: Number(node.text), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The places outside src/private/limits that write a rule again: `file:line: rule`. */
export function copiesOfRules(files: string[]): string[] {
  const copies: string[] = [];
  for (const file of files) {
    if (file.startsWith(LIMITS + path.sep)) continue;
    for (const { source, line } of regularExpressions(file)) {
      for (const rule of RULES) {
        if (rule.pieces.some((p) => source.includes(p))) copies.push(`${relative(file)}:${line}: ${rule.name}`);
      }
    }
    for (const { value, line } of numbers(file)) {
      if (DEFAULT_WINDOW_MINUTES.includes(value)) copies.push(`${relative(file)}:${line}: AWS Backup's default window (${value} minutes, RULE_LIMITS)`);
    }
  }
  return copies;
}

test('each AWS rule is written once, in src/private/limits', () => {
  const copies = copiesOfRules(sources());
  expect(copies.filter((c) => !KNOWN.some((k) => c.replace(/:\d+:/, ':') === k))).toEqual([]);
  // Each known copy is still there (remove it from KNOWN once it is gone).
  for (const known of KNOWN) expect(copies.map((c) => c.replace(/:\d+:/, ':'))).toContain(known);
});

test('src/private/limits holds each rule (the pieces this test looks for are real)', () => {
  const exported = Object.values(limits).filter((v): v is RegExp => v instanceof RegExp).map((r) => r.source);
  const inLimits = [...exported, ...sources(LIMITS).flatMap((f) => regularExpressions(f).map((r) => r.source))];
  for (const rule of RULES) {
    expect({ rule: rule.name, found: rule.pieces.some((p) => inLimits.some((s) => s.includes(p))) }).toEqual({ rule: rule.name, found: true });
  }
});

test('a copy outside src/private/limits is found, with its file, line and rule', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'one-place-'));
  try {
    const file = path.join(dir, 'copy.ts');
    fs.writeFileSync(file, [
      'export const ROLE = /^[\\w+=,.@-]{1,64}$/;',
      "export const SCHEDULE = new RegExp('^cron\\\\((.*)\\\\)$');",
      'export const START_WINDOW_MINUTES = 480;',
      'export const FINE = /^[a-z]+$/;',
    ].join('\n'));
    expect(copiesOfRules([file]).map((c) => c.replace(/^.*copy\.ts/, 'copy.ts'))).toEqual([
      'copy.ts:1: IAM role name (ROLE_NAME_PATTERN, ROLE_NAME_WITH_PATH_PATTERN)',
      'copy.ts:2: cron and rate expressions (cron.ts)',
      "copy.ts:3: AWS Backup's default window (480 minutes, RULE_LIMITS)",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
