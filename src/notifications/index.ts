export * from './events';
export * from './filter';
export * from './topic';
export * from './slack/webhook';
export * from './slack/slack-forwarder';
export * from './options';
export * from './backup-notifications';
export * from './scan-result-notifications';
