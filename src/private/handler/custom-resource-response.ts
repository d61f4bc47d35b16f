// Sends a CloudFormation custom resource response: shared by this library's Lambda handlers that
// are used directly as a CustomResource service token (no provider framework). No aws-cdk-lib here.
import * as http from 'http';
import * as https from 'https';

/** What a handler's work returns on success. */
export interface CustomResourceResult {
  readonly physicalResourceId: string;
  readonly data?: Record<string, string>;
}

/** The fields of a CloudFormation custom resource event that the response needs. */
export interface CustomResourceEventLike {
  readonly RequestType: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
}

/** The fields of the Lambda context the response needs. */
export interface ContextLike {
  readonly logStreamName?: string;
  getRemainingTimeInMillis?(): number;
}

/** The margin kept before the Lambda timeout to still send a FAILED response. */
const TIMEOUT_MARGIN_MS = 10_000;

/**
 * Runs `work` and always answers CloudFormation: SUCCESS with its result, or FAILED with the error
 * message (also when the Lambda is about to time out), so that a stack never waits an hour.
 */
export async function respond(
  event: CustomResourceEventLike,
  context: ContextLike,
  fallbackPhysicalResourceId: string,
  work: () => Promise<CustomResourceResult>,
): Promise<void> {
  let body: Record<string, unknown>;
  let timer: NodeJS.Timeout | undefined;
  try {
    const remaining = context.getRemainingTimeInMillis?.();
    const deadline = remaining === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the handler ran out of time before finishing')),
          Math.max(remaining - TIMEOUT_MARGIN_MS, 1_000),
        );
      });
    const result = await (deadline ? Promise.race([work(), deadline]) : work());
    body = {
      Status: 'SUCCESS',
      PhysicalResourceId: result.physicalResourceId,
      Data: result.data,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: 'error', requestType: event.RequestType, message }));
    body = {
      Status: 'FAILED',
      Reason: `${message} (log stream: ${context.logStreamName ?? 'unknown'})`.slice(0, 3_000),
      PhysicalResourceId: event.PhysicalResourceId ?? fallbackPhysicalResourceId,
    };
  } finally {
    if (timer) clearTimeout(timer);
  }
  await put(event.ResponseURL, JSON.stringify({
    ...body,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  }));
}

/** PUTs the response to the pre-signed URL (Content-Type must be empty for S3's signature). */
function put(url: string, body: string): Promise<void> {
  const target = new URL(url);
  const request = target.protocol === 'http:' ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`response URL answered ${res.statusCode}`));
        else resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
