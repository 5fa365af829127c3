/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped: `npm run reliability` asks for the figures through the environment and stores them in bench/results */
/**
 * The crash and concurrency tests' figures, stored with the commit they ran on in
 * `bench/results/reliability.json` when `npm run reliability` runs them: the README and
 * docs/reliability.md quote only these. A plain `npm test` stores nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { engineCommit } from '../../bench/commit';

const resultsPath = join(__dirname, '..', '..', 'bench', 'results', 'reliability.json');

export function recordReliability(test: string, figures: Record<string, unknown>): void {
	if (process.env.RECORD_RELIABILITY !== '1') return;
	const stored = existsSync(resultsPath)
		? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>)
		: {};
	stored[test] = { commit: engineCommit(), date: new Date().toISOString(), ...figures };
	writeFileSync(resultsPath, `${JSON.stringify(stored, null, '\t')}\n`);
}
