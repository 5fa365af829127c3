/**
 * The fault soak: for each seed, a fault-free Sync Agent run gives the reference state; then the
 * same tenant is synced again with a share of every route's requests failing, re-run until its
 * state equals the reference (at most `maxRuns` runs). What is left different is counted.
 */
import { faultRules, tallyFaults } from './faults';
import {
	SoakSimulators,
	scenarioClients,
	scenarioTenant,
	syncAgentOptions,
	variantOf,
	LINK_STORE,
	type ClientTiming,
	type ScenarioVariant,
	type TenantSize,
} from './scenario';
import {
	compareSnapshots,
	snapshotTenant,
	tallyBy,
	type Difference,
	type TenantSnapshot,
} from './snapshot';
import { runAgentSync, type AgentSyncReport } from '../../lib/sync/sync-agent';

export interface SoakSettings extends TenantSize, ClientTiming {
	seeds: readonly number[];
	/** Share of all requests, on every route of both APIs, that fail. */
	faultRate: number;
	maxRuns: number;
}

export interface SeedFigures {
	seed: number;
	variant: ScenarioVariant;
	/** Devices of the tenant, those of the agents Sync Agent skips included. */
	devices: number;
	/** Runs with faults, up to `maxRuns`. */
	runs: number;
	/** The run after which the state equalled the reference; null when it never did. */
	runsToConverge: number | null;
	requests: number;
	faults: Record<string, number>;
	retries: number;
	/** Problems the runs reported (failed agents, devices and writes), all runs together. */
	reportedFailures: number;
	differences: Difference[];
	/** A fault-free second run changed the reference: the comparison would mean nothing. */
	referenceUnstable: Difference[];
	/** Credential values found in any report or error of the runs. */
	secretsFound: number;
}

/** Every report as text, errors included (name, message and own fields), to look for secrets. */
export function reportText(reports: readonly unknown[]): string {
	return JSON.stringify(reports, (_key, value: unknown) =>
		value instanceof Error ? { ...value, name: value.name, message: value.message } : value,
	);
}

function failuresIn(reports: readonly AgentSyncReport[]): number {
	return reports.reduce((sum, report) => {
		if (report.status === 'failed') return sum + 1;
		if (report.status !== 'synced') return sum;
		const collectorFailed = report.collector?.status === 'failed' ? 1 : 0;
		return sum + report.counts.failed + collectorFailed;
	}, 0);
}

export async function soakSeed(
	simulators: SoakSimulators,
	seed: number,
	settings: SoakSettings,
): Promise<SeedFigures> {
	const tenant = scenarioTenant(seed, settings);
	const variant = variantOf(seed);
	const options = syncAgentOptions(tenant, variant.mode);
	const tenantConfigurationIds = new Set(
		(tenant.connectwise.configurations ?? []).map((configuration) => configuration.id as number),
	);
	const snapshot = (): TenantSnapshot =>
		snapshotTenant(simulators.domotz, simulators.connectwise, {
			store: LINK_STORE,
			tenantConfigurationIds,
		});
	const sync = async () =>
		await runAgentSync(scenarioClients(simulators, settings, seed).clients, options);

	simulators.load(tenant);
	await sync();
	const reference = snapshot();
	await sync();
	const referenceUnstable = compareSnapshots(reference, snapshot());

	simulators.load(tenant);
	simulators.setFaults(faultRules(settings.faultRate), seed);
	const faulted = scenarioClients(simulators, settings, seed);
	const secrets = simulators.secrets();
	let runs = 0;
	let runsToConverge: number | null = null;
	let reportedFailures = 0;
	let secretsFound = 0;
	let differences: Difference[] = [];
	while (runs < settings.maxRuns && runsToConverge === null) {
		runs += 1;
		// A run whose agent list cannot be read fails as a whole, as the execution would.
		const outcome = await runAgentSync(faulted.clients, options).then(
			(reports) => ({ reports, failures: failuresIn(reports) }),
			(error: unknown) => ({ reports: [{ status: 'failed', error }], failures: 1 }),
		);
		reportedFailures += outcome.failures;
		const text = reportText(outcome.reports);
		secretsFound += secrets.filter((secret) => text.includes(secret)).length;
		differences = compareSnapshots(reference, snapshot());
		if (differences.length === 0) runsToConverge = runs;
	}
	const records = [...simulators.domotz.http.requests(), ...simulators.connectwise.http.requests()];
	simulators.setFaults([], seed);
	return {
		seed,
		variant,
		devices: Object.values(tenant.domotz.devices ?? {}).reduce(
			(sum, devices) => sum + devices.length,
			0,
		),
		runs,
		runsToConverge,
		requests: records.length,
		faults: tallyFaults(records),
		retries: faulted.retries(),
		reportedFailures,
		differences,
		referenceUnstable,
		secretsFound,
	};
}

export interface SoakTotals {
	seeds: number;
	runs: number;
	requests: number;
	faults: number;
	faultsByOutcome: Record<string, number>;
	retries: number;
	reportedFailures: number;
	/** How many seeds converged after 1, 2, ... runs, and how many never did. */
	runsToConverge: Record<string, number>;
	differences: number;
	differencesByKind: Record<string, number>;
	unstableReferences: number;
	secretsFound: number;
}

export function totalFigures(figures: readonly SeedFigures[]): SoakTotals {
	const sumOf = (pick: (seed: SeedFigures) => number) =>
		figures.reduce((sum, seed) => sum + pick(seed), 0);
	const tallyOf = (pick: (seed: SeedFigures) => Record<string, number>) =>
		figures.reduce<Record<string, number>>((tally, seed) => {
			for (const [key, count] of Object.entries(pick(seed))) tally[key] = (tally[key] ?? 0) + count;
			return tally;
		}, {});
	const runLabel = (run: number | null) => ({ [String(run ?? 'never')]: 1 });
	const faultsByOutcome = tallyOf((seed) => seed.faults);
	return {
		seeds: figures.length,
		runs: sumOf((seed) => seed.runs),
		requests: sumOf((seed) => seed.requests),
		faults: Object.values(faultsByOutcome).reduce((sum, count) => sum + count, 0),
		faultsByOutcome,
		retries: sumOf((seed) => seed.retries),
		reportedFailures: sumOf((seed) => seed.reportedFailures),
		runsToConverge: tallyOf((seed) => runLabel(seed.runsToConverge)),
		differences: sumOf((seed) => seed.differences.length),
		differencesByKind: tallyOf((seed) =>
			tallyBy(seed.differences, (difference) => difference.kind),
		),
		unstableReferences: figures.filter((seed) => seed.referenceUnstable.length > 0).length,
		secretsFound: sumOf((seed) => seed.secretsFound),
	};
}
