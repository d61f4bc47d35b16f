import * as http from 'http';
import { LocalAwsApi } from '../support/local-aws-api';

/** One call the handler made: the service, the operation and its input. */
export interface OrganizationApiCall {
  readonly service: 'organizations' | 'cloudformation';
  readonly operation: string;
  readonly input: any;
}

/**
 * A local HTTP server on 127.0.0.1 speaking the calls of the OrganizationAccess handler as the API
 * models declare them:
 * - Organizations (botocore organizations 2016-11-28: protocol json, JSON 1.1, targetPrefix
 *   AWSOrganizationsV20161128): POST / with `X-Amz-Target: AWSOrganizationsV20161128.<Operation>`,
 *   errors as `{"__type": "<ErrorShape>", "Message": …}` with status 400;
 * - CloudFormation (botocore cloudformation 2010-05-15: protocol query): a form with Action and
 *   Version, answers `<OperationResponse><OperationResult>…` in XML, errors as
 *   `<ErrorResponse><Error><Code>…`.
 * AWS's behaviour it follows: EnableAWSServiceAccess of an enabled principal succeeds (the model
 * lists no "already enabled" error); EnablePolicyType of an enabled type answers
 * PolicyTypeAlreadyEnabledException; RegisterDelegatedAdministrator of a registered account answers
 * AccountAlreadyRegisteredException; Deregister / DisablePolicyType of what is off answer
 * AccountNotRegisteredException / PolicyTypeNotEnabledException; a caller outside the management
 * account (`managementAccount` false) gets AccessDeniedException from Organizations' write calls.
 * `racing` makes the List calls report the state before this resource's change (another writer
 * switched it on meanwhile), so that the "already" answers are exercised.
 * EnablePolicyType is asynchronous (Organizations API reference, EnablePolicyType: "This is an
 * asynchronous request that AWS performs in the background"; ListRoots reports a policy type's
 * Status as ENABLED, PENDING_ENABLE or PENDING_DISABLE): with `pendingReads` > 0 an enabled type
 * stays PENDING_ENABLE for that many ListRoots answers, then turns ENABLED.
 */
export class FakeOrganizationAccessApi extends LocalAwsApi {
  public servicePrincipals = new Set<string>();
  public stackSetsAccess: 'ENABLED' | 'DISABLED' = 'DISABLED';
  public rootId = 'r-ab12';
  public policyTypes = new Map<string, string>();
  public delegatedAdministrators = new Set<string>();
  public managementAccount = true;
  /** How many ListRoots answers still show a policy type being enabled as PENDING_ENABLE. */
  public pendingReads = 0;
  /** The List / Describe calls answer as if these were still off (until the handler's EnablePolicyType). */
  public staleReads = false;
  public readonly calls: OrganizationApiCall[] = [];

  protected handle(method: string, url: URL, body: any, res: http.ServerResponse, req: http.IncomingMessage): void {
    const target = req.headers['x-amz-target'];
    if (method === 'POST' && typeof target === 'string' && target.startsWith('AWSOrganizationsV20161128.')) {
      const operation = target.split('.')[1];
      this.calls.push({ service: 'organizations', operation, input: body });
      this.organizations(operation, body ?? {}, res);
    } else if (method === 'POST' && body?.Action && body?.Version === '2010-05-15') {
      this.calls.push({ service: 'cloudformation', operation: body.Action, input: body });
      this.cloudformation(body.Action, res);
    } else {
      this.error(res, 404, 'UnknownOperationException', `no route for ${method} ${url.pathname}`);
    }
  }

