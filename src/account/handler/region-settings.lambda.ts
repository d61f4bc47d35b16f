// Custom resource handler for BackupRegionSettings: DescribeRegionSettings, then UpdateRegionSettings
// with only the keys that change. Delete puts keys back only with RestoreOnDelete, and never when the
// Delete is part of a replacement. The AWS SDK reads its endpoint from AWS_ENDPOINT_URL (tests only).
import { BackupClient, DescribeRegionSettingsCommand, UpdateRegionSettingsCommand } from '@aws-sdk/client-backup';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { desiredFromProperties, FAILED_CREATE_PHYSICAL_ID, planCreate, planDelete, planUpdate, PreferenceUpdate, Preferences } from './region-settings-logic';
import { respond } from '../../private/handler/custom-resource-response';
import { handleSettingsEvent } from '../../private/handler/settings-resource';

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  await respond(event, context, FAILED_CREATE_PHYSICAL_ID, async () => {
    const client = new BackupClient({});
    const cfn = new CloudFormationClient({});
    return handleSettingsEvent<Preferences, Preferences, PreferenceUpdate>(event, {
      read: async () => {
        const described = await client.send(new DescribeRegionSettingsCommand({}));
        return { optIn: described.ResourceTypeOptInPreference ?? {}, management: described.ResourceTypeManagementPreference ?? {} };
      },
      desired: desiredFromProperties,
      planCreate,
      planUpdate,
      planDelete,
      apply: (update) => client.send(new UpdateRegionSettingsCommand(update)),
    }, (StackName, NextToken) => cfn.send(new ListStackResourcesCommand({ StackName, NextToken })));
  });
}
