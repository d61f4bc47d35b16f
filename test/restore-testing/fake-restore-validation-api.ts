import * as http from 'http';
import { LocalAwsApi } from '../support/local-aws-api';

/** What the fake validation function does when invoked. */
export type FakeValidatorBehaviour =
  | { kind: 'answer'; payload: unknown }
  | { kind: 'error'; errorMessage: string }
  | { kind: 'throttled' }
  | { kind: 'slow'; delayMs: number; payload: unknown };

/**
 * A local HTTP server on 127.0.0.1 standing in for the two REST-JSON APIs moto does not implement for
 * the restore validation handler:
 * - AWS Backup `PutRestoreValidationResult` (PUT /restore-jobs/{restoreJobId}/validations, 204).
 *   AWS documents that a validation status, once set, cannot be changed: a second call answers
 *   InvalidRequestException here (the error type is our reading of the API's documented errors).
 * - Lambda `Invoke` (POST /2015-03-31/functions/{name}/invocations): a function error answers 200 with
 *   `X-Amz-Function-Error: Unhandled` and `{errorMessage, errorType}`, as Lambda does.
 * - DynamoDB answering 503 when `dynamoDbUnavailable` is set (a transient failure).
 */
export class FakeRestoreValidationApi extends LocalAwsApi {
  /** Restore jobs that exist, with the validation reported for each. */
  public readonly restoreJobs = new Map<string, { ValidationStatus?: string; ValidationStatusMessage?: string }>();
  public readonly invocations: { functionName: string; payload: any }[] = [];
  public readonly requests: { method: string; path: string }[] = [];
  public validator: FakeValidatorBehaviour = { kind: 'answer', payload: { status: 'SUCCESSFUL', message: 'row count matches' } };

  protected handle(method: string, url: URL, body: any, res: http.ServerResponse): void {
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ method, path });
    let m = path.match(/^\/restore-jobs\/([^/]+)\/validations$/);
    if (m && method === 'PUT') {
      const job = this.restoreJobs.get(m[1]);
      if (!job) return this.error(res, 404, 'ResourceNotFoundException', `Restore job ${m[1]} not found`);
      if (job.ValidationStatus) return this.error(res, 400, 'InvalidRequestException', 'Validation status is already set');
      if (!['FAILED', 'SUCCESSFUL', 'TIMED_OUT', 'VALIDATING'].includes(body?.ValidationStatus)) {
        return this.error(res, 400, 'InvalidParameterValueException', `ValidationStatus ${body?.ValidationStatus}`);
      }
      job.ValidationStatus = body.ValidationStatus;
      job.ValidationStatusMessage = body.ValidationStatusMessage;
      res.writeHead(204).end();
      return;
    }
    m = path.match(/^\/2015-03-31\/functions\/([^/]+)\/invocations$/);
    if (m && method === 'POST') {
      this.invocations.push({ functionName: m[1], payload: body });
      const v = this.validator;
      if (v.kind === 'throttled') return this.error(res, 429, 'TooManyRequestsException', 'Rate exceeded');
      if (v.kind === 'slow') {
        // A caller that gives up (the handler's deadline) closes the connection: no answer is due then, and
        // no timer is left to keep the jest worker alive after the file ("failed to exit gracefully").
        const answer = setTimeout(() => this.json(res, 200, v.payload), v.delayMs);
        res.once('close', () => clearTimeout(answer));
        return;
      }
      if (v.kind === 'error') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
          .end(JSON.stringify({ errorType: 'Error', errorMessage: v.errorMessage }));
        return;
      }
      return this.json(res, 200, v.payload);
    }
    if (method === 'POST' && path === '/') {
      return this.error(res, 503, 'ServiceUnavailableException', 'try again');
    }
    return this.error(res, 404, 'UnknownOperationException', path);
  }

  public reset(): void {
    this.restoreJobs.clear();
    this.invocations.length = 0;
    this.requests.length = 0;
    this.responses.length = 0;
    this.validator = { kind: 'answer', payload: { status: 'SUCCESSFUL', message: 'row count matches' } };
  }
}
