export * from './conditions';
export * from './selection';
export * from './report';
export * from './backup-coverage';
