export * from './admin-error.js';
export * from './admin-types.js';
export * from './mock-admin.js';
export * from './prometheus-text.js';
export * from './webhook-signature.js';
