// Tells, at a custom resource's Delete, a replacement from a removal (no aws-cdk-lib: handlers only).
//
// CloudFormation replaces a custom resource in two ways, and in both it creates the new resource
// before it sends Delete for the old one (in the update's cleanup phase, or when a failed update
// rolls back): a new logical id (construct id change, a construct moved in the tree), or a new
// physical id answered to an Update. Either way, when the Delete comes, the stack lists another
// live resource of the same type: the new logical id, or this logical id with another physical id.
// A real removal (the resource left the template, or the stack is being deleted) leaves none: the
// resource itself is DELETE_IN_PROGRESS.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-delete.html
// The AWS SDK call is the handler's (a bundled dependency of the .lambda.ts files only).

/** The fields of a ListStackResources summary that the rule reads. */
export interface StackResourceLike {
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType?: string;
  readonly ResourceStatus?: string;
}

/** The fields of a Delete event that the rule reads. */
export interface DeleteEventLike {
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId: string;
  readonly ResourceType: string;
}

/** The fields of any custom resource event that tell the resource itself (Create has no physical id yet). */
export type ResourceEventLike = Omit<DeleteEventLike, 'PhysicalResourceId'> & { readonly PhysicalResourceId?: string };

/**
 * The stack's other live resources of the event's type: at a Delete, the one that replaces it (none
 * for a real removal); at a Create, the one it replaces while that one still awaits its Delete.
 */
export function othersOfSameType(resources: StackResourceLike[], event: ResourceEventLike): StackResourceLike[] {
  return resources.filter((r) => r.ResourceType === event.ResourceType
    && !(r.ResourceStatus ?? '').startsWith('DELETE_')
    && !(r.LogicalResourceId === event.LogicalResourceId
      && (event.PhysicalResourceId === undefined || r.PhysicalResourceId === event.PhysicalResourceId)));
}

/** The live resource of the same type that replaces the deleted one, or undefined for a real removal. */
export function replacementOf(resources: StackResourceLike[], event: DeleteEventLike): StackResourceLike | undefined {
  return othersOfSameType(resources, event)[0];
}

/** One page of CloudFormation's ListStackResources for a stack. */
export type ListStackResourcesPage = (stackName: string, nextToken: string | undefined) =>
Promise<{ readonly StackResourceSummaries?: StackResourceLike[]; readonly NextToken?: string }>;

/**
 * Reads the stack's resources (ListStackResources, every page) and answers the replacement, if any.
 * The handler's role needs cloudformation:ListStackResources on the stack.
 */
export async function findReplacement(event: DeleteEventLike, list: ListStackResourcesPage): Promise<StackResourceLike | undefined> {
  return replacementOf(await listStackResources(event.StackId, list), event);
}

/** Every page of ListStackResources for a stack. */
export async function listStackResources(stackId: string, list: ListStackResourcesPage): Promise<StackResourceLike[]> {
  const resources: StackResourceLike[] = [];
  let token: string | undefined;
  do {
    const page = await list(stackId, token);
    resources.push(...page.StackResourceSummaries ?? []);
    token = page.NextToken;
  } while (token);
  return resources;
}

/** Reads a RestoreOnDelete property (CloudFormation passes booleans as strings); absent is false. */
export function restoreOnDeleteOf(properties: Record<string, unknown> | undefined): boolean {
  const value = properties?.RestoreOnDelete;
  if (value === undefined) return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`RestoreOnDelete must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * Whether a Delete of a settings resource leaves the settings as they are: RestoreOnDelete is off,
 * or another live resource of the same type replaces this one (CloudFormation creates the
 * replacement first, then deletes the old one). Logs why.
 */
export async function settingsStayOnDelete(event: DeleteEventLike & { ResourceProperties?: Record<string, unknown> },
  list: ListStackResourcesPage): Promise<boolean> {
  if (!restoreOnDeleteOf(event.ResourceProperties)) {
    console.log(JSON.stringify({ requestType: 'Delete', update: 'none', reason: 'RestoreOnDelete is off: the settings stay' }));
    return true;
  }
  const replacement = await findReplacement(event, list);
  if (!replacement) return false;
  console.log(JSON.stringify({ requestType: 'Delete', update: 'none', reason: `replaced by ${replacement.LogicalResourceId} (${replacement.PhysicalResourceId}): the settings stay` }));
  return true;
}

/**
 * At a Create: the physical ids of the resources of the same type this one replaces (a new logical
 * id created while the old one still awaits its Delete), so that it can take over what they
 * recorded; none for a first Create. Read only with RestoreOnDelete (the role's permission).
 */
export async function predecessorPhysicalIds(event: ResourceEventLike, list: ListStackResourcesPage): Promise<string[]> {
  return othersOfSameType(await listStackResources(event.StackId, list), event).map((r) => r.PhysicalResourceId ?? '');
}
