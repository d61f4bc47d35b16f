// Pure logic of the region settings custom resource (no aws-cdk-lib, no AWS SDK): what to send to
// UpdateRegionSettings for each event, and how the values found before are kept in the physical id.

/** A region's two preference maps, as DescribeRegionSettings returns them. */
export interface Preferences {
  readonly optIn: Record<string, boolean>;
  readonly management: Record<string, boolean>;
}

/** The update to send (only the keys that change), or undefined when nothing changes. */
export interface PreferenceUpdate {
  readonly ResourceTypeOptInPreference?: Record<string, boolean>;
  readonly ResourceTypeManagementPreference?: Record<string, boolean>;
}

export const PHYSICAL_ID_PREFIX = 'backup-region-settings:';
/** Used when a Create fails before anything was read or changed: its Delete does nothing. */
export const FAILED_CREATE_PHYSICAL_ID = `${PHYSICAL_ID_PREFIX}nothing-changed`;
const MAX_PHYSICAL_ID_LENGTH = 1_000;

/** Reads the custom resource properties: CloudFormation turns booleans into "true"/"false". */
export function desiredFromProperties(properties: Record<string, unknown> | undefined): Preferences {
  return {
    optIn: booleans(properties?.ResourceTypeOptInPreference),
    management: booleans(properties?.ResourceTypeManagementPreference),
  };
}

function booleans(value: unknown): Record<string, boolean> {
  const result: Record<string, boolean> = {};
  if (!value || typeof value !== 'object') return result;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === true || v === 'true') result[key] = true;
    else if (v === false || v === 'false') result[key] = false;
    else throw new Error(`preference ${key} must be true or false, got ${JSON.stringify(v)}`);
  }
  return result;
}

/**
 * The physical id remembers the values found before the first change, so that Delete (which only
 * receives the properties) can put them back. It records every key the region reported at Create
 * time, so that keys added by a later Update can also be restored; when that would be too long it
 * keeps only the keys this resource manages.
 */
export function encodePhysicalId(before: Preferences, desired: Preferences): string {
  const full = PHYSICAL_ID_PREFIX + encode(before);
  if (full.length <= MAX_PHYSICAL_ID_LENGTH) return full;
  return PHYSICAL_ID_PREFIX + encode({
    optIn: pick(before.optIn, Object.keys(desired.optIn)),
    management: pick(before.management, Object.keys(desired.management)),
  });
}

function encode(p: Preferences): string {
  return Buffer.from(JSON.stringify({ o: p.optIn, m: p.management })).toString('base64url');
}

function pick(map: Record<string, boolean>, keys: string[]): Record<string, boolean> {
  return Object.fromEntries(keys.filter((k) => k in map).map((k) => [k, map[k]]));
}

/** The values recorded in a physical id, or undefined when it records nothing (failed create). */
export function decodePhysicalId(physicalId: string | undefined): Preferences | undefined {
  if (!physicalId?.startsWith(PHYSICAL_ID_PREFIX) || physicalId === FAILED_CREATE_PHYSICAL_ID) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(physicalId.slice(PHYSICAL_ID_PREFIX.length), 'base64url').toString('utf8'));
    return { optIn: booleans(parsed.o), management: booleans(parsed.m) };
  } catch {
    return undefined;
  }
}

/** Create (and Update): set the desired keys whose current value differs. */
function setDesired(current: Preferences, desired: Preferences, into: MutableUpdate): void {
  for (const [key, value] of Object.entries(desired.optIn)) {
    if (current.optIn[key] !== value) into.optIn[key] = value;
  }
  for (const [key, value] of Object.entries(desired.management)) {
    if (current.management[key] !== value) into.management[key] = value;
  }
}

/**
 * Puts back the value found before for each of the given keys, but only where this resource changed
 * it (the value before differs from what it set) and nobody changed it since (the current value is
 * still what it set).
 */
function restore(current: Preferences, before: Preferences, managed: Preferences, into: MutableUpdate): void {
  for (const [key, value] of Object.entries(managed.optIn)) {
    const previous = before.optIn[key];
    if (previous !== undefined && previous !== value && current.optIn[key] === value) into.optIn[key] = previous;
  }
  for (const [key, value] of Object.entries(managed.management)) {
    const previous = before.management[key];
    if (previous !== undefined && previous !== value && current.management[key] === value) into.management[key] = previous;
  }
}

interface MutableUpdate {
  optIn: Record<string, boolean>;
  management: Record<string, boolean>;
}

function toUpdate(m: MutableUpdate): PreferenceUpdate | undefined {
  const update: { -readonly [K in keyof PreferenceUpdate]: PreferenceUpdate[K] } = {};
  if (Object.keys(m.optIn).length > 0) update.ResourceTypeOptInPreference = m.optIn;
  if (Object.keys(m.management).length > 0) update.ResourceTypeManagementPreference = m.management;
  return Object.keys(update).length > 0 ? update : undefined;
}

/** What one event does: the update to send (if any) and the physical id to answer. */
export interface Plan {
  readonly update?: PreferenceUpdate;
  readonly physicalResourceId: string;
}

/**
 * A Create records the values as found, except those the resources it replaces recorded: their
 * value before any of them changed it is what RestoreOnDelete puts back (a replacement takes over).
 */
export function planCreate(current: Preferences, desired: Preferences, predecessorIds: string[] = []): Plan {
  const m: MutableUpdate = { optIn: {}, management: {} };
  setDesired(current, desired, m);
  const inherited = predecessorIds.map(decodePhysicalId).filter((p): p is Preferences => p !== undefined).reverse();
  const before: Preferences = {
    optIn: Object.assign({}, current.optIn, ...inherited.map((p) => p.optIn)),
    management: Object.assign({}, current.management, ...inherited.map((p) => p.management)),
  };
  return { update: toUpdate(m), physicalResourceId: encodePhysicalId(before, desired) };
}

/**
 * Update keeps the physical id (a new one would make CloudFormation send a Delete for the old one,
 * which would undo the update). New or changed keys are set; keys no longer named are restored only
 * with `restoreRemoved` (RestoreOnDelete), else left as they are.
 */
export function planUpdate(current: Preferences, desired: Preferences, previous: Preferences, physicalId: string, restoreRemoved = true): Plan {
  const before = decodePhysicalId(physicalId);
  if (!before) return planCreate(current, desired);
  if (!restoreRemoved) {
    const m: MutableUpdate = { optIn: {}, management: {} };
    setDesired(current, desired, m);
    return { update: toUpdate(m), physicalResourceId: physicalId };
  }
  const removed: Preferences = {
    optIn: Object.fromEntries(Object.entries(previous.optIn).filter(([k]) => !(k in desired.optIn))),
    management: Object.fromEntries(Object.entries(previous.management).filter(([k]) => !(k in desired.management))),
  };
  const m: MutableUpdate = { optIn: {}, management: {} };
  restore(current, before, removed, m);
  setDesired(current, desired, m);
  return { update: toUpdate(m), physicalResourceId: physicalId };
}

export function planDelete(current: Preferences, managed: Preferences, physicalId: string): Plan {
  const before = decodePhysicalId(physicalId);
  if (!before) return { physicalResourceId: physicalId };
  const m: MutableUpdate = { optIn: {}, management: {} };
  restore(current, before, managed, m);
  return { update: toUpdate(m), physicalResourceId: physicalId };
}