  public reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
  }

  /** The write operations the handler made, as `service:Operation`. */
  public writes(): string[] {
    return this.calls.filter((c) => !/^(List|Describe)/.test(c.operation)).map((c) => `${c.service}:${c.operation}`);
  }

  private organizations(operation: string, input: any, res: http.ServerResponse): void {
    const stale = this.staleReads;
    const fail = (type: string, message: string) => this.jsonError(res, type, message);
    const writes = ['EnableAWSServiceAccess', 'DisableAWSServiceAccess', 'EnablePolicyType', 'DisablePolicyType',
      'RegisterDelegatedAdministrator', 'DeregisterDelegatedAdministrator'];
    if (!this.managementAccount && writes.includes(operation)) {
      return fail('AccessDeniedException', 'You don\'t have permissions to access this resource.');
    }
    switch (operation) {
      case 'ListAWSServiceAccessForOrganization':
        return this.json(res, 200, {
          EnabledServicePrincipals: stale ? [] : [...this.servicePrincipals].map((p) => ({ ServicePrincipal: p, DateEnabled: 1764571200 })),
        });
      case 'ListRoots':
        for (const [type, status] of this.policyTypes) {
          if (status !== 'PENDING_ENABLE') continue;
          if (this.pendingReads > 0) this.pendingReads--;
          else this.policyTypes.set(type, 'ENABLED');
        }
        return this.json(res, 200, {
          Roots: [{
            Id: this.rootId,
            Arn: `arn:aws:organizations::111111111111:root/o-abcdef1234/${this.rootId}`,
            Name: 'Root',
            PolicyTypes: stale ? [] : [...this.policyTypes].map(([Type, Status]) => ({ Type, Status })),
          }],
        });
      case 'ListDelegatedAdministrators':
        return this.json(res, 200, {
          DelegatedAdministrators: stale ? [] : [...this.delegatedAdministrators].map((Id) => ({ Id })),
        });
      case 'EnableAWSServiceAccess':
        this.servicePrincipals.add(input.ServicePrincipal);
        return this.json(res, 200, {});
      case 'DisableAWSServiceAccess':
        this.servicePrincipals.delete(input.ServicePrincipal);
        return this.json(res, 200, {});
      case 'EnablePolicyType':
        // The racing writer's change is visible to the reads after this call.
        this.staleReads = false;
        if (input.RootId !== this.rootId) return fail('RootNotFoundException', 'We can\'t find a root with the RootId that you specified.');
        if (this.policyTypes.get(input.PolicyType) === 'ENABLED') return fail('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
        if (this.policyTypes.get(input.PolicyType) === 'PENDING_ENABLE') {
          return fail('ConcurrentModificationException', 'The target of the operation is currently being modified by a different request.');
        }
        this.policyTypes.set(input.PolicyType, this.pendingReads > 0 ? 'PENDING_ENABLE' : 'ENABLED');
        return this.json(res, 200, {
          Root: { Id: this.rootId, PolicyTypes: [...this.policyTypes].map(([Type, Status]) => ({ Type, Status })) },
        });
      case 'DisablePolicyType':
        if (!this.policyTypes.has(input.PolicyType)) return fail('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.');
        this.policyTypes.delete(input.PolicyType);
        return this.json(res, 200, { Root: { Id: this.rootId } });
      case 'RegisterDelegatedAdministrator':
        if (!this.servicePrincipals.has(input.ServicePrincipal)) {
          return fail('ConstraintViolationException', 'You must enable AWS service access for the service before registering a delegated administrator.');
        }
        if (this.delegatedAdministrators.has(input.AccountId)) return fail('AccountAlreadyRegisteredException', 'The provided account is already a delegated administrator for your organization.');
        this.delegatedAdministrators.add(input.AccountId);
        return this.json(res, 200, {});
      case 'DeregisterDelegatedAdministrator':
        if (!this.delegatedAdministrators.has(input.AccountId)) return fail('AccountNotRegisteredException', 'The provided account is not a registered delegated administrator for your organization.');
        this.delegatedAdministrators.delete(input.AccountId);
        return this.json(res, 200, {});
      default:
        return fail('UnknownOperationException', `no operation ${operation}`);
    }
  }

  private cloudformation(action: string, res: http.ServerResponse): void {
    switch (action) {
      case 'DescribeOrganizationsAccess':
        return this.xml(res, 200, action, `<Status>${this.staleReads ? 'DISABLED' : this.stackSetsAccess}</Status>`);
      case 'ActivateOrganizationsAccess':
        if (!this.managementAccount) return this.queryError(res, 'InvalidOperationException', 'Only the management account can activate organizations access.');
        this.stackSetsAccess = 'ENABLED';
        this.servicePrincipals.add('member.org.stacksets.cloudformation.amazonaws.com');
        return this.xml(res, 200, action, '');
      case 'DeactivateOrganizationsAccess':
        this.stackSetsAccess = 'DISABLED';
        this.servicePrincipals.delete('member.org.stacksets.cloudformation.amazonaws.com');
        return this.xml(res, 200, action, '');
      default:
        return this.queryError(res, 'InvalidAction', `no action ${action}`);
    }
  }

  /** An AWS JSON 1.1 error: the shape name in `__type`, as the SDK reads it. */
  private jsonError(res: http.ServerResponse, type: string, message: string): void {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: type, Message: message }));
  }

  private xml(res: http.ServerResponse, status: number, action: string, result: string): void {
    res.writeHead(status, { 'content-type': 'text/xml' }).end(
      `<${action}Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>`);
  }

  private queryError(res: http.ServerResponse, code: string, message: string): void {
    res.writeHead(400, { 'content-type': 'text/xml' }).end(
      `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`);
  }
}
