import { ArnFormat, Duration, RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { shareCreationTrace } from '../private/creation-trace';
import { checkAccountId, checkRemovalPolicy, checkVaultName } from '../private/limits';
import { assertValid, requireProps } from '../private/validation';

/** Properties of a `CopyDestinationVault`. */
export interface CopyDestinationVaultProps {
  /**
   * The vault's name: 2 to 50 letters, digits, '-' or '_'.
   */
  readonly vaultName: string;

  /**
   * The AWS account IDs allowed to copy recovery points into this vault (`backup:CopyIntoBackupVault`).
   * The vault's own account can always copy into it.
   *
   * @default - only this account (cross-region copies)
   */
  readonly sourceAccountIds?: string[];

  /**
   * The KMS key of the vault.
   *
   * @default - a new customer-managed key with rotation, retained
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the vault and its key when they leave the stack: RETAIN or DESTROY (a vault
   * and a key have no snapshot, so SNAPSHOT fails synth).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A vault, in a disaster-recovery region or account, that accepts copies from given accounts.
 * Deploy it in a stack of the destination region/account and pass it (or its ARN) to `copyTo`.
 *
 * It is an `aws-backup` `IBackupVault`: pass it wherever aws-cdk-lib expects a vault.
 */
export class CopyDestinationVault extends Resource implements backup.IBackupVault {
  /** The vault. */
  public readonly vault: backup.BackupVault;
  /** Its key. */
  public readonly encryptionKey: kms.IKey;
  /** The vault's name. */
  public readonly backupVaultName: string;
  /** The vault's ARN. */
  public readonly backupVaultArn: string;
  /** The accounts other than the vault's own allowed to copy into it (`sourceAccountIds`). */
  public readonly sourceAccountIds: string[];
  /** The key created here (not a given one): it follows the vault's removal policy. */
  private readonly ownKey?: kms.Key;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: CopyDestinationVaultProps) {
    super(scope, id, { physicalName: props?.vaultName });
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['vaultName']);
    assertValid(this, checkVaultName('vaultName', props.vaultName));
    for (const account of props.sourceAccountIds ?? []) {
      assertValid(this, checkAccountId('sourceAccountIds', account));
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    assertValid(this, checkRemovalPolicy('removalPolicy', removalPolicy));
    this.ownKey = props.encryptionKey ? undefined : new kms.Key(this, 'Key', {
      description: `AWS Backup copy destination key of vault ${props.vaultName}`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: removalPolicy === RemovalPolicy.DESTROY ? Duration.days(7) : undefined,
    });
    this.encryptionKey = props.encryptionKey ?? this.ownKey!;
    const sources = this.sourceAccountIds = [...props.sourceAccountIds ?? []];
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.encryptionKey,
      removalPolicy,
      accessPolicy: sources.length === 0 ? undefined : new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          sid: 'AllowCopyIntoBackupVault',
          effect: iam.Effect.ALLOW,
          principals: sources.map((a) => new iam.AccountPrincipal(a)),
          actions: ['backup:CopyIntoBackupVault'],
          resources: ['*'],
        })],
      }),
    });
    // By name from another environment (a DR account or region): its ARN is then the literal one
    // its name makes, not a cross-stack reference CloudFormation cannot resolve across accounts.
    this.backupVaultName = this.getResourceNameAttribute(this.vault.backupVaultName);
    this.backupVaultArn = this.getResourceArnAttribute(this.vault.backupVaultArn, {
      service: 'backup',
      resource: 'backup-vault',
      resourceName: props.vaultName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The vault's name and ARN. */
  public get backupVaultRef(): backup.BackupVaultReference {
    return { backupVaultName: this.backupVaultName, backupVaultArn: this.backupVaultArn };
  }

  /**
   * Grants the given actions on the vault to the grantee (an IAM statement on the grantee).
   *
   * @param grantee the principal
   * @param actions the actions, e.g. `backup:CopyIntoBackupVault`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return this.vault.grant(grantee, ...actions);
  }

  /**
   * Applies the removal policy to the vault and to the key created with it (not to a given key):
   * RETAIN or DESTROY (a vault and a key have no snapshot).
   *
   * @param policy the removal policy
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    assertValid(this, checkRemovalPolicy('removalPolicy', policy));
    this.vault.applyRemovalPolicy(policy);
    this.ownKey?.applyRemovalPolicy(policy);
  }
}
