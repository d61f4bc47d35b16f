import * as http from 'http';
import { LocalAwsApi } from '../support/local-aws-api';

/**
 * A local HTTP server on 127.0.0.1 speaking AWS Backup's two global settings calls as the API model
 * declares them (botocore backup 2018-11-15: GET /global-settings answers GlobalSettings, a map of
 * string flags, and LastUpdateTime; PUT /global-settings takes GlobalSettings and merges it), and
 * accepting CloudFormation custom resource responses on PUT /cfn-response/*. `managementAccount`
 * false makes it refuse the update as AWS does outside the management account
 * (InvalidRequestException).
 */
export class FakeBackupGlobalApi extends LocalAwsApi {
  public settings: Record<string, string> = {};
  public managementAccount = true;
  public readonly requests: Array<{ method: string; path: string; body: any }> = [];

  protected handle(method: string, url: URL, body: any, res: http.ServerResponse): void {
    this.requests.push({ method, path: url.pathname, body });
    if (url.pathname !== '/global-settings') {
      this.error(res, 404, 'UnknownOperationException', `no route for ${method} ${url.pathname}`);
    } else if (method === 'GET') {
      this.json(res, 200, { GlobalSettings: this.settings, LastUpdateTime: 1764571200 });
    } else if (method === 'PUT' && !this.managementAccount) {
      this.error(res, 400, 'InvalidRequestException', 'The account is not the management account of an organization');
    } else if (method === 'PUT') {
      Object.assign(this.settings, body?.GlobalSettings ?? {});
      this.json(res, 200, {});
    } else {
      this.error(res, 405, 'UnknownOperationException', `no route for ${method} ${url.pathname}`);
    }
  }

  public reset(): void {
    this.requests.length = 0;
    this.responses.length = 0;
  }
}
