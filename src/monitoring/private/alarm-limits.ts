/**
 * CloudWatch's evaluation range of an alarm: Period × EvaluationPeriods at most 7 days (604,800
 * seconds), and at most 1 day (86,400 seconds) when the period is under 1 hour.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const MAX_EVALUATION_RANGE_SECONDS = 7 * 24 * 3600;
export const MAX_EVALUATION_RANGE_SHORT_PERIOD_SECONDS = 24 * 3600;
export const SHORT_PERIOD_SECONDS = 3600;

/**
 * What is wrong with an alarm's period and evaluation periods, or undefined when CloudWatch
 * accepts them.
 */
export function evaluationRangeProblem(periodSeconds: number, evaluationPeriods: number): string | undefined {
  const range = periodSeconds * evaluationPeriods;
  const max = periodSeconds < SHORT_PERIOD_SECONDS ? MAX_EVALUATION_RANGE_SHORT_PERIOD_SECONDS : MAX_EVALUATION_RANGE_SECONDS;
  if (range <= max) return undefined;
  return `period × evaluation periods (${periodSeconds} s × ${evaluationPeriods} = ${range} s) must be at most ${max} s ` +
    `(${max / 86400} day${max === 86400 ? '' : 's'}: CloudWatch's evaluation range${periodSeconds < SHORT_PERIOD_SECONDS ? ' for a period under 1 hour' : ''})`;
}
