// Pure logic of the AWS Backup global settings custom resource (no aws-cdk-lib, no AWS SDK): what to
// send to UpdateGlobalSettings for each event, and the values found before, kept in the physical id.
// GlobalSettings is a map of flag name to "true" / "false" (botocore backup 2018-11-15:
// GlobalSettings map of GlobalSettingsName to GlobalSettingsValue, both strings).

/** Flag name → "true" | "false". */
export type Flags = Record<string, string>;

/**
 * The flags AWS Backup defines (botocore backup 2018-11-15, UpdateGlobalSettingsInput.GlobalSettings:
 * isCrossAccountBackupEnabled, isMpaEnabled, isDelegatedAdministratorEnabled;
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html).
 */
export const GLOBAL_SETTING_FLAGS = ['isCrossAccountBackupEnabled', 'isMpaEnabled', 'isDelegatedAdministratorEnabled'];

export const PHYSICAL_ID_PREFIX = 'backup-global-settings:';
/** A Create that failed before reading anything: its Delete does nothing. */
export const FAILED_CREATE_PHYSICAL_ID = `${PHYSICAL_ID_PREFIX}nothing-changed`;

/** Reads the custom resource properties (CloudFormation turns booleans into "true"/"false"). */
export function desiredFromProperties(properties: Record<string, unknown> | undefined): Flags {
  const value = properties?.GlobalSettings;
  const flags: Flags = {};
  if (!value || typeof value !== 'object') return flags;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!GLOBAL_SETTING_FLAGS.includes(key)) {
      throw new Error(`global setting ${JSON.stringify(key)} is not one AWS Backup defines: expected one of ${GLOBAL_SETTING_FLAGS.join(', ')}`);
    }
    if (v === true || v === 'true') flags[key] = 'true';
    else if (v === false || v === 'false') flags[key] = 'false';
    else throw new Error(`global setting ${key} must be true or false, got ${JSON.stringify(v)}`);
  }
  return flags;
}

/** The physical id keeps every flag the account reported at Create (three flags: it stays short). */
export function encodePhysicalId(before: Flags): string {
  return PHYSICAL_ID_PREFIX + Buffer.from(JSON.stringify(before)).toString('base64url');
}

export function decodePhysicalId(physicalId: string | undefined): Flags | undefined {
  if (!physicalId?.startsWith(PHYSICAL_ID_PREFIX) || physicalId === FAILED_CREATE_PHYSICAL_ID) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(physicalId.slice(PHYSICAL_ID_PREFIX.length), 'base64url').toString('utf8'));
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v === 'true' || v === 'false')) as Flags;
  } catch {
    return undefined;
  }
}

/** What one event does: the update to send (if any) and the physical id to answer. */
export interface Plan {
  readonly update?: Flags;
  readonly physicalResourceId: string;
}

function changes(current: Flags, desired: Flags, into: Flags): void {
  for (const [key, value] of Object.entries(desired)) {
    if (current[key] !== value) into[key] = value;
  }
}

/** Puts back, for each managed key, the value before: only where this resource changed it and nobody since. */
function restore(current: Flags, before: Flags, managed: Flags, into: Flags): void {
  for (const [key, value] of Object.entries(managed)) {
    const previous = before[key];
    if (previous !== undefined && previous !== value && current[key] === value) into[key] = previous;
  }
}

const orNothing = (flags: Flags) => (Object.keys(flags).length > 0 ? flags : undefined);

/**
 * A Create records the flags as found, except those the resources it replaces recorded: their value
 * before any of them changed it is what RestoreOnDelete puts back (a replacement takes over).
 */
export function planCreate(current: Flags, desired: Flags, predecessorIds: string[] = []): Plan {
  const update: Flags = {};
  changes(current, desired, update);
  const inherited = Object.assign({}, ...predecessorIds.map((id) => decodePhysicalId(id) ?? {}).reverse());
  return { update: orNothing(update), physicalResourceId: encodePhysicalId({ ...current, ...inherited }) };
}

/**
 * Update keeps the physical id (a new one would make CloudFormation delete, i.e. restore, the old).
 * Flags no longer named are restored only with `restoreRemoved` (RestoreOnDelete).
 */
export function planUpdate(current: Flags, desired: Flags, previous: Flags, physicalId: string, restoreRemoved = true): Plan {
  const before = decodePhysicalId(physicalId);
  if (!before) return planCreate(current, desired);
  if (!restoreRemoved) {
    const update: Flags = {};
    changes(current, desired, update);
    return { update: orNothing(update), physicalResourceId: physicalId };
  }
  const removed = Object.fromEntries(Object.entries(previous).filter(([key]) => !(key in desired)));
  const update: Flags = {};
  restore(current, before, removed, update);
  changes(current, desired, update);
  return { update: orNothing(update), physicalResourceId: physicalId };
}

export function planDelete(current: Flags, managed: Flags, physicalId: string): Plan {
  const before = decodePhysicalId(physicalId);
  if (!before) return { physicalResourceId: physicalId };
  const update: Flags = {};
  restore(current, before, managed, update);
  return { update: orNothing(update), physicalResourceId: physicalId };
}
