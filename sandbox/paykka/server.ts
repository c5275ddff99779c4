/**
 * Entry point kept for the imports elsewhere (scripts/gateways.ts, sandbox/cli.ts, tests):
 * the PayKKa sandbox lives in index.ts and its per-resource modules.
 */
export * from './index';
