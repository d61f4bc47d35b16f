/**
 * AWS's limits, one place each, with the page each comes from; pure validators that return the
 * problem (naming the property, the value and the rule) or undefined. Internal: not exported from
 * the library.
 */
export * from './format';
export * from './lengths';
export * from './lifecycle';
export * from './names';
export * from './arns';
export * from './removal-policy';
export * from './cron';
export * from './schedules';
export * from './tags';
export * from './plan-options';
export * from './resource-types';
export * from './open-values';
export * from './inputs';
