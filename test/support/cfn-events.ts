/** What differs between the custom resources' events: the rest is CloudFormation's fixed shape. */
export interface CustomResourceEventOptions {
  /** The local server that plays CloudFormation's response URL (`${endpoint}/cfn-response/<type>`). */
  readonly endpoint: string;
  readonly logicalResourceId: string;
  readonly resourceType: string;
  /** The ResourceProperties besides ServiceToken (CloudFormation passes booleans and numbers as strings). */
  readonly properties: { [key: string]: unknown };
  /** @default arn:aws:cloudformation:us-east-1:123456789012:stack/S/1 */
  readonly stackId?: string;
  /** @default the Lambda function ARN of the stack's account and region; none when null */
  readonly serviceToken?: string | null;
}

/**
 * A CloudFormation custom resource request event, as CloudFormation sends it to the handler.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
 */
export function customResourceEvent(requestType: string, options: CustomResourceEventOptions, extra: any = {}): any {
  const stackId = options.stackId ?? 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/1';
  const [, , , region, account] = stackId.split(':');
  const serviceToken = options.serviceToken === undefined ? `arn:aws:lambda:${region}:${account}:function:f` : options.serviceToken;
  return {
    RequestType: requestType,
    ResponseURL: `${options.endpoint}/cfn-response/${requestType}`,
    StackId: stackId,
    RequestId: `req-${requestType}`,
    LogicalResourceId: options.logicalResourceId,
    ResourceType: options.resourceType,
    ...serviceToken === null ? {} : { ServiceToken: serviceToken },
    ResourceProperties: { ServiceToken: 'x', ...options.properties },
    ...extra,
  };
}

/**
 * What stands in for one resource type's provider in a simulated stack: a custom resource (its
 * handler gets CloudFormation's events, see `customResourceProvider`) or an AWS resource whose
 * effect a fake API plays.
 */
export interface SimulatedProvider {
  /** Creates the resource; answers its physical id. */
  create(logicalId: string, properties: Record<string, unknown>): Promise<string>;
  /** Updates it in place; answers its physical id (a different one makes it a replacement). */
  update(logicalId: string, physicalId: string, properties: Record<string, unknown>, old: Record<string, unknown>): Promise<string>;
  /** Deletes it, with the properties it was last deployed with. */
  delete(logicalId: string, physicalId: string, properties: Record<string, unknown>): Promise<void>;
  /**
   * Whether a change of properties replaces the resource (CloudFormation creates the new one, then
   * deletes the old one in its cleanup phase) instead of updating it. @default never
   */
  replaces?(properties: Record<string, unknown>, old: Record<string, unknown>): boolean;
}

/** One resource of a simulated template. */
export interface SimulatedResource {
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/** A template: logical id → resource, listed in dependency order (what a resource references comes first). */
export type SimulatedTemplate = Record<string, SimulatedResource>;

interface Deployed {
  logicalId: string;
  type: string;
  physicalId: string;
  properties: Record<string, unknown>;
  status: string;
}

/** A resource as ListStackResources reports it. */
export interface StackResourceSummary {
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId: string;
  readonly ResourceType: string;
  readonly ResourceStatus: string;
}

/**
 * A CloudFormation stack played in CloudFormation's order, so that custom resource handlers meet the
 * sequences they meet in AWS:
 * - an update creates new resources and updates changed ones, in dependency order; a replacement (a
 *   provider's `replaces`, or a custom resource answering another physical id) creates the new one
 *   first; then, in the cleanup phase and in reverse dependency order, it deletes the resources gone
 *   from the template and the replaced ones, each with its OLD properties and physical id;
 * - a stack deletion deletes every resource in reverse dependency order.
 * A failed cleanup deletion does not fail the update (CloudFormation reports it and goes on).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-update.html
 */
export class SimulatedStack {
  /** What happened, one line per operation ("Create X", "Delete X (cleanup)", "Delete X failed: …"). */
  public readonly log: string[] = [];
  private deployed: Deployed[] = [];

  public constructor(
    /** The stack's id (an ARN), as events and ListStackResources name it. */
    public readonly stackId: string,
    private readonly providers: Record<string, SimulatedProvider>,
  ) {}

  /** ListStackResources: the resources of the stack as they are at this moment. */
  public resources(): StackResourceSummary[] {
    return this.deployed.map((d) => ({
      LogicalResourceId: d.logicalId, PhysicalResourceId: d.physicalId, ResourceType: d.type, ResourceStatus: d.status,
    }));
  }

