/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	testTimeout: 30000,
	// Test files run one after another in a worker that is replaced once it holds more than this:
	// run in the main process, what the suites leave behind grew it to V8's heap limit on a fresh
	// clone, whose test order differs from a warm one.
	workerIdleMemoryLimit: '1GB',
};
