/** The Cashy sandbox's entry point (kept for `sandbox/cashy/server` imports); the code lives in index.ts and one module per resource. */
export * from './index';
