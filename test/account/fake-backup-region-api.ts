import * as http from 'http';
import { LocalAwsApi } from '../support/local-aws-api';

/** A request the fake server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: any;
}

/**
 * A local HTTP server on 127.0.0.1 speaking the two REST-JSON calls of AWS Backup's region settings
 * (GET/PUT /account-settings, merging what PUT sends like the real API) and accepting CloudFormation
 * custom resource responses on PUT /cfn-response/*.
 */
export class FakeBackupRegionApi extends LocalAwsApi {
  public optIn: Record<string, boolean> = {};
  public management: Record<string, boolean> = {};
  public readonly requests: ReceivedRequest[] = [];

  protected handle(method: string, url: URL, body: any, res: http.ServerResponse): void {
    const path = url.pathname;
    this.requests.push({ method, path, body });
    if (path === '/account-settings' && method === 'GET') {
      this.json(res, 200, {
        ResourceTypeOptInPreference: this.optIn,
        ResourceTypeManagementPreference: this.management,
      });
    } else if (path === '/account-settings' && method === 'PUT') {
      Object.assign(this.optIn, body?.ResourceTypeOptInPreference ?? {});
      Object.assign(this.management, body?.ResourceTypeManagementPreference ?? {});
      this.json(res, 200, {});
    } else {
      this.error(res, 404, 'UnknownOperationException', `no route for ${method} ${path}`);
    }
  }

  public reset(): void {
    this.requests.length = 0;
    this.responses.length = 0;
  }
}
