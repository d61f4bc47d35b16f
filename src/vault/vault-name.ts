/** AWS Backup's rule for vault names (standard and logically air-gapped): 2 to 50 letters, digits, '-' or '_'. */
export const VAULT_NAME_PATTERN = /^[a-zA-Z0-9\-_]{2,50}$/;
