/** Entry kept for existing imports (scripts/gateways.ts, bench/, test/): the sandbox lives in index.ts and its modules. */
export * from './index';
