export * from './backup-monitoring';
export * from './backup-dashboard';
