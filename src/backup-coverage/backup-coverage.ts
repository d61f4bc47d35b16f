import * as fs from 'fs';
import * as path from 'path';
import { Annotations, CfnResource, Reference, Stack, Stage, TagManager, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { attach, attached, attachedOnce } from '../private/singleton';
import { validationError } from '../private/validation';
import { describeConditions, like, satisfiesAll } from './private/match';
import { backupResourceType } from './private/resource-types';
import { formatMarkdown, formatReport } from './private/text';
import { CoverageReport, CoverageResource, CoverageStatus, EnvironmentCoverage, ResourceProtection, SelectionMatch } from './report';
import { CoverageSelection } from './selection';
import { warn, WARNINGS } from '../private/warnings';

const SELECTIONS = 'coverage.selections';
const EXEMPT = 'coverage.exempt';
/** The key of the check on its scope, shared by every copy of this library in an app (older than the check's move to validation). */
const COVERAGE = 'coverage.aspect';

/** Options of `BackupCoverage.of()`. */
export interface BackupCoverageProps {
  /**
   * Fail synthesis when a protectable resource is selected by no environment (and not exempt),
   * listing them all. Otherwise each gets a warning.
   *
   * @default false
   */
  readonly strict?: boolean;
}

/** The names of the report files written into the cloud assembly (the app's outdir). */
const COVERAGE_REPORT_FILES = { json: 'backup-coverage.json', markdown: 'backup-coverage.md' };

/**
 * Finds, at synth, every resource of a type AWS Backup can protect (RDS, Aurora, DynamoDB, EFS,
 * EBS, EC2, S3, FSx, Neptune, DocumentDB, Redshift, Timestream, EKS, Aurora DSQL) and checks that
 * some registered environment's selection selects it: by the tags the resource will carry (tags
 * from `Tags.of()` and `protect()` included: the check runs when the app is validated, after every
 * aspect, the tag aspects too) or as a listed construct or ARN. Unprotected resources get a warning
 * with the fix (an error in strict mode); `report()` and `toText()` summarise after synthesis.
 *
 * Every app with an `EnvironmentBackup` gets this check on its root (warnings); call `of(app, {
 * strict: true })` to fail synthesis instead. It covers the resources of nested `Stage`s too: they
 * are synthesized (their annotations collected) before the app is validated, so they are reported
 * on stderr and in the report files rather than as annotations. An S3 bucket that an
 * environment selects without versioning fails synthesis: AWS Backup requires versioning, so each of
 * its backup jobs would fail (a warning only when the bucket is exempt). At every synthesis of the
 * app, the report is written into the cloud assembly as `backup-coverage.json` and
 * `backup-coverage.md`, for a pipeline to publish; nothing is written to stdout. The check is a
 * validation of its scope: a synthesis with `skipValidation: true` skips it.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html
 * @example
 * const coverage = BackupCoverage.of(app, { strict: true });
 * // ... stacks, EnvironmentBackup ...
 * app.synth();
 * const summary = coverage.toText(); // for stderr or a file: stdout carries the template
 */
export class BackupCoverage {
  /**
   * The coverage check of a scope (usually the app), added on first call. Call it on the app to check
   * every stack (nested stacks and nested stages included); every `EnvironmentBackup` calls it on the
   * app's root itself. Later calls return the same instance; `strict: true` in any call makes it strict.
   */
  public static of(scope: IConstruct, props: BackupCoverageProps = {}): BackupCoverage {
    const existing = attached<BackupCoverage>(scope, COVERAGE);
    if (existing) {
      if (props.strict) existing.strict = true;
      return existing;
    }
    const coverage = new BackupCoverage(scope, props);
    attach(scope, COVERAGE, coverage);
    // One walk when the scope is validated (after every aspect, so the tags are final), not an aspect on
    // the root: aws-cdk-lib looks up the path of every construct an aspect applies to, in each of its passes.
    scope.node.addValidation({ validate: () => coverage.check() });
    return coverage;
  }

  /**
   * Registers an environment's selection on a construct (the environment's own construct), so
   * that a `BackupCoverage` anywhere in the app evaluates it.
   */
  public static registerSelection(scope: IConstruct, selection: CoverageSelection): void {
    if (!Token.isUnresolved(selection.environmentName) && selection.environmentName.trim() === '') {
      throw validationError(scope, "environmentName ('') must not be empty (BackupCoverage.registerSelection)");
    }
    attachedOnce<CoverageSelection[]>(scope, SELECTIONS, () => []).push(selection);
  }

  /**
   * Marks a construct (and every resource under it) as needing no backup: it is listed as exempt
   * with the reason, not warned about.
   */
  public static exempt(construct: IConstruct, reason: string): void {
    if (reason.trim() === '') {
      throw validationError(construct, "reason ('') must say why the data needs no backup (BackupCoverage.exempt)");
    }
    attach(construct, EXEMPT, reason);
  }

  private readonly scope: IConstruct;
  private strict: boolean;
  private selections: CoverageSelection[] = [];
  private resources: CoverageResource[] = [];
  private fixes = new Map<string, string>();
  private problems: { message: string; error: boolean }[] = [];
  /** The constructs each token ARN of a selection references (see arnSelects). */
  private arnTargets = new Map<string, Set<IConstruct>>();
  /** Resources of nested stages: checked after their own synthesis, so not annotated. */
  private unannotated: string[] = [];
  private ran = false;

  private constructor(scope: IConstruct, props: BackupCoverageProps) {
    this.scope = scope;
    this.strict = props.strict ?? false;
  }

  private evaluate(node: CfnResource, annotate: boolean): void {
    const backupType = backupResourceType(node);
    if (backupType === undefined) return;
    // The resource's scopes, root first, computed once: every selection of every environment asks about them.
    const scopes = node.node.scopes;

    const target = annotationTarget(node);
    const tags = readTags(node);
    const protectedBy: ResourceProtection[] = [];
    const excludedBy: string[] = [];
    const inScopes = (constructs?: IConstruct[]) => constructs !== undefined && constructs.some(c => scopes.includes(c));
    for (const s of this.selections) {
      const explicit = inScopes(s.resources) || this.arnSelects(node, s.resourceArns);
      const byTags = tags !== undefined && satisfiesAll(tags, s.conditions ?? []);
      if (!explicit && !byTags) continue;
      if (inScopes(s.excludedResources) || this.arnSelects(node, s.excludedResourceArns)) {
        excludedBy.push(s.environmentName);
        continue;
      }
      protectedBy.push({
        environmentName: s.environmentName,
        match: explicit ? SelectionMatch.RESOURCE : SelectionMatch.TAGS,
        ruleNames: s.ruleNames ?? [],
      });
    }
    const exemptReason = exemptReasonOf(scopes);
    const status = protectedBy.length > 0 ? CoverageStatus.PROTECTED
      : exemptReason !== undefined ? CoverageStatus.EXEMPT : CoverageStatus.UNPROTECTED;
    const resource: CoverageResource = {
      path: target.node.path,
      cloudFormationType: node.cfnResourceType,
      backupResourceType: backupType,
      tags: tags ?? {},
      status,
      protectedBy,
      excludedBy,
      exemptReason,
    };
    this.resources.push(resource);
    if (!annotate) this.unannotated.push(resource.path);
    if (status === CoverageStatus.UNPROTECTED) {
      const fix = this.fixFor(target, tags !== undefined, excludedBy);
      this.fixes.set(resource.path, fix);
      const message = `${resource.path} (${backupType}, ${node.cfnResourceType}) holds data that no backup selects. Fix: ${fix}`;
      if (!annotate) {
        // nothing to do here: finish() reports it on stderr and in the report files
      } else if (this.strict) {
        Annotations.of(target).addError(message);
      } else {
        warn(target, WARNINGS.unprotectedResource, message);
      }
    }
    if (protectedBy.length > 0 && node.cfnResourceType === 'AWS::S3::Bucket' && versioningDisabled(node)) {
      // AWS Backup backs up S3 buckets only with versioning on: every job of this bucket would fail.
      // https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html
      const error = exemptReason === undefined;
      const message = `${resource.path}: the S3 bucket is selected by ${protectedBy.map(p => p.environmentName).join(', ')} but its versioning ` +
        '(versioned / VersioningConfiguration) is not enabled: AWS Backup requires versioning to back up S3, so every backup job of this bucket would fail. ' +
        (error ? `Set versioned: true, exclude it from the selection (selection.excludedResources), or BackupCoverage.exempt(${target.node.id}, '<reason>') to make this a warning`
          : `It is exempt (${exemptReason}), but still selected: exclude it from the selection to stop the failing jobs`);
      this.problems.push({ message, error });
      if (annotate && !error) warn(target, WARNINGS.unversionedBucket, message);
      if (annotate && error) Annotations.of(target).addError(message);
    }
  }

  /** The coverage of every protectable resource, available after synthesis (`app.synth()`). */
  public report(): CoverageReport {
    if (!this.ran) {
      throw validationError(this.scope, 'BackupCoverage.report() is available after synthesis: call app.synth() first');
    }
    const environments = new Map<string, EnvironmentCoverage>();
    for (const s of this.selections) {
      const existing = environments.get(s.environmentName);
      const ruleNames = [...new Set([...(existing?.ruleNames ?? []), ...(s.ruleNames ?? [])])];
      environments.set(s.environmentName, { environmentName: s.environmentName, ruleNames, protectedResources: [] });
    }
    for (const r of this.resources) {
      for (const p of r.protectedBy) {
        const env = environments.get(p.environmentName)!;
        if (!env.protectedResources.includes(r.path)) env.protectedResources.push(r.path);
      }
    }
    return {
      resources: [...this.resources],
      environments: [...environments.values()],
      unprotected: this.resources.filter(r => r.status === CoverageStatus.UNPROTECTED).map(r => r.path),
      exempt: this.resources.filter(r => r.status === CoverageStatus.EXEMPT).map(r => r.path),
      problems: this.problems.map(p => p.message),
    };
  }

  /** The report as Markdown (what `backup-coverage.md` in the cloud assembly holds). */
  public toMarkdown(): string {
    return formatMarkdown(this.report(), this.fixes);
  }

  /** The report as text, per environment: protected (by which rules), not protected, exempt. */
  public toText(): string {
    return formatReport(this.report(), this.fixes);
  }

  /**
   * One walk of the app's tree (pre-order, as `findAll()`): every registered selection, and the resources
   * this check covers: those of its scope's own stage first, then those of nested stages. A scope under
   * this one with a coverage check of its own is left to that check.
   */
  private start(): { own: CfnResource[]; nested: CfnResource[] } {
    this.ran = true;
    this.resources = [];
    this.fixes = new Map();
    this.problems = [];
    this.arnTargets = new Map();
    this.unannotated = [];
    this.selections = [];
    const own: CfnResource[] = [];
    const nested: CfnResource[] = [];
    const walk = (c: IConstruct, inScope: boolean, inNestedStage: boolean) => {
      const selections = attached<CoverageSelection[]>(c, SELECTIONS);
      if (selections !== undefined) this.selections.push(...selections);
      if (c === this.scope) {
        inScope = true;
      } else if (inScope) {
        if (attached(c, COVERAGE) !== undefined) inScope = false;
        if (Stage.isStage(c)) inNestedStage = true;
        if (inScope && CfnResource.isCfnResource(c)) (inNestedStage ? nested : own).push(c);
      }
      for (const child of c.node.children) walk(child, inScope, inNestedStage);
    };
    walk(this.scope.node.root, false, false);
    return { own, nested };
  }

  /**
   * A token ARN selects the resource it references (Ref or GetAtt); a literal ARN (wildcards allowed)
   * selects an S3 bucket with that literal name; other literals select nothing here. The references of
   * a token ARN are read once per synthesis (every resource is asked about every selection's ARNs).
   */
  private arnSelects(resource: CfnResource, arns?: string[]): boolean {
    if (!arns) return false;
    const bucketName = resource.cfnResourceType === 'AWS::S3::Bucket' ? (resource as any).bucketName : undefined;
    return arns.some(arn => {
      if (Token.isUnresolved(arn)) {
        let targets = this.arnTargets.get(arn);
        if (targets === undefined) {
          targets = new Set(Tokenization.reverseString(arn).tokens.filter(t => Reference.isReference(t)).map(t => (t as Reference).target));
          this.arnTargets.set(arn, targets);
        }
        return targets.has(resource);
      }
      const s3 = /^arn:aws[a-z-]*:s3:::(.+)$/.exec(arn);
      return s3 !== null && typeof bucketName === 'string' && !Token.isUnresolved(bucketName) && like(bucketName, s3[1]);
    });
  }

  /**
   * Runs when the scope is validated, after every aspect: checks every resource (those of its own stage
   * annotated, those of nested stages, whose annotations their own synthesis has collected, not),
   * writes the report files, and returns the strict errors.
   */
  private check(): string[] {
    const { own, nested } = this.start();
    for (const r of own) this.evaluate(r, true);
    for (const r of nested) this.evaluate(r, false);
    this.writeReport();
    const errors = this.problems.filter(p => p.error).map(p => p.message);
    if (!this.strict) return errors;
    const unprotected = this.resources.filter(r => r.status === CoverageStatus.UNPROTECTED);
    if (unprotected.length === 0) return errors;
    return [
      `BackupCoverage (strict): ${unprotected.length} resource${unprotected.length === 1 ? '' : 's'} hold data that no backup selects:\n` +
      unprotected.map(r => `  - ${r.path} (${r.backupResourceType}): ${this.fixes.get(r.path)}`).join('\n'),
      ...errors,
    ];
  }

  /** The report files in the cloud assembly, and on stderr what no annotation could carry. */
  private writeReport() {
    const outdir = Stage.isStage(this.scope) ? this.scope.outdir : undefined;
    const report = this.report();
    if (outdir && fs.existsSync(outdir)) {
      fs.writeFileSync(path.join(outdir, COVERAGE_REPORT_FILES.json), JSON.stringify(report, undefined, 2) + '\n');
      fs.writeFileSync(path.join(outdir, COVERAGE_REPORT_FILES.markdown), formatMarkdown(report, this.fixes));
    }
    const silent = report.unprotected.filter(p => this.unannotated.includes(p));
    if (silent.length > 0 && !this.strict) {
      // stderr, never stdout: `cdk synth > template.yaml` must stay a template.
      process.stderr.write(`[cdk-environment-backup] ${silent.length} resource${silent.length === 1 ? '' : 's'} of nested stages hold data that no backup selects` +
        `${outdir ? ` (report: ${path.join(outdir, COVERAGE_REPORT_FILES.markdown)})` : ''}:\n` +
        silent.map(p => `  - ${p}: ${this.fixes.get(p)}\n`).join(''));
    }
  }

  private fixFor(target: IConstruct, taggable: boolean, excludedBy: string[]): string {
    const exempt = `or BackupCoverage.exempt(${target.node.id}, '<reason>') if it needs no backup`;
    if (this.selections.length === 0) {
      return `no environment is registered in this app: create an EnvironmentBackup that selects it, ${exempt}`;
    }
    const options: string[] = [];
    for (const s of this.selections) {
      if (excludedBy.includes(s.environmentName)) {
        options.push(`${s.environmentName} excludes it: remove it from the exclusions`);
        continue;
      }
      const ways: string[] = [];
      if (s.protectCall) ways.push(s.protectCall.replace('<construct>', target.node.id));
      const conditions = s.conditions ?? [];
      if (taggable && conditions.length > 0) ways.push(`tag it ${describeConditions(conditions)}`);
      if (ways.length === 0) ways.push('add it to the selection\'s resources');
      options.push(`${s.environmentName}: ${ways.join(' or ')}`);
    }
    return `${options.join('; ')}; ${exempt}`;
  }
}

/** The L2 that owns an L1 as its default child, else the L1 itself. */
function annotationTarget(resource: CfnResource): IConstruct {
  const parent = resource.node.scope;
  if (parent && parent.node.defaultChild === resource) return parent;
  return resource;
}

/** The tags the resource will carry, or undefined when it has no tag manager. */
function readTags(resource: CfnResource): { [key: string]: string } | undefined {
  const candidates: IConstruct[] = [resource];
  const parent = resource.node.scope;
  if (parent && parent.node.defaultChild === resource) candidates.push(parent);
  for (const c of candidates) {
    if (TagManager.isTaggableV2(c)) return c.cdkTagManager.tagValues();
    if (TagManager.isTaggable(c)) return c.tags.tagValues();
  }
  return undefined;
}

/**
 * Whether a bucket's versioning is known to be off: no VersioningConfiguration, or a Status other
 * than Enabled. A value only known at deploy time (a token, a condition) counts as on.
 */
function versioningDisabled(bucket: CfnResource): boolean {
  const override = (bucket as any).rawOverrides?.Properties?.VersioningConfiguration;
  const config = override !== undefined ? override : Stack.of(bucket).resolve((bucket as any).versioningConfiguration);
  if (config === undefined || config === null) return true;
  if (typeof config !== 'object' || Object.keys(config).some(k => k === 'Ref' || k.startsWith('Fn::'))) return false;
  const status = config.status ?? config.Status;
  if (status === undefined) return true;
  return typeof status === 'string' && status !== 'Enabled';
}

/** The reason of the nearest exempt scope (`scopes` root first, the resource last). */
function exemptReasonOf(scopes: IConstruct[]): string | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const reason = attached<string>(scopes[i], EXEMPT);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
