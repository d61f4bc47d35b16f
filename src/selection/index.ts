export * from './selection-options';
export * from './environment-selection';
