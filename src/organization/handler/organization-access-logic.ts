// Pure logic of the OrganizationAccess custom resource (no aws-cdk-lib, no AWS SDK): which
// organization prerequisites to switch on for a request, which to undo on Delete, and the physical
// id that remembers what this resource switched on (only that is ever undone, and only on opt-in).

import { ACCOUNT_ID_PATTERN, ROOT_ID_PATTERN } from '../../private/limits/handler/identifiers';

/** AWS Backup's service principal (Organizations: trusted access, delegated administrator). */
export const BACKUP_SERVICE_PRINCIPAL = 'backup.amazonaws.com';
/**
 * StackSets' service principal in Organizations. Its trusted access is switched with
 * CloudFormation's ActivateOrganizationsAccess, as AWS recommends, not with EnableAWSServiceAccess
 * (CloudFormation User Guide, "Activate trusted access for stack sets with AWS Organizations").
 */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
/** The policy type of backup policies (Organizations API: EnablePolicyType PolicyType). */
export const BACKUP_POLICY_TYPE = 'BACKUP_POLICY';

export const PHYSICAL_ID_PREFIX = 'organization-access:';
/** A Create that failed before changing anything: its Delete does nothing. */
export const FAILED_CREATE_PHYSICAL_ID = `${PHYSICAL_ID_PREFIX}nothing-changed`;

/** What the resource's properties ask for. */
export interface Desired {
  readonly backupTrustedAccess: boolean;
  readonly stackSetsTrustedAccess: boolean;
  readonly backupPolicyType: boolean;
  /** The root to enable the policy type on; undefined: the organization's only root (ListRoots). */
  readonly rootId?: string;
  /** The account to register as AWS Backup's delegated administrator. */
  readonly delegatedAdministratorAccountId?: string;
  /** Undo on Delete what this resource switched on. */
  readonly restoreOnDelete: boolean;
}

/** The organization's state as read before acting. */
export interface Current {
  readonly backupTrustedAccess: boolean;
  /** DescribeOrganizationsAccess Status is ENABLED. */
  readonly stackSetsTrustedAccess: boolean;
  /** BACKUP_POLICY status on the root: ENABLED or PENDING_ENABLE count as on (no EnablePolicyType call). */
  readonly backupPolicyType: boolean;
  /** BACKUP_POLICY's Status on the root as ListRoots reports it (ENABLED, PENDING_ENABLE, PENDING_DISABLE), if listed. */
  readonly backupPolicyTypeStatus?: string;
  readonly rootId: string;
  /** Accounts registered as AWS Backup delegated administrators. */
  readonly delegatedAdministrators: string[];
}

/** One change this resource makes (and may undo). */
export type Change =
  | { readonly kind: 'backupTrustedAccess' }
  | { readonly kind: 'stackSetsTrustedAccess' }
  | { readonly kind: 'backupPolicyType'; readonly rootId: string }
  | { readonly kind: 'delegatedAdministrator'; readonly accountId: string };

