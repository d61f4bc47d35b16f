import { Aspects, IAspect } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct, IConstruct } from 'constructs';
import { validationError } from '../../private/validation';
import { OrganizationAccess, OrganizationAccessProps } from '../organization-access';

/** The parts of `OrganizationBackupProps` this wiring reads (kept apart to avoid an import cycle). */
interface AccessWiringProps {
  readonly callAs?: string;
  readonly organizationAccess?: { readonly enabled?: boolean; readonly settings?: OrganizationAccessProps };
}

/**
 * Makes the `OrganizationAccess` of an `OrganizationBackup` (unless turned off) and has every
 * backup policy and StackSet under `scope` depend on it, also those of environments added later,
 * so that a first deploy switches the prerequisites on before it creates them.
 */
export function organizationAccessFor(scope: Construct, props: AccessWiringProps): OrganizationAccess | undefined {
  const delegated = props.callAs === 'DELEGATED_ADMIN';
  const enabled = props.organizationAccess?.enabled ?? !delegated;
  if (enabled && delegated) {
    throw validationError(scope, 'organizationAccess.enabled is true with callAs DELEGATED_ADMIN: trusted access, policy types and delegated administrators can be changed only from the management account; set organizationAccess.enabled to false (and make them true once from the management account) or deploy with callAs SELF');
  }
  if (!enabled) {
    if (props.organizationAccess?.settings) {
      throw validationError(scope, 'organizationAccess.settings is given but organizationAccess.enabled is false: the settings would be ignored; remove them or enable organizationAccess');
    }
    return undefined;
  }
  const access = new OrganizationAccess(scope, 'OrganizationAccess', props.organizationAccess?.settings);
  Aspects.of(scope).add(new DependOnAccess(access));
  return access;
}

class DependOnAccess implements IAspect {
  constructor(private readonly access: OrganizationAccess) {}

  public visit(node: IConstruct): void {
    if (node instanceof cloudformation.CfnStackSet || node instanceof organizations.CfnPolicy) {
      node.node.addDependency(this.access);
    }
  }
}
