import { CfnResource, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { shareCreationTrace } from '../private/creation-trace';
import { checkArn, checkVaultName } from '../private/limits';
import { assertValid, requireProps, validationError } from '../private/validation';

/** The recovery points a legal hold covers: created in a date range (both ends, ISO 8601). */
export interface LegalHoldDateRange {
  /** The earliest creation date (ISO 8601, e.g. `2026-01-01T00:00:00Z`). */
  readonly fromDate: string;
  /** The latest creation date (ISO 8601), after `fromDate`. */
  readonly toDate: string;
}

/** Properties of a `LegalHold`. */
export interface LegalHoldProps {
  /** The hold's title. */
  readonly title: string;

  /** Why the recovery points are held (e.g. the case or request it serves). */
  readonly description: string;

  /**
   * The vaults whose recovery points are held.
   *
   * @default - no vault criterion (then `resourceIdentifiers` is required)
   */
  readonly vaults?: backup.IBackupVault[];

  /**
   * The ARNs of the protected resources whose recovery points are held.
   *
   * @default - no resource criterion (then `vaults` is required)
   */
  readonly resourceIdentifiers?: string[];

  /**
   * Only recovery points created in this range.
   *
   * @default - any creation date
   */
  readonly dateRange?: LegalHoldDateRange;

  /**
   * What happens to the hold when it leaves the stack. RETAIN keeps it active: a legal hold is
   * released by an authorized person (`CancelLegalHold`), not by a stack update or deletion. Every
   * property but tags requires replacement, and a retained hold stays active after one.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An AWS Backup legal hold (`AWS::Backup::LegalHold`): no recovery point it covers can be deleted
 * or change its lifecycle until the hold is cancelled, whatever the retention or the vault policy
 * says. A `CfnResource` of the type, so it works on aws-cdk-lib 2.257 (whose aws-backup module has
 * no `CfnLegalHold`).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-legalhold.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/legalholds.html
 */
export class LegalHold extends Resource {
  /** The CloudFormation resource type. */
  public static readonly CFN_RESOURCE_TYPE = 'AWS::Backup::LegalHold';

  /** The hold's ARN. */
  public readonly legalHoldArn: string;
  /** The hold's id. */
  public readonly legalHoldId: string;

  private readonly resource: CfnResource;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the hold
   */
  constructor(scope: Construct, id: string, props: LegalHoldProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['title', 'description']);
    for (const property of ['title', 'description'] as const) {
      if (!Token.isUnresolved(props[property]) && props[property].trim() === '') {
        throw validationError(this, `${property} ("${props[property]}") must not be empty: AWS Backup requires it (CreateLegalHold)`);
      }
    }
    const vaultNames = (props.vaults ?? []).map((v) => v.backupVaultName);
    vaultNames.forEach((name, i) => assertValid(this, checkVaultName(`vaults[${i}]`, name)));
    const resources = props.resourceIdentifiers ?? [];
    resources.forEach((arn, i) => {
      assertValid(this, checkArn(`resourceIdentifiers[${i}]`, arn));
    });
    if (vaultNames.length === 0 && resources.length === 0) {
      throw validationError(this, 'vaults and resourceIdentifiers are both empty: name the vaults or the resources whose recovery points are held');
    }
    const range = props.dateRange;
    if (range) {
      requireProps(this, range, ['fromDate', 'toDate'], 'dateRange');
      const from = Token.isUnresolved(range.fromDate) ? undefined : Date.parse(range.fromDate);
      const to = Token.isUnresolved(range.toDate) ? undefined : Date.parse(range.toDate);
      for (const [property, value, parsed] of [['fromDate', range.fromDate, from], ['toDate', range.toDate, to]] as const) {
        if (parsed !== undefined && Number.isNaN(parsed)) throw validationError(this, `dateRange.${property} ("${value}") is not an ISO 8601 date`);
      }
      if (from !== undefined && to !== undefined && from >= to) {
        throw validationError(this, `dateRange (${range.fromDate} to ${range.toDate}): fromDate must be before toDate`);
      }
    }

    this.resource = new CfnResource(this, 'Resource', {
      type: LegalHold.CFN_RESOURCE_TYPE,
      properties: {
        Title: props.title,
        Description: props.description,
        RecoveryPointSelection: {
          VaultNames: vaultNames.length > 0 ? vaultNames : undefined,
          ResourceIdentifiers: resources.length > 0 ? resources : undefined,
          DateRange: range ? { FromDate: range.fromDate, ToDate: range.toDate } : undefined,
        },
      },
    });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    for (const vault of props.vaults ?? []) this.resource.node.addDependency(vault);
    this.legalHoldArn = this.resource.getAtt('Arn').toString();
    this.legalHoldId = this.resource.getAtt('LegalHoldId').toString();
  }
}
