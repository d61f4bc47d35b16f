/* The DR vault both benchmark apps copy to: a vault of another account and region, by ARN. */

/** The account of the DR vault. */
export const DR_VAULT_ACCOUNT = '111122223333';
/** The DR vault's ARN. */
export const DR_VAULT_ARN = `arn:aws:backup:eu-central-1:${DR_VAULT_ACCOUNT}:backup-vault:dr`;
