import * as http from 'http';
import { LoopbackServer } from '../../support/loopback-server';

/** What the fake Slack answers, one entry per request (the last one repeats); 'hang' never answers. */
export type SlackAnswer = { status: number; body?: string; headers?: { [k: string]: string } } | 'hang';

/**
 * An incoming-webhook stand-in on 127.0.0.1 with scripted answers per path: it records each request
 * (path, JSON body) and answers the next scripted answer of that path (404 no_service for an unknown
 * path, as Slack answers a removed webhook).
 */
export class FakeSlack extends LoopbackServer {
  readonly requests: Array<{ path: string; body: any }> = [];
  answers: { [path: string]: SlackAnswer[] } = {};

  get url(): string { return this.endpoint; }

  reset(answers: { [path: string]: SlackAnswer[] }): void {
    this.requests.length = 0;
    this.answers = answers;
  }

  protected receive(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const p = req.url ?? '/';
    let body: any = raw;
    try { body = JSON.parse(raw); } catch { /* keep raw */ }
    this.requests.push({ path: p, body });
    const queue = this.answers[p] ?? [{ status: 404, body: 'no_service' }];
    const answer = queue.length > 1 ? queue.shift()! : queue[0];
    if (answer === 'hang') return; // never answers
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
    res.end(answer.body ?? (answer.status === 200 ? 'ok' : 'error'));
  }
}
