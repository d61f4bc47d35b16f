// Custom resource handler for OrganizationAccess: reads the organization's prerequisites for AWS
// Backup (trusted access for AWS Backup and StackSets, the BACKUP_POLICY type on the root, AWS
// Backup's delegated administrator), switches on what is off, and on Delete undoes what it switched
// on only when asked (RestoreOnDelete). The AWS SDK reads its endpoint from AWS_ENDPOINT_URL (tests).
import {
  ActivateOrganizationsAccessCommand, CloudFormationClient, DeactivateOrganizationsAccessCommand, DescribeOrganizationsAccessCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DeregisterDelegatedAdministratorCommand, DisableAWSServiceAccessCommand, DisablePolicyTypeCommand, EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand, ListAWSServiceAccessForOrganizationCommand, ListDelegatedAdministratorsCommand,
  ListDelegatedAdministratorsCommandOutput, ListRootsCommand, OrganizationsClient, RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import {
  adoptChanges, ALREADY_DONE_ERRORS, ALREADY_UNDONE_ERRORS, BACKUP_POLICY_TYPE, BACKUP_SERVICE_PRINCIPAL, Change, Current, decodePhysicalId,
  describeChange, Desired, desiredFromProperties, encodePhysicalId, FAILED_CREATE_PHYSICAL_ID, planEnable, planRestore,
  POLICY_TYPE_READY_STATUS, POLICY_TYPE_WAIT_MARGIN_MS, policyTypePollDelayMs, policyTypeTimeoutMessage,
} from './organization-access-logic';
import { respond } from '../../private/handler/custom-resource-response';
import { findReplacement, ListStackResourcesPage, predecessorPhysicalIds } from '../../private/handler/replacement';

// Organizations' API has one endpoint, in us-east-1 for the aws partition (Organizations user guide,
// "Endpoints"); the SDK resolves it from any region.
const organizations = () => new OrganizationsClient({});
const cloudformation = () => new CloudFormationClient({});

/** Reads the state; AWS Backup's delegated administrators only when an administrator is in play. */
async function readCurrent(org: OrganizationsClient, cfn: CloudFormationClient, rootId: string | undefined, admins: boolean): Promise<Current> {
  const principals: string[] = [];
  let token: string | undefined;
  do {
    const page = await org.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: token }));
    principals.push(...(page.EnabledServicePrincipals ?? []).map((p) => p.ServicePrincipal ?? ''));
    token = page.NextToken;
  } while (token);

  const roots = (await org.send(new ListRootsCommand({}))).Roots ?? [];
  const root = rootId ? roots.find((r) => r.Id === rootId) : roots[0];
  if (!root?.Id) {
    const found = roots.map((r) => r.Id).join(', ') || 'none';
    throw new Error(rootId ? `root ${rootId} is not a root of this organization (ListRoots answered ${found})` : 'ListRoots answered no root');
  }
  const policyType = (root.PolicyTypes ?? []).find((t) => t.Type === BACKUP_POLICY_TYPE);

  const registered: string[] = [];
  token = undefined;
  while (admins) {
    const page: ListDelegatedAdministratorsCommandOutput = await org.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: BACKUP_SERVICE_PRINCIPAL, NextToken: token }));
    registered.push(...(page.DelegatedAdministrators ?? []).map((a) => a.Id ?? ''));
    token = page.NextToken;
    if (!token) break;
  }

  const stackSets = await cfn.send(new DescribeOrganizationsAccessCommand({ CallAs: 'SELF' }));
  return {
    backupTrustedAccess: principals.includes(BACKUP_SERVICE_PRINCIPAL),
    stackSetsTrustedAccess: stackSets.Status === 'ENABLED',
    backupPolicyType: policyType?.Status === 'ENABLED' || policyType?.Status === 'PENDING_ENABLE',
    backupPolicyTypeStatus: policyType?.Status,
    rootId: root.Id,
    delegatedAdministrators: registered,
  };
}

/**
 * Waits until ListRoots reports the BACKUP_POLICY type ENABLED on the root (EnablePolicyType is
 * asynchronous: PENDING_ENABLE until done), within the Lambda time left minus a margin to answer.
 */
