// Custom resource handler for BackupRegionSettings: DescribeRegionSettings, then UpdateRegionSettings
// with only the keys that change. Delete puts keys back only with RestoreOnDelete, and never when the
// Delete is part of a replacement. The AWS SDK reads its endpoint from AWS_ENDPOINT_URL (tests only).
import {
  BackupClient,
  DescribeRegionSettingsCommand,
  UpdateRegionSettingsCommand,
} from '@aws-sdk/client-backup';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import {
  desiredFromProperties,
  FAILED_CREATE_PHYSICAL_ID,
  Plan,
  planCreate,
  planDelete,
  planUpdate,
  Preferences,
} from './region-settings-logic';
import { respond } from '../../private/handler/custom-resource-response';
import { ListStackResourcesPage, predecessorPhysicalIds, restoreOnDeleteOf, settingsStayOnDelete } from '../../private/handler/replacement';

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  await respond(event, context, FAILED_CREATE_PHYSICAL_ID, async () => {
    const restore = restoreOnDeleteOf(event.ResourceProperties);
    const cfn = new CloudFormationClient({});
    const list: ListStackResourcesPage = (StackName, NextToken) => cfn.send(new ListStackResourcesCommand({ StackName, NextToken }));
    if (event.RequestType === 'Delete') {
      if (await settingsStayOnDelete(event, list)) {
        return { physicalResourceId: event.PhysicalResourceId };
      }
    }
    const client = new BackupClient({});
    const described = await client.send(new DescribeRegionSettingsCommand({}));
    const current: Preferences = {
      optIn: described.ResourceTypeOptInPreference ?? {},
      management: described.ResourceTypeManagementPreference ?? {},
    };
    const desired = desiredFromProperties(event.ResourceProperties);
    let plan: Plan;
    switch (event.RequestType) {
      case 'Create':
        // A replacement takes over the values its predecessor found (it puts them back on removal).
        plan = planCreate(current, desired, restore ? await predecessorPhysicalIds(event, list) : []);
        break;
      case 'Update':
        plan = planUpdate(current, desired, desiredFromProperties(event.OldResourceProperties), event.PhysicalResourceId, restore);
        break;
      case 'Delete':
        plan = planDelete(current, desired, event.PhysicalResourceId);
        break;
    }
    console.log(JSON.stringify({ requestType: event.RequestType, update: plan.update ?? 'none' }));
    if (plan.update) await client.send(new UpdateRegionSettingsCommand(plan.update));
    return { physicalResourceId: plan.physicalResourceId };
  });
}
