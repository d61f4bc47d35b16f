export * from './environment-backup';
export * from './plan';
export * from './selection';
export * from './vault';
export * from './backup-coverage';
export * from './retention';
export * from './organization';