async function waitForPolicyType(org: OrganizationsClient, rootId: string, context: Context): Promise<void> {
  const started = Date.now();
  const deadline = started + context.getRemainingTimeInMillis() - POLICY_TYPE_WAIT_MARGIN_MS;
  let status: string | undefined;
  for (let reads = 0; ; reads++) {
    if (reads > 0) {
      const pause = policyTypePollDelayMs(reads - 1);
      if (Date.now() + pause > deadline) {
        throw new Error(policyTypeTimeoutMessage(rootId, status, Date.now() - started, reads));
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    const root = ((await org.send(new ListRootsCommand({}))).Roots ?? []).find((r) => r.Id === rootId);
    status = (root?.PolicyTypes ?? []).find((t) => t.Type === BACKUP_POLICY_TYPE)?.Status;
    if (status === POLICY_TYPE_READY_STATUS) {
      console.log(JSON.stringify({ policyType: BACKUP_POLICY_TYPE, rootId, status, waitedMs: Date.now() - started, reads: reads + 1 }));
      return;
    }
  }
}

/** Runs one call; an error whose name is in `tolerated` means the state is already as wanted. */
async function tolerating(tolerated: string[], change: Change, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (tolerated.includes(name)) return;
    throw new Error(`${describeChange(change)}: ${name || 'Error'}: ${(error as Error).message}`);
  }
}

function enable(org: OrganizationsClient, cfn: CloudFormationClient, c: Change): Promise<void> {
  return tolerating(ALREADY_DONE_ERRORS, c, () => {
    switch (c.kind) {
      case 'backupTrustedAccess': return org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: BACKUP_SERVICE_PRINCIPAL }));
      case 'stackSetsTrustedAccess': return cfn.send(new ActivateOrganizationsAccessCommand({}));
      case 'backupPolicyType': return org.send(new EnablePolicyTypeCommand({ RootId: c.rootId, PolicyType: BACKUP_POLICY_TYPE }));
      case 'delegatedAdministrator':
        return org.send(new RegisterDelegatedAdministratorCommand({ AccountId: c.accountId, ServicePrincipal: BACKUP_SERVICE_PRINCIPAL }));
    }
  });
}

function undo(org: OrganizationsClient, cfn: CloudFormationClient, c: Change): Promise<void> {
  return tolerating(ALREADY_UNDONE_ERRORS, c, () => {
    switch (c.kind) {
      case 'backupTrustedAccess': return org.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: BACKUP_SERVICE_PRINCIPAL }));
      case 'stackSetsTrustedAccess': return cfn.send(new DeactivateOrganizationsAccessCommand({}));
      case 'backupPolicyType': return org.send(new DisablePolicyTypeCommand({ RootId: c.rootId, PolicyType: BACKUP_POLICY_TYPE }));
      case 'delegatedAdministrator':
        return org.send(new DeregisterDelegatedAdministratorCommand({ AccountId: c.accountId, ServicePrincipal: BACKUP_SERVICE_PRINCIPAL }));
    }
  });
}

/** CloudFormation's ListStackResources, one page (the role may call it only with RestoreOnDelete). */
function stackResources(cfn: CloudFormationClient): ListStackResourcesPage {
  return (StackName, NextToken) => cfn.send(new ListStackResourcesCommand({ StackName, NextToken }));
}

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  await respond(event, context, FAILED_CREATE_PHYSICAL_ID, async () => {
    const org = organizations();
    const cfn = cloudformation();
    const desired: Desired = desiredFromProperties(event.ResourceProperties);
    if (event.RequestType === 'Delete') {
      const changed = decodePhysicalId(event.PhysicalResourceId);
      if (!changed || changed.length === 0 || !desired.restoreOnDelete) {
        console.log(JSON.stringify({ requestType: 'Delete', undone: 'none', restoreOnDelete: desired.restoreOnDelete }));
        return { physicalResourceId: event.PhysicalResourceId };
      }
      // A replacement (a new logical id: CloudFormation created it first and it took over what this
      // one switched on, see adoptChanges) keeps everything on.
      const replacement = await findReplacement(event, stackResources(cfn));
      if (replacement) {
        console.log(JSON.stringify({ requestType: 'Delete', undone: 'none', reason: `replaced by ${replacement.LogicalResourceId}: it keeps what this one switched on` }));
        return { physicalResourceId: event.PhysicalResourceId };
      }
      const current = await readCurrent(org, cfn, undefined, changed.some((c) => c.kind === 'delegatedAdministrator'));
      const undoing = planRestore(current, changed, true);
      console.log(JSON.stringify({ requestType: 'Delete', undone: undoing.map(describeChange) }));
      for (const c of undoing) await undo(org, cfn, c);
      return { physicalResourceId: event.PhysicalResourceId };
    }
    const current = await readCurrent(org, cfn, desired.rootId, desired.delegatedAdministratorAccountId !== undefined);
    const changes = planEnable(current, desired);
    console.log(JSON.stringify({ requestType: event.RequestType, enabled: changes.map(describeChange) }));
    for (const c of changes) await enable(org, cfn, c);
    // Policies attach only to an ENABLED type: wait when this request enabled it or found it pending.
    if (desired.backupPolicyType && current.backupPolicyTypeStatus !== POLICY_TYPE_READY_STATUS) {
      await waitForPolicyType(org, current.rootId, context);
    }
    // An Update keeps the physical id: a new one would make CloudFormation send a Delete for the
    // old one, which would undo (with RestoreOnDelete) what is still wanted. What an Update
    // switches on is therefore never undone.
    if (event.RequestType === 'Update') return { physicalResourceId: event.PhysicalResourceId, data: { RootId: current.rootId } };
    // A Create that replaces another one (a construct id change) takes over what that one switched
    // on, so that RestoreOnDelete still undoes it when the new one is removed.
    const predecessors = desired.restoreOnDelete ? await predecessorPhysicalIds(event, stackResources(cfn)) : [];
    const adopted = adoptChanges(changes, predecessors);
    if (adopted.length > changes.length) console.log(JSON.stringify({ requestType: 'Create', adopted: adopted.slice(changes.length).map(describeChange) }));
    return { physicalResourceId: encodePhysicalId(adopted), data: { RootId: current.rootId } };
  });
}
