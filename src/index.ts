export * from './environment-backup';
export * from './plan';
export * from './selection';
export * from './vault';
