// The request flow of a settings custom resource (region settings, global settings; no aws-cdk-lib,
// no AWS SDK: the handler passes its calls in): read the settings, plan from the event, send only
// what changes. A Delete leaves the settings as they are unless RestoreOnDelete, and always on a
// replacement; a Create that replaces another one takes over what that one recorded.
import { ListStackResourcesPage, predecessorPhysicalIds, restoreOnDeleteOf, settingsStayOnDelete } from './replacement';

/** What one event does: the update to send (if any) and the physical id to answer. */
export interface SettingsPlan<U> {
  readonly update?: U;
  readonly physicalResourceId: string;
}

/** A settings resource's own parts: its reads, its pure plans and its write. */
export interface SettingsResource<S, D, U> {
  read(): Promise<S>;
  desired(properties: Record<string, unknown> | undefined): D;
  planCreate(current: S, desired: D, predecessorIds: string[]): SettingsPlan<U>;
  planUpdate(current: S, desired: D, previous: D, physicalId: string, restoreRemoved: boolean): SettingsPlan<U>;
  planDelete(current: S, managed: D, physicalId: string): SettingsPlan<U>;
  apply(update: U): Promise<unknown>;
}

/** The fields of a custom resource event the flow reads. */
export interface SettingsEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

/** Handles one event; `list` is CloudFormation's ListStackResources (called only with RestoreOnDelete). */
export async function handleSettingsEvent<S, D, U>(event: SettingsEvent, resource: SettingsResource<S, D, U>,
  list: ListStackResourcesPage): Promise<{ physicalResourceId: string }> {
  const restore = restoreOnDeleteOf(event.ResourceProperties);
  const physicalId = event.PhysicalResourceId ?? '';
  if (event.RequestType === 'Delete' && await settingsStayOnDelete({ ...event, PhysicalResourceId: physicalId }, list)) {
    return { physicalResourceId: physicalId };
  }
  const current = await resource.read();
  const desired = resource.desired(event.ResourceProperties);
  let plan: SettingsPlan<U>;
  switch (event.RequestType) {
    case 'Create':
      // A replacement takes over the values its predecessor found (it puts them back on removal).
      plan = resource.planCreate(current, desired, restore ? await predecessorPhysicalIds(event, list) : []);
      break;
    case 'Update':
      plan = resource.planUpdate(current, desired, resource.desired(event.OldResourceProperties), physicalId, restore);
      break;
    case 'Delete':
      plan = resource.planDelete(current, desired, physicalId);
      break;
  }
  console.log(JSON.stringify({ requestType: event.RequestType, update: plan.update ?? 'none' }));
  if (plan.update) await resource.apply(plan.update);
  return { physicalResourceId: plan.physicalResourceId };
}