const bool = (v: unknown, fallback: boolean, name: string): boolean => {
  if (v === undefined) return fallback;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(v)}`);
};

/** Reads the custom resource properties (CloudFormation turns booleans into "true"/"false"). */
export function desiredFromProperties(properties: Record<string, unknown> | undefined): Desired {
  const p = properties ?? {};
  const rootId = p.RootId === undefined || p.RootId === '' ? undefined : String(p.RootId);
  if (rootId !== undefined && !ROOT_ID_PATTERN.test(rootId)) {
    throw new Error(`RootId must be r- followed by 4 to 32 lowercase letters or digits, got ${JSON.stringify(rootId)}`);
  }
  const admin = p.DelegatedAdministratorAccountId === undefined || p.DelegatedAdministratorAccountId === ''
    ? undefined : String(p.DelegatedAdministratorAccountId);
  if (admin !== undefined && !ACCOUNT_ID_PATTERN.test(admin)) {
    throw new Error(`DelegatedAdministratorAccountId must be 12 digits, got ${JSON.stringify(admin)}`);
  }
  return {
    backupTrustedAccess: bool(p.BackupTrustedAccess, true, 'BackupTrustedAccess'),
    stackSetsTrustedAccess: bool(p.StackSetsTrustedAccess, true, 'StackSetsTrustedAccess'),
    backupPolicyType: bool(p.BackupPolicyType, true, 'BackupPolicyType'),
    rootId,
    delegatedAdministratorAccountId: admin,
    restoreOnDelete: bool(p.RestoreOnDelete, false, 'RestoreOnDelete'),
  };
}

/**
 * The changes to make, in the order AWS needs them: AWS Backup's trusted access before its
 * delegated administrator (Organizations refuses to register one for a service without trusted
 * access), the policy type before any backup policy is attached.
 */
export function planEnable(current: Current, desired: Desired): Change[] {
  const changes: Change[] = [];
  if (desired.backupTrustedAccess && !current.backupTrustedAccess) changes.push({ kind: 'backupTrustedAccess' });
  if (desired.stackSetsTrustedAccess && !current.stackSetsTrustedAccess) changes.push({ kind: 'stackSetsTrustedAccess' });
  if (desired.backupPolicyType && !current.backupPolicyType) changes.push({ kind: 'backupPolicyType', rootId: current.rootId });
  const admin = desired.delegatedAdministratorAccountId;
  if (admin && !current.delegatedAdministrators.includes(admin)) changes.push({ kind: 'delegatedAdministrator', accountId: admin });
  return changes;
}

/**
 * On Delete with restoreOnDelete: undo what this resource switched on, in reverse order, only what
 * is still on (someone may have switched it off since). Without restoreOnDelete: nothing.
 */
export function planRestore(current: Current, changed: Change[], restoreOnDelete: boolean): Change[] {
  if (!restoreOnDelete) return [];
  return [...changed].reverse().filter((c) => {
    switch (c.kind) {
      case 'backupTrustedAccess': return current.backupTrustedAccess;
      case 'stackSetsTrustedAccess': return current.stackSetsTrustedAccess;
      case 'backupPolicyType': return current.backupPolicyType && current.rootId === c.rootId;
      case 'delegatedAdministrator': return current.delegatedAdministrators.includes(c.accountId);
    }
  });
}

/** The physical id keeps the changes (at most four short entries: it stays well under 1 KB). */
export function encodePhysicalId(changed: Change[]): string {
  return PHYSICAL_ID_PREFIX + Buffer.from(JSON.stringify(changed)).toString('base64url');
}

export function decodePhysicalId(physicalId: string | undefined): Change[] | undefined {
  if (!physicalId?.startsWith(PHYSICAL_ID_PREFIX) || physicalId === FAILED_CREATE_PHYSICAL_ID) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(physicalId.slice(PHYSICAL_ID_PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return undefined;
    return parsed.filter((c: any) => c && (c.kind === 'backupTrustedAccess' || c.kind === 'stackSetsTrustedAccess'
      || (c.kind === 'backupPolicyType' && typeof c.rootId === 'string')
      || (c.kind === 'delegatedAdministrator' && typeof c.accountId === 'string')));
  } catch {
    return undefined;
  }
}

/**
 * What a replacement takes over: its own changes, then those its predecessors (the resources of
 * the same type it replaces, read from their physical ids) switched on, each once. The old
 * resource's Delete then undoes nothing (it is replaced) and the new one undoes them all when it
 * is itself removed with RestoreOnDelete.
 */
export function adoptChanges(own: Change[], predecessors: Array<string | undefined>): Change[] {
  const seen = new Set<string>();
  return [...own, ...predecessors.flatMap((id) => decodePhysicalId(id) ?? [])].filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Error names that mean "already as wanted" (botocore organizations 2016-11-28 error shapes). */
export const ALREADY_DONE_ERRORS = ['PolicyTypeAlreadyEnabledException', 'AccountAlreadyRegisteredException'];
/** Error names that mean "already undone" on restore (same model). */
export const ALREADY_UNDONE_ERRORS = ['PolicyTypeNotEnabledException', 'AccountNotRegisteredException'];

/** A change named for logs and failure reasons. */
export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'backupTrustedAccess': return `trusted access for AWS Backup (${BACKUP_SERVICE_PRINCIPAL})`;
    case 'stackSetsTrustedAccess': return 'trusted access for CloudFormation StackSets';
    case 'backupPolicyType': return `policy type ${BACKUP_POLICY_TYPE} on root ${c.rootId}`;
    case 'delegatedAdministrator': return `account ${c.accountId} as AWS Backup delegated administrator`;
  }
}

/**
 * The policy type's status that lets backup policies attach. EnablePolicyType is asynchronous
 * ("This is an asynchronous request that AWS performs in the background", Organizations API
 * reference, EnablePolicyType): ListRoots reports PENDING_ENABLE until it is done.
 */
export const POLICY_TYPE_READY_STATUS = 'ENABLED';
/** What the handler keeps of its Lambda time to answer CloudFormation after waiting. */
export const POLICY_TYPE_WAIT_MARGIN_MS = 20_000;
/** The longest pause between two ListRoots reads while waiting. */
export const POLICY_TYPE_MAX_POLL_MS = 8_000;

/** The pause before read `attempt` (0-based): 1, 2, 4, 8, 8, … seconds. */
export function policyTypePollDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** attempt, POLICY_TYPE_MAX_POLL_MS);
}

/** The failure when the policy type is not ENABLED in time. */
export function policyTypeTimeoutMessage(rootId: string, status: string | undefined, waitedMs: number, reads: number): string {
  return `policy type ${BACKUP_POLICY_TYPE} on root ${rootId}: still ${status ?? 'not listed'} after ${Math.round(waitedMs / 1000)} seconds ` +
    `(${reads} ListRoots reads): Organizations has not finished enabling it; backup policies cannot be attached until it is ${POLICY_TYPE_READY_STATUS}. ` +
    'Retry the deployment (the resource is idempotent)';
}
