import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SimulatedTemplate } from './cfn-events';

/**
 * The custom resources of `type` in a synthesized stack, as a SimulatedStack deploys them (logical id →
 * type and properties, without the ServiceToken). Kept apart from cfn-events.ts, which handler tests
 * import without loading aws-cdk-lib.
 */
export function customResourcesOf(stack: Stack, type: string): SimulatedTemplate {
  const resources = Template.fromStack(stack).findResources(type);
  return Object.fromEntries(Object.entries(resources).map(([logicalId, r]: [string, any]) => {
    const { ServiceToken: _, ...properties } = r.Properties;
    return [logicalId, { type, properties }];
  }));
}
