import * as http from 'http';
import { listStackResourcesAnswer, SimulatedStack } from './cfn-events';
import { LoopbackServer } from './loopback-server';

/**
 * A local HTTP server on 127.0.0.1 standing in for an AWS REST-JSON API that moto does not implement,
 * and for CloudFormation's pre-signed response URL: PUT /cfn-response/* bodies are kept in `responses`.
 * Subclasses answer the API's calls in `handle()`.
 */
export abstract class LocalAwsApi extends LoopbackServer {
  /** The custom resource responses the handler sent to CloudFormation. */
  public readonly responses: any[] = [];
  /**
   * The stacks whose resources CloudFormation's ListStackResources (query protocol) reports, as a
   * handler reads them to tell a replacement from a removal; another stack id fails as unknown.
   */
  public readonly stacks: SimulatedStack[] = [];

  protected receive(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/cfn-response/')) {
      this.responses.push(JSON.parse(raw));
      res.writeHead(200).end();
      return;
    }
    // The query protocol (e.g. CloudFormation) sends a form, the JSON protocols JSON.
    const form = (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
    const body = !raw ? undefined : form ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
    const listed = form ? listStackResourcesAnswer(body, this.stacks) : undefined;
    if (listed) {
      res.writeHead(listed.status, { 'content-type': 'text/xml' }).end(listed.xml);
      return;
    }
    this.handle(req.method!, url, body, res, req);
  }

  /** Answers one API call. */
  protected abstract handle(method: string, url: URL, body: any, res: http.ServerResponse, req: http.IncomingMessage): void;

  protected json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** An AWS REST-JSON error, with the type in `x-amzn-errortype` as the SDK reads it. */
  protected error(res: http.ServerResponse, status: number, type: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
      .end(JSON.stringify({ Message: message }));
  }
}
