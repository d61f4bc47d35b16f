import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { checkAccountId, isBackupVaultArn } from '../../private/limits';
import { assertValid, validationError } from '../../private/validation';
import { inform, warn, WARNINGS } from '../../private/warnings';
import { CopyDestinationVault } from '../copy-destination-vault';

/** A vault that receives copies of the recovery points of a source vault. */
export interface CopyDestinationAccount {
  /** The destination vault. */
  readonly vault: backup.IBackupVault;
  /** The destination vault's account, confirmed by the user (required when it is another account). */
  readonly account?: string;
  /** The property that names the destination in errors; default `copyTo[i]`. */
  readonly property?: string;
}

/**
 * Cross-account copies: AWS Backup re-encrypts the copy in the destination account, which must be
 * allowed to use the source vault's key. Granted on `encryptionKey` (when this app created it), to
 * the accounts each destination confirms with `account` (a vault ARN naming another account without
 * it fails); a key passed in needs the same statement in its own policy (see docs/environment.md): a warning
 * says so. `scope` (the environment) names the errors and carries the synth messages.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
 */
export function allowCrossAccountCopies(scope: IConstruct, encryptionKey: kms.IKey, destinations: CopyDestinationAccount[]): void {
  const stack = Stack.of(scope);
  const grants = new Map<string, string[]>();
  destinations.forEach((d, i) => {
    const property = d.property ?? `copyTo[${i}]`;
    const arn = d.vault.backupVaultArn;
    if (!Token.isUnresolved(arn) && !isBackupVaultArn(arn)) {
      throw validationError(scope, `${property}.vault has the ARN "${arn}", which is not a backup vault ARN ` +
        '(arn:<partition>:backup:<region>:<12-digit account>:backup-vault:<2 to 50 letters, digits, \'-\' or \'_\'>)');
    }
    if (d.account !== undefined) assertValid(scope, checkAccountId(`${property}.account`, d.account));
    const arnAccount = stack.splitArn(arn, ArnFormat.COLON_RESOURCE_NAME).account;
    const known = (v: string | undefined): v is string => v !== undefined && v !== '' && !Token.isUnresolved(v);
    if (known(arnAccount) && d.account !== undefined && known(d.account) && d.account !== arnAccount) {
      throw validationError(scope, `${property}.account ("${d.account}") does not match the account of ${property}.vault ` +
        `("${arnAccount}" in ${arn}): one of them has a typo`);
    }
    const account = known(arnAccount) ? arnAccount : d.account;
    if (!known(account) || account === stack.account) return;
    if (d.account === undefined) {
      throw validationError(scope, `${property}.vault is in account ${account}, not in this stack's account` +
        `${Token.isUnresolved(stack.account) ? ' (the stack has no account set)' : ` (${stack.account})`}: a cross-account copy grants ` +
        `that account use of the vault key, so confirm the account with ${property}.account ('${account}')`);
    }
    grants.set(account, [...grants.get(account) ?? [], property]);
    validateDestinationAdmits(scope, property, d.vault, stack.account);
  });
  if (grants.size === 0) return;
  const accounts = [...grants.keys()].sort();
  const added = encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopiesToOtherAccounts',
    principals: accounts.map((a) => new iam.AccountPrincipal(a)),
    actions: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
    resources: ['*'],
  })).statementAdded;
  encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopyGrantsToOtherAccounts',
    principals: accounts.map((a) => new iam.AccountPrincipal(a)),
    actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
    resources: ['*'],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }));
  const list = accounts.map((a) => `${a} (${grants.get(a)!.join(', ')})`).join(', ');
  if (added) {
    inform(scope, `cross-account copies: the vault key may be used by account ${list}`);
  } else {
    warn(scope, WARNINGS.crossAccountKey,
      `cross-account copies to account ${list} need the vault key to allow them, but vault.encryptionKey is imported and its ` +
      'policy cannot be changed here: add the statements of docs/environment.md ("Disaster-recovery copies") to its key policy, or the copies fail');
  }
}

/**
 * A destination vault of this app (a `CopyDestinationVault`) in another account must admit the source
 * account in its access policy (`backup:CopyIntoBackupVault`), or every copy job fails with access
 * denied (AWS Backup developer guide, "Creating backup copies across AWS accounts").
 */
function validateDestinationAdmits(scope: IConstruct, property: string, vault: backup.IBackupVault, sourceAccount: string): void {
  const destination = vault instanceof CopyDestinationVault ? vault
    : vault.node.scope instanceof CopyDestinationVault ? vault.node.scope : undefined;
  if (!destination || Token.isUnresolved(sourceAccount) || destination.sourceAccountIds.includes(sourceAccount)) return;
  throw validationError(scope, `${property}.vault is ${destination.node.path}, whose sourceAccountIds (${destination.sourceAccountIds.join(', ') || 'none'}) ` +
    `do not include this stack's account ${sourceAccount}: AWS Backup would deny every copy into it; add '${sourceAccount}' to its sourceAccountIds`);
}
