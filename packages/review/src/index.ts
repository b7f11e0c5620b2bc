export * from './journal.js';
export * from './lab-context.js';
export * from './load-experiments.js';
export * from './review.js';
export * from './review-lock.js';
export * from './run-experiment.js';
export * from './schema/experiment.js';
