/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test-only command line: prints the soak's figures, stores them in bench/results and sets the exit code */
/**
 * `npm run soak`: the full fault soak (20 seeds of 5 synced agents × 200 devices, 10 % of requests
 * failing) with its figures, stored with their commit in `bench/results/soak.json`. Exits with 1
 * when any seed ends different from its fault-free run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { engineCommit } from '../../bench/commit';
import { SoakSimulators } from './scenario';
import { soakSeed, totalFigures, type SeedFigures, type SoakSettings } from './soak';

const FULL_SOAK: SoakSettings = {
	seeds: Array.from({ length: 20 }, (_unused, index) => 8_000 + index),
	// Seven generated agents: five sync, one has no company and one no API access.
	agents: 7,
	devicesPerAgent: 200,
	faultRate: 0.1,
	maxRuns: 3,
	timeScale: 0.01,
	timeoutMs: 1_000,
};

function seedLine(figures: SeedFigures): string {
	const faults = Object.values(figures.faults).reduce((sum, count) => sum + count, 0);
	const converged = (run: number | null) => (run === null ? 'never' : `after run ${run}`);
	return [
		`seed ${figures.seed}`,
		`${figures.variant.linkStore}/${figures.variant.mode}`,
		`${figures.devices} devices`,
		`${figures.runs} runs`,
		`${figures.requests} requests`,
		`${faults} faults`,
		`${figures.retries} retries`,
		`${figures.reportedFailures} reported failures`,
		`converged ${converged(figures.runsToConverge)}`,
		`${figures.differences.length} differences`,
	].join(' | ');
}

/** The full soak's figures, with the commit they ran on: the README quotes only these. */
function storeFigures(
	figures: readonly SeedFigures[],
	totals: ReturnType<typeof totalFigures>,
): void {
	const directory = join(__dirname, '..', '..', 'bench', 'results');
	mkdirSync(directory, { recursive: true });
	const stored = {
		commit: engineCommit(),
		date: new Date().toISOString(),
		simulators:
			'default (strict) readings: documented conditions only, notes without stamps and unfiltered by text, Domotz concurrent_allowed per minute',
		settings: { ...FULL_SOAK, seeds: FULL_SOAK.seeds.length },
		seeds: figures.map(seedLine),
		totals,
	};
	writeFileSync(join(directory, 'soak.json'), `${JSON.stringify(stored, null, '\t')}\n`);
}

async function main(): Promise<number> {
	const seedArgument = process.argv.find((argument) => argument.startsWith('--seeds='));
	const settings: SoakSettings = seedArgument
		? {
				...FULL_SOAK,
				seeds: FULL_SOAK.seeds.slice(0, Number(seedArgument.slice('--seeds='.length))),
			}
		: FULL_SOAK;
	const simulators = new SoakSimulators();
	await simulators.start();
	const figures: SeedFigures[] = [];
	try {
		for (const seed of settings.seeds) {
			const seedFigures = await soakSeed(simulators, seed, settings);
			figures.push(seedFigures);
			console.log(seedLine(seedFigures));
			for (const difference of seedFigures.differences) {
				console.log(`    ${JSON.stringify(difference)}`);
			}
		}
	} finally {
		await simulators.close();
	}
	const totals = totalFigures(figures);
	console.log(JSON.stringify(totals, null, 2));
	if (settings === FULL_SOAK) storeFigures(figures, totals);
	const clean =
		totals.differences === 0 && totals.unstableReferences === 0 && totals.secretsFound === 0;
	return clean ? 0 : 1;
}

void main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		console.error(error);
		process.exitCode = 2;
	},
);
