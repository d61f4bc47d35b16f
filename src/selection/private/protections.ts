import { Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EnvironmentSelection } from './environment-selection';
import { importedResourceArn, isImportedResource } from './imported-resource-arn';
import { attached, attachedOnce } from '../../private/singleton';
import { validationError } from '../../private/validation';

/**
 * Puts `construct` into the selection of the environment `env`: the selection tags on it and
 * everything under it, or, for an imported resource that tags cannot reach, its ARN in the selection
 * by resources. Errors name `env`.
 */
export function protectConstruct(env: IConstruct, selection: EnvironmentSelection, tags: { [key: string]: string }, construct: IConstruct): void {
  if (isImportedResource(construct)) {
    const arn = importedResourceArn(construct);
    if (arn === undefined) {
      throw validationError(env, `protect(${construct.node.path}): the construct is imported (no CloudFormation resource of this app is under it), ` +
        'so tags cannot reach it, and it is not an imported DynamoDB table, S3 bucket, RDS instance, RDS/Aurora cluster or EFS file system ' +
        'whose ARN selects it: add its ARN to selection.resources');
    }
    selection.addResource(arn);
    return;
  }
  const entries = Object.entries(tags);
  if (entries.length === 0) {
    throw validationError(env, `protect(${construct.node.path}) needs selection tags, but this environment selects by resource ARNs only: add the resource's ARN to selection.resources`);
  }
  claimProtection(env, construct, tags);
  for (const [key, value] of entries) {
    Tags.of(construct).add(key, value);
  }
}

/** The tags each environment's protect() put on a construct: { key: [value, environment path] }. */
const PROTECTIONS = 'protect-tags';
type Protections = Map<string, { value: string; environment: string }>;

/**
 * Records the tags protect() adds to a construct, and fails when another environment's protect()
 * gave it, a parent or a child a different value for the same key (the last tag would win silently).
 */
function claimProtection(env: IConstruct, construct: IConstruct, tags: { [key: string]: string }) {
  const related = [...construct.node.scopes, ...construct.node.findAll().slice(1)];
  for (const other of related) {
    const claims = attached<Protections>(other, PROTECTIONS);
    if (!claims) continue;
    for (const [key, value] of Object.entries(tags)) {
      const earlier = claims.get(key);
      if (!earlier || earlier.value === value || earlier.environment === env.node.path) continue;
      const where = other === construct ? 'it' : other.node.path;
      throw validationError(env,
        `protect(${construct.node.path}): ${earlier.environment}.protect() already tagged ${where} ${key}=${earlier.value}, and this environment ` +
        `would tag it ${key}=${value}: a resource carries one value per tag key, so the last tag would win and one environment would ` +
        'silently not back it up. Give the environments different tag keys (selection.tags), or protect it with one environment');
    }
  }
  const own = attachedOnce<Protections>(construct, PROTECTIONS, () => new Map());
  for (const [key, value] of Object.entries(tags)) own.set(key, { value, environment: env.node.path });
}
