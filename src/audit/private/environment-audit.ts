import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { AuditOptions } from '../audit-options';
import { BackupAudit } from '../backup-audit';
import { defaultReportTemplates } from './report-template-checks';
import { validationError } from '../../private/validation';
import { RetentionCalculator } from '../../retention';

/** What an environment tells its audit. */
export interface EnvironmentAuditContext {
  /** The environment's name. */
  readonly environmentName: string;
  /** The tags that scope the controls (the environment's selection tags). */
  readonly selectionTags: { [key: string]: string };
  /** The plan's rules, from which the required frequency and retention are derived when not given. */
  readonly rules: backup.BackupPlanRule[];
  /** Whether the vault denies deleting recovery points (the manual deletion control applies). */
  readonly manualDeletionDisabled: boolean;
  /** Whether the environment scans its recovery points for malware (the default reports add SCAN_JOB_REPORT). */
  readonly malwareScanning: boolean;
}

/** The frequency and retention the audit's controls require. */
export interface AuditRequirements {
  /** `audit.requiredFrequency`, or derived from the rules. */
  readonly requiredFrequency?: Duration;
  /** `audit.requiredRetention`, or derived from the rules. */
  readonly requiredRetention?: Duration;
  /** Whether the frequency was derived (the error of a rejected frequency then says so). */
  readonly frequencyDerived: boolean;
}

/**
 * The frequency and retention the controls require: given, or derived from the rules when the
 * default controls apply (`audit.controls` not set). A derived value is one the control accepts
 * (whole hours or days, rounded so that the plan complies); `scope` names the error of a value that
 * cannot be derived.
 */
export function deriveAuditRequirements(scope: Construct, audit: AuditOptions, rules: backup.BackupPlanRule[]): AuditRequirements {
  const derive = <T>(property: string, compute: () => T): T => {
    try {
      return compute();
    } catch (e) {
      throw validationError(scope, `audit.${property} is not set and cannot be derived from the rules: ${(e as Error).message}; set audit.${property}`);
    }
  };
  const defaults = audit.controls === undefined;
  return {
    requiredFrequency: audit.requiredFrequency ?? (defaults ? derive('requiredFrequency', () => RetentionCalculator.auditFrequency(rules)) : undefined),
    requiredRetention: audit.requiredRetention ?? (defaults ? derive('requiredRetention', () => RetentionCalculator.minimumRetention(rules)) : undefined),
    frequencyDerived: audit.requiredFrequency === undefined && defaults,
  };
}

/**
 * The environment's audit (a `BackupAudit` at `id` under `scope`), with the requirements of
 * `deriveAuditRequirements()`; a derived frequency the minimum frequency control rejects fails with
 * an error that says it was derived and what to set.
 */
export function createEnvironmentAudit(scope: Construct, id: string, audit: AuditOptions, context: EnvironmentAuditContext): BackupAudit {
  const { requiredFrequency, requiredRetention, frequencyDerived } = deriveAuditRequirements(scope, audit, context.rules);
  try {
    return new BackupAudit(scope, id, {
      ...audit,
      reportTemplates: audit.reportTemplates ?? defaultReportTemplates(context.malwareScanning),
      environmentName: context.environmentName,
      selectionTags: context.selectionTags,
      requiredFrequency,
      requiredRetention,
      manualDeletionDisabled: context.manualDeletionDisabled,
    });
  } catch (e) {
    const message = (e as Error).message;
    if (!frequencyDerived || !/: frequency \(/.test(message)) throw e;
    throw validationError(scope,
      `audit.requiredFrequency is not set, and the frequency derived from the rules (${requiredFrequency!.toHumanString()}, the plan's most frequent rule) ` +
      `is not one Audit Manager's minimum frequency control accepts (${message.replace(/^.*?: frequency/, 'frequency')}): ` +
      'set audit.requiredFrequency, or audit.controls without that control');
  }
}
