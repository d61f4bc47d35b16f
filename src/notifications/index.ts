export * from './events';
export * from './filter';
export * from './topic';
export * from './webhook';
export * from './slack-forwarder';
export * from './options';
export * from './backup-notifications';
