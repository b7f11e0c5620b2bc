export * from './abortable.js';
export * from './pause.js';
export * from './sleep.js';
