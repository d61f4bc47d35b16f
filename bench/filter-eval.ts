/*
 * The SNS filter policy evaluator of the tests (test/support/sns-filter-evaluator.ts), which
 * follows AWS's documented rules, including "a message without attributes never matches".
 */
export { snsDelivers as matchesPolicy } from '../test/support/sns-filter-evaluator';
export type { MessageAttributes as Attributes } from '../test/support/sns-filter-evaluator';