  /** Creates the stack or updates it to `template`. */
  public async deploy(template: SimulatedTemplate): Promise<void> {
    const old = new Map(this.deployed.map((d) => [d.logicalId, d]));
    const cleanup: Deployed[] = [];
    const next: Deployed[] = [];
    for (const [logicalId, resource] of Object.entries(template)) {
      const provider = this.provider(resource.type);
      const before = old.get(logicalId);
      if (!before || before.type !== resource.type) {
        const entry: Deployed = { logicalId, type: resource.type, physicalId: '', properties: resource.properties, status: 'CREATE_IN_PROGRESS' };
        this.deployed.push(entry);
        entry.physicalId = await provider.create(logicalId, resource.properties);
        entry.status = 'CREATE_COMPLETE';
        this.log.push(`Create ${logicalId}`);
        next.push(entry);
        continue;
      }
      if (JSON.stringify(before.properties) === JSON.stringify(resource.properties)) {
        next.push(before);
        continue;
      }
      if (provider.replaces?.(resource.properties, before.properties)) {
        const physicalId = await provider.create(logicalId, resource.properties);
        this.log.push(`Create ${logicalId} (replacement)`);
        cleanup.push({ ...before });
        Object.assign(before, { physicalId, properties: resource.properties, status: 'UPDATE_COMPLETE' });
        next.push(before);
        continue;
      }
      before.status = 'UPDATE_IN_PROGRESS';
      const physicalId = await provider.update(logicalId, before.physicalId, resource.properties, before.properties);
      this.log.push(`Update ${logicalId}`);
      if (physicalId !== before.physicalId) cleanup.push({ ...before });
      Object.assign(before, { physicalId, properties: resource.properties, status: 'UPDATE_COMPLETE' });
      next.push(before);
    }
    // Cleanup phase: what left the template and what was replaced, in reverse dependency order.
    const order = [...old.keys()];
    const removed = [...old.values()].filter((d) => !(d.logicalId in template) || d.type !== template[d.logicalId].type);
    const doomed = [...removed, ...cleanup].sort((a, b) => order.indexOf(b.logicalId) - order.indexOf(a.logicalId));
    for (const d of doomed) {
      if (removed.includes(d)) d.status = 'DELETE_IN_PROGRESS';
      await this.remove(d, ' (cleanup)');
    }
    this.deployed = next;
  }

  /** Deletes the stack. */
  public async destroy(): Promise<void> {
    for (const d of this.deployed) d.status = 'DELETE_IN_PROGRESS';
    for (const d of [...this.deployed].reverse()) {
      await this.remove(d, ' (stack deletion)');
      this.deployed = this.deployed.filter((x) => x !== d);
    }
  }

  private async remove(d: Deployed, phase: string): Promise<void> {
    try {
      await this.provider(d.type).delete(d.logicalId, d.physicalId, d.properties);
      this.log.push(`Delete ${d.logicalId}${phase}`);
    } catch (error) {
      this.log.push(`Delete ${d.logicalId}${phase} failed: ${(error as Error).message}`);
    }
  }

  private provider(type: string): SimulatedProvider {
    const provider = this.providers[type];
    if (!provider) throw new Error(`no provider for ${type}`);
    return provider;
  }
}

/** Where a custom resource handler's answers arrive: a local server's `responses` (LocalAwsApi). */
export interface ResponseSink {
  readonly endpoint: string;
  readonly responses: any[];
}

/**
 * A custom resource type of a simulated stack: each operation sends the handler the event
 * CloudFormation sends (Create; Update with OldResourceProperties and the physical id; Delete with
 * the old properties and physical id) and reads its answer; a FAILED answer throws its reason.
 * Properties are passed as CloudFormation passes them (booleans and numbers as strings).
 */
export function customResourceProvider(
  sink: ResponseSink,
  stackId: () => string,
  resourceType: string,
  handler: (event: any, context: any) => Promise<unknown>,
  context: () => any,
): SimulatedProvider {
  const send = async (requestType: string, logicalId: string, properties: Record<string, unknown>, extra: any): Promise<string> => {
    const before = sink.responses.length;
    await handler(customResourceEvent(requestType, {
      endpoint: sink.endpoint, logicalResourceId: logicalId, resourceType, properties: asCloudFormationPasses(properties), stackId: stackId(),
    }, extra), context());
    const response = sink.responses[before];
    if (!response) throw new Error(`${requestType} ${logicalId}: the handler sent no response`);
    if (response.Status !== 'SUCCESS') throw new Error(`${requestType} ${logicalId} FAILED: ${response.Reason}`);
    return response.PhysicalResourceId;
  };
  return {
    create: (logicalId, properties) => send('Create', logicalId, properties, {}),
    update: (logicalId, physicalId, properties, old) => send('Update', logicalId, properties, {
      PhysicalResourceId: physicalId, OldResourceProperties: { ServiceToken: 'x', ...asCloudFormationPasses(old) },
    }),
    delete: async (logicalId, physicalId, properties) => { await send('Delete', logicalId, properties, { PhysicalResourceId: physicalId }); },
  };
}

/** CloudFormation passes a custom resource's booleans and numbers as strings. */
function asCloudFormationPasses(value: any): any {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(asCloudFormationPasses);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationPasses(v)]));
  return value;
}

/**
 * Answers CloudFormation's ListStackResources (query protocol: a form with Action, answered in XML,
 * botocore cloudformation 2010-05-15) from a simulated stack; undefined when the request is another call.
 */
export function listStackResourcesAnswer(body: any, stacks: SimulatedStack[]): { status: number; xml: string } | undefined {
  if (body?.Action !== 'ListStackResources') return undefined;
  const ns = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
  const stack = stacks.find((s) => s.stackId === body.StackName);
  if (!stack) {
    return {
      status: 400,
      xml: `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
        `<Message>Stack with id ${escapeXml(String(body.StackName))} does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    };
  }
  const members = stack.resources().map((r) => '<member>' +
    `<LogicalResourceId>${escapeXml(r.LogicalResourceId)}</LogicalResourceId><PhysicalResourceId>${escapeXml(r.PhysicalResourceId)}</PhysicalResourceId>` +
    `<ResourceType>${escapeXml(r.ResourceType)}</ResourceType><LastUpdatedTimestamp>2026-12-01T00:00:00Z</LastUpdatedTimestamp>` +
    `<ResourceStatus>${r.ResourceStatus}</ResourceStatus></member>`).join('');
  return {
    status: 200,
    xml: `<ListStackResourcesResponse xmlns="${ns}"><ListStackResourcesResult><StackResourceSummaries>${members}</StackResourceSummaries>` +
      '</ListStackResourcesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListStackResourcesResponse>',
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
