/**
 * End-to-end suite against a real n8n (installed into .cache/ on first use) and the gateway
 * sandboxes. Run with `jest --config jest.e2e.config.js --runInBand`.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	slowTestThreshold: 60,
	verbose: true,
	forceExit: false,
};
