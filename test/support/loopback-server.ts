import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * An HTTP server on 127.0.0.1 at a free port, standing in for a remote service in tests (an AWS
 * API moto does not implement, CloudFormation's response URL, a Slack webhook). Subclasses answer
 * each request, with its whole body read, in `receive()`.
 */
export abstract class LoopbackServer {
  /** e.g. http://127.0.0.1:53123, once started. */
  public endpoint = '';
  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => this.receive(req, raw, res));
  });

  public async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops listening and drops open connections (a request the server never answered included). */
  public async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers one request whose body is `raw`. */
  protected abstract receive(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void;
}
