/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped: `npm run trigger-cost` asks for the figures through the environment and stores them in bench/results */
/**
 * What one Domotz event costs through the trigger example, and how a flood of them went, stored with
 * the commit they ran on in `bench/results/trigger-cost.json` when `npm run trigger-cost` runs the
 * example's tests: docs/performance.md quotes only these. A plain `npm test` stores nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { engineCommit } from '../../bench/commit';
import type { Simulators } from '../e2e/contract';

const resultsPath = join(__dirname, '..', '..', 'bench', 'results', 'trigger-cost.json');

export interface ApiRequests {
	total: number;
	/** By `METHOD route` of the simulator. */
	byRoute: Record<string, number>;
}

/** The requests each API received since its counts were last cleared. */
export function requestsByApi(simulators: Simulators): {
	domotz: ApiRequests;
	connectwise: ApiRequests;
} {
	const tally = (counts: Record<string, number>): ApiRequests => ({
		total: Object.values(counts).reduce((sum, count) => sum + count, 0),
		byRoute: Object.fromEntries(
			Object.entries(counts).sort(([left], [right]) => left.localeCompare(right)),
		),
	});
	return {
		domotz: tally(simulators.domotz.http.counts()),
		connectwise: tally(simulators.connectwise.http.counts()),
	};
}

export function recordTriggerCost(measure: string, figures: Record<string, unknown>): void {
	if (process.env.RECORD_TRIGGER_COST !== '1') return;
	const stored = existsSync(resultsPath)
		? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>)
		: {};
	stored[measure] = { commit: engineCommit(), date: new Date().toISOString(), ...figures };
	writeFileSync(resultsPath, `${JSON.stringify(stored, null, '\t')}\n`);
}
