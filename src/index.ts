export * from './account';
export * from './restore-testing';
export * from './vault/auto-delete';
