/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- benchmark runner, never shipped: reads its arguments and prints its progress and table to stdout */
/**
 * `npm run bench [-- --scenarios=S,M,L --naive=S --mirror=S,M --no-matching]`: the sync runs of
 * issue 7 on the simulators, the naive baseline, the link mirror and the matching
 * micro-benchmark; results merged into bench/results/results.{json,md}. Exits with 1 when the
 * results miss a target.
 */
import {
	clientsFor,
	measureEngine,
	renames,
	runLabels,
	startMeasuredRun,
	syncOptions,
	type RunMeasurement,
	type RunName,
} from './engine-runs';
import { apiMinimum, expectedOutcome, ourPlan, runWork, timeWithParsing } from './lower-bound';
import { measureMatchingApart } from './matching';
import { countRequests, withMemoryPeak, type RequestCounts } from './measure';
import { buildBenchTenant, planOf, type TenantPlan } from './msp-tenant';
import { countNaive, runNaive } from './naive';
import {
	describeMachine,
	readResults,
	totalRequests,
	verdicts,
	writeResults,
	type MirrorResult,
	type RunResult,
	type ScenarioResult,
} from './report';
import { limits, scenarios, type Scenario, type ScenarioName } from './scenarios';
import { SimulatorProcess, type Endpoints, type RequestTally } from './simulator-host';

function listArgument(name: string, fallback: readonly string[]): string[] {
	const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
	return given
		? given
				.slice(name.length + 3)
				.split(',')
				.filter(Boolean)
		: [...fallback];
}

const chosen = listArgument('scenarios', ['S', 'M', 'L']) as ScenarioName[];
const naiveRuns = new Set(listArgument('naive', ['S']));
const mirrorRuns = new Set(listArgument('mirror', ['S', 'M']));
const withMatching = !process.argv.includes('--no-matching');

async function withHost<Result>(
	scenario: Scenario,
	work: (host: SimulatorProcess, endpoints: Endpoints) => Promise<Result>,
): Promise<Result> {
	const host = new SimulatorProcess();
	try {
		const endpoints = await host.start(scenario.name);
		return await work(host, endpoints);
	} finally {
		await host.stop();
	}
}

async function measureNaive(
	scenario: Scenario,
	tenant: TenantPlan,
): Promise<Map<RunName, { requests: RequestCounts; wallMs: number }>> {
	const measured = new Map<RunName, { requests: RequestCounts; wallMs: number }>();
	const policy = syncOptions(tenant, false).policy;
	await withHost(scenario, async (host, endpoints) => {
		const runs: RunName[] = ['firstSync', 'noOpResync', 'resyncAfterChanges'];
		for (const run of runs) {
			if (run === 'resyncAfterChanges') {
				await host.call({ type: 'rename', devices: renames(tenant, scenario) });
			}
			await startMeasuredRun(host);
			const { result: failures, wallMs } = await withMemoryPeak(() =>
				runNaive(
					clientsFor(endpoints, { codebase: endpoints.connectWiseCodebase }),
					tenant,
					policy,
				),
			);
			const requests = countRequests(await host.call<RequestTally[]>({ type: 'requests' }));
			console.log(
				`  naive ${runLabels[run]}: ${totalRequests(requests)} requests, ${(wallMs / 1000).toFixed(1)} s, ${failures} failed devices`,
			);
			measured.set(run, { requests, wallMs });
		}
	});
	return measured;
}

async function measureMirror(scenario: Scenario, tenant: TenantPlan): Promise<MirrorResult> {
	const work = runWork(tenant, scenario, 'firstSync', true);
	return await withHost(scenario, async (host, endpoints) => {
		const [first] = await measureEngine(host, endpoints, scenario, tenant, true, () => {}, [
			'firstSync',
		]);
		return {
			requests: first.requests,
			wallMs: first.wallMs,
			apiMinimum: apiMinimum(scenario, tenant, work),
			plan: ourPlan(scenario, tenant, work),
			domotzDailyQuota: limits.domotzDailyCallsPerAgent * scenario.agents,
		};
	});
}

function describeRun(measurement: RunMeasurement): string {
	const { outcome } = measurement;
	return (
		`  ${runLabels[measurement.run]}: ${totalRequests(measurement.requests)} requests, ` +
		`${(measurement.wallMs / 1000).toFixed(1)} s, ${measurement.memory.rssMb.toFixed(0)} MB, ` +
		`parsing ${measurement.parsing.milliseconds.toFixed(0)} ms; ` +
		`created ${outcome.created}, newly linked ${outcome.newlyLinked}, updated ${outcome.updated}, ` +
		`ambiguous ${outcome.ambiguous}, failed ${outcome.failed + outcome.failedAgents}`
	);
}

async function measureScenario(name: ScenarioName): Promise<ScenarioResult> {
	const scenario = scenarios[name];
	const tenant = planOf(buildBenchTenant(scenario));
	console.log(
		`Scenario ${name}: ${tenant.devices.length} devices, ${tenant.configurationCount} configurations`,
	);
	const measurements = await withHost(scenario, (host, endpoints) =>
		measureEngine(host, endpoints, scenario, tenant, false, (measurement) =>
			console.log(describeRun(measurement)),
		),
	);
	const naive = naiveRuns.has(name) ? await measureNaive(scenario, tenant) : new Map();
	const mirror = mirrorRuns.has(name) ? await measureMirror(scenario, tenant) : undefined;
	const runs: RunResult[] = measurements.map((measurement) => {
		const work = runWork(tenant, scenario, measurement.run, false);
		const minimum = apiMinimum(scenario, tenant, work);
		return {
			...measurement,
			total: totalRequests(measurement.requests),
			apiMinimum: minimum,
			apiMinimumWithParsingMs: timeWithParsing(minimum, measurement.parsing.milliseconds),
			engineCpuPerDeviceMs: measurement.cpuMs.engine / tenant.devices.length,
			plan: ourPlan(scenario, tenant, work),
			expectedOutcome: expectedOutcome(tenant, scenario, measurement.run),
			baselines: {
				naive: {
					counts: countNaive(tenant, scenario, measurement.run),
					...(naive.has(measurement.run) ? { measured: naive.get(measurement.run) } : {}),
				},
			},
			domotzDailyQuota: limits.domotzDailyCallsPerAgent * scenario.agents,
		};
	});
	return {
		scenario,
		machine: describeMachine(process.version),
		tenant: {
			devices: tenant.devices.length,
			configurations: tenant.configurationCount,
			companies: tenant.companyIds.length,
		},
		runs,
		...(mirror ? { mirror } : {}),
	};
}

async function main(): Promise<void> {
	const results = readResults();
	for (const name of chosen) {
		if (!scenarios[name]) throw new Error(`unknown scenario ${name}; choose from S, M, L`);
		results.scenarios[name] = await measureScenario(name);
		await writeResults(results);
	}
	if (withMatching) {
		console.log('Matching micro-benchmark');
		results.matching = {
			machine: describeMachine(process.version),
			measurements: await measureMatchingApart(),
		};
	}
	const written = await writeResults(results);
	const judged = verdicts(results);
	for (const verdict of judged) {
		const status = verdict.status === 'missed' ? 'MISSED' : verdict.status;
		console.log(`${status.padEnd(12)} ${verdict.target}: ${verdict.detail}`);
	}
	console.log(`\nResults: ${written}`);
	if (judged.some((verdict) => verdict.status === 'missed')) process.exitCode = 1;
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
