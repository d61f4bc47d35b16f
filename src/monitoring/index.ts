export * from './backup-monitoring';
export * from './backup-dashboard';
export * from './monitored-environment';
