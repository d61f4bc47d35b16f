export * from './controls';
export * from './framework';
export * from './report-plans';
export * from './report-template';
export * from './report-bucket';
export * from './config-recorder';
export * from './backup-audit';
export * from './report-analytics';
