export * from './calculator-options';
export * from './generations';
export * from './storage';
export * from './retention-calculator';
