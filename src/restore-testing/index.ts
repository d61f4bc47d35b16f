export * from './restore-testing-types';
export * from './restore-testing-options';
export * from './restore-testing-plan';
export * from './restore-validation';
