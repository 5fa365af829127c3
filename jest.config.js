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
	// in the main process the suites' leftovers (servers' modules, n8n-core's) piled up to V8's heap
	// limit on a fresh clone.
	workerIdleMemoryLimit: '1GB',
};
