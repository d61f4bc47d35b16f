// Custom resource handler for BackupGlobalSettings: DescribeGlobalSettings, then UpdateGlobalSettings
// with only the flags that change. Delete puts flags back only with RestoreOnDelete, and never when
// the Delete is part of a replacement. The AWS SDK reads its endpoint from AWS_ENDPOINT_URL (tests only).
import { BackupClient, DescribeGlobalSettingsCommand, UpdateGlobalSettingsCommand } from '@aws-sdk/client-backup';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { desiredFromProperties, FAILED_CREATE_PHYSICAL_ID, Flags, planCreate, planDelete, planUpdate } from './global-settings-logic';
import { respond } from '../../private/handler/custom-resource-response';
import { handleSettingsEvent } from '../../private/handler/settings-resource';

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  await respond(event, context, FAILED_CREATE_PHYSICAL_ID, async () => {
    const client = new BackupClient({});
    const cfn = new CloudFormationClient({});
    return handleSettingsEvent<Flags, Flags, Flags>(event, {
      read: async () => (await client.send(new DescribeGlobalSettingsCommand({}))).GlobalSettings ?? {},
      desired: desiredFromProperties,
      planCreate,
      planUpdate,
      planDelete,
      apply: (update) => client.send(new UpdateGlobalSettingsCommand({ GlobalSettings: update })),
    }, (StackName, NextToken) => cfn.send(new ListStackResourcesCommand({ StackName, NextToken })));
  });
}
