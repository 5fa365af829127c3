/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- benchmark runner, never shipped: reads its arguments and prints its progress and table to stdout */
/**
 * `npm run bench [-- --scenarios=S,M,L --naive=S --hand-built=S,M --mirror=S,M --no-matching]`:
 * the sync runs of issue 7 on the simulators, the naive baseline, the hand-built n8n workflow (run
 * in the real n8n), the link mirror and the matching micro-benchmark; results merged into
 * bench/results/results.{json,md}. Exits with 1 when the results miss a target.
 */
import {
	allRuns,
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
import { ConfigurationOwners, handBuiltNeeds } from './hand-built/accounting';
import { answeredWrites, HandBuiltWorkflow } from './hand-built/n8n-runner';
import { countRequests, withMemoryPeak, type RequestCounts } from './measure';
import { buildBenchTenant, planOf, type TenantPlan } from './msp-tenant';
import { countNaive, runNaive } from './naive';
import {
	describeMachine,
	readResults,
	totalRequests,
	verdicts,
	writeResults,
	type HandBuiltResult,
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
const handBuiltRuns = new Set(listArgument('hand-built', ['S', 'M']));
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

/** The three runs on one host, the renames before the last, each from fresh request tallies. */
async function eachRun<Measured>(
	host: SimulatorProcess,
	scenario: Scenario,
	tenant: TenantPlan,
	measure: (run: RunName) => Promise<Measured>,
): Promise<Map<RunName, Measured>> {
	const measured = new Map<RunName, Measured>();
	for (const run of allRuns) {
		if (run === 'resyncAfterChanges') {
			await host.call({ type: 'rename', devices: renames(tenant, scenario) });
		}
		await startMeasuredRun(host);
		measured.set(run, await measure(run));
	}
	return measured;
}

async function measureNaive(
	scenario: Scenario,
	tenant: TenantPlan,
): Promise<Map<RunName, { requests: RequestCounts; wallMs: number }>> {
	const policy = syncOptions(tenant, false).policy;
	return await withHost(scenario, (host, endpoints) =>
		eachRun(host, scenario, tenant, async (run) => {
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
			return { requests, wallMs };
		}),
	);
}

/**
 * The hand-built workflow in the real n8n: requests from the simulators' tallies, wall time from
 * the execution's start and stop as n8n records them, writes from the answered PATCHes and POSTs,
 * and what they did from both simulators' state before and after each run.
 */
async function measureHandBuilt(
	scenario: Scenario,
	tenant: TenantPlan,
): Promise<Map<RunName, HandBuiltResult>> {
	return await withHost(scenario, async (host, endpoints) => {
		const workflow = await HandBuiltWorkflow.start(endpoints, tenant, (line) =>
			console.log(`  ${line}`),
		);
		try {
			const owners = new ConfigurationOwners(tenant.devices, await host.state());
			return await eachRun(host, scenario, tenant, async (run) => {
				const before = await host.state();
				const execution = await workflow.run();
				const tallies = await host.call<RequestTally[]>({ type: 'requests' });
				const account = owners.account(
					handBuiltNeeds(tenant, scenario, run),
					before,
					await host.state(),
				);
				const result: HandBuiltResult = {
					requests: countRequests(tallies),
					wallMs: execution.wallMs,
					status: execution.status,
					...answeredWrites(tallies),
					account,
				};
				const { updates, creates } = account;
				console.log(
					`  hand-built ${runLabels[run]}: ${totalRequests(result.requests)} requests, ` +
						`${(result.wallMs / 1000).toFixed(1)} s, ${result.status}; ` +
						`${result.written.updates} PATCH, ${result.written.creates} POST; updated ` +
						`${updates.done} of ${updates.needed}, created ${creates.done} of ${creates.needed}, ` +
						`wrongly written ${account.wronglyWritten}, duplicates ${account.duplicates}`,
				);
				if (execution.status !== 'success') console.log(workflow.logTail());
				return result;
			});
		} finally {
			await workflow.stop();
		}
	});
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
	const handBuilt = handBuiltRuns.has(name)
		? await measureHandBuilt(scenario, tenant)
		: new Map<RunName, HandBuiltResult>();
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
				...(handBuilt.has(measurement.run) ? { handBuilt: handBuilt.get(measurement.run) } : {}),
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
