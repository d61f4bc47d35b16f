import { Duration } from 'aws-cdk-lib';

/**
 * How long the restore validation rule retries delivering a completed restore job to its handler
 * (the target's maximum event age; failed deliveries then go to the dead-letter queue). Internal:
 * not exported from the library.
 */
export const VALIDATION_RETRY_WINDOW = Duration.hours(6);
