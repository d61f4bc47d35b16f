import * as http from 'http';
import { AddressInfo } from 'net';

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
export class FakeBackupRegionApi {
  public optIn: Record<string, boolean> = {};
  public management: Record<string, boolean> = {};
  public readonly requests: ReceivedRequest[] = [];
  public readonly responses: any[] = [];
  private server?: http.Server;
  public endpoint = '';

  public async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0];
        const body = raw ? JSON.parse(raw) : undefined;
        if (path.startsWith('/cfn-response/')) {
          this.responses.push(body);
          res.writeHead(200).end();
          return;
        }
        this.requests.push({ method: req.method!, path, body });
        if (path === '/account-settings' && req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
            ResourceTypeOptInPreference: this.optIn,
            ResourceTypeManagementPreference: this.management,
          }));
        } else if (path === '/account-settings' && req.method === 'PUT') {
          Object.assign(this.optIn, body?.ResourceTypeOptInPreference ?? {});
          Object.assign(this.management, body?.ResourceTypeManagementPreference ?? {});
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else {
          res.writeHead(404, { 'x-amzn-errortype': 'UnknownOperationException', 'content-type': 'application/json' })
            .end(JSON.stringify({ Message: `no route for ${req.method} ${path}` }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  public reset(): void {
    this.requests.length = 0;
    this.responses.length = 0;
  }
}
