export * from './backup-monitoring';
export * from './backup-dashboard';
export * from './monitoring-dashboard';
export * from './monitoring-options';
export * from './monitored-environment';
