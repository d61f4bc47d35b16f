export * from './tiers';
export * from './continuous-backup';
export * from './copy-destination';
export * from './plan-options';
export * from './backup-resource-type';
export * from './environment-options';
