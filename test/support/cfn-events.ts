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
