/** The Pinddpay sandbox's entry point, kept for existing imports; the code lives in index.ts and its modules. */
export * from './index';
