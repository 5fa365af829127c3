import {
	clientsFor,
	rememberingCompanies,
	renames,
	syncOptions,
	type NodeMemory,
	type RunName,
} from '../../bench/engine-runs';
import {
	apiMinimum,
	expectedOutcome,
	ourPlan,
	runWork,
	type RunOutcome,
} from '../../bench/lower-bound';
import { countRequests, type RequestCounts } from '../../bench/measure';
import { MAC_WRITINGS, macOfHex } from '../../bench/messy-keys';
import {
	buildBenchTenant,
	outcomeOf,
	planOf,
	type DeviceQuirk,
	type DeviceRole,
} from '../../bench/msp-tenant';
import { countNaive, runNaive } from '../../bench/naive';
import { limits, type Scenario } from '../../bench/scenarios';
import { renameDevices, tallyRequests, type Endpoints } from '../../bench/simulator-host';
import { runAgentSync, zeroAgentCounts, type AgentSyncReport } from '../../lib/sync/sync-agent';
import { ConnectWiseSimulator } from '../simulators/connectwise';
import { DomotzSimulator } from '../simulators/domotz';

/**
 * S's shares on a tenant small enough for a unit test, large enough for every role and quirk:
 * three companies, each creating.
 */
const tiny: Scenario = {
	name: 'S',
	agents: 3,
	devicesPerAgent: 100,
	configurations: 300,
	seed: 7_101,
};
const built = buildBenchTenant(tiny);
const tenant = planOf(built);
const runs: readonly RunName[] = ['firstSync', 'noOpResync', 'resyncAfterChanges'];

interface Simulators {
	domotz: DomotzSimulator;
	connectwise: ConnectWiseSimulator;
	endpoints: Endpoints;
}

async function startSimulators(): Promise<Simulators> {
	const domotz = new DomotzSimulator({
		seed: built.domotz,
		limits: { concurrentAllowed: limits.domotzInFlight, concurrentAllowedMeaning: 'inFlight' },
	});
	// Unthrottled: a 429 and its retry are timing, which neither count includes.
	const connectwise = new ConnectWiseSimulator({ seed: built.connectwise, requestsPerMinute: 0 });
	await Promise.all([domotz.start(), connectwise.start()]);
	return {
		domotz,
		connectwise,
		endpoints: {
			domotzApiBase: domotz.apiBaseUrl,
			domotzApiKey: domotz.apiKey,
			connectWiseBaseUrl: connectwise.baseUrl,
			connectWiseCodebase: connectwise.codebase,
			connectWise: connectwise.credentials,
		},
	};
}

/** Runs `work` for each run on fresh simulators and returns what each run sent. */
async function measured(
	runNames: readonly RunName[],
	work: (simulators: Simulators, run: RunName) => Promise<unknown>,
): Promise<Map<RunName, RequestCounts>> {
	const simulators = await startSimulators();
	const { domotz, connectwise } = simulators;
	const counts = new Map<RunName, RequestCounts>();
	try {
		for (const run of runNames) {
			if (run === 'resyncAfterChanges') renameDevices(domotz, renames(tenant, tiny));
			domotz.http.resetCounts();
			connectwise.http.resetCounts();
			await work(simulators, run);
			counts.set(run, countRequests(tallyRequests({ Domotz: domotz, ConnectWise: connectwise })));
		}
	} finally {
		await Promise.all([domotz.close(), connectwise.close()]);
	}
	return counts;
}

/** The reports' counters summed over the agents, as the benchmark's runner sums them. */
function summed(reports: readonly AgentSyncReport[]): RunOutcome {
	const outcome: RunOutcome = { ...zeroAgentCounts(), failedAgents: 0 };
	for (const report of reports) {
		if (report.status === 'failed') outcome.failedAgents += 1;
		if (report.status !== 'synced') continue;
		for (const [counter, value] of Object.entries(report.counts)) {
			outcome[counter as keyof typeof report.counts] += value;
		}
	}
	return outcome;
}

const withoutThrottled = ({ Domotz, ConnectWise }: RequestCounts) => ({
	Domotz: { read: Domotz.read, create: Domotz.create, update: Domotz.update },
	ConnectWise: { read: ConnectWise.read, create: ConnectWise.create, update: ConnectWise.update },
	throttled: Domotz.throttled + ConnectWise.throttled,
});

describe('the benchmark tenant', () => {
	const built = buildBenchTenant(tiny);

	it.each<DeviceRole>(['serial', 'mac', 'ip', 'unmatched', 'cloned', 'duplicated'])(
		'has devices built to be %s',
		(role) => {
			expect(built.devices.some((device) => device.role === role)).toBe(true);
		},
	);

	it.each<DeviceQuirk>([
		'placeholderSerial',
		'withoutMac',
		'unknownManufacturer',
		'overLongName',
		'overLongModel',
	])('has devices with the quirk %s, linked ones among them', (quirk) => {
		const withQuirk = built.devices.filter((device) => device.quirks.includes(quirk));
		expect(withQuirk.some((device) => outcomeOf[device.role] === 'linked')).toBe(true);
	});

	it('writes MACs in every notation, on each side', () => {
		const notations = (macs: readonly string[]) =>
			Object.entries(MAC_WRITINGS)
				.filter(([, write]) =>
					macs.some((mac) => write(macOfHex(mac.replace(/[^0-9a-f]/gi, ''))) === mac),
				)
				.map(([notation]) => notation);
		const deviceMacs = Object.values(built.domotz.devices ?? {})
			.flat()
			.flatMap((device) => ('hw_address' in device && device.hw_address) || []);
		const configurationMacs = (built.connectwise.configurations ?? []).flatMap(
			(configuration) => configuration.macAddress ?? [],
		);

		expect(notations(deviceMacs)).toEqual(Object.keys(MAC_WRITINGS));
		expect(notations(configurationMacs)).toEqual(Object.keys(MAC_WRITINGS));
	});
});

describe('the benchmark counts exactly what is sent', () => {
	it("our plan is every request Sync Agent sends, by API and kind, in each of the benchmark's runs, and every device ends as built", async () => {
		const memory: NodeMemory = {};
		const options = syncOptions(tenant, false);
		const outcomes = new Map<RunName, RunOutcome>();
		const sent = await measured(runs, async ({ endpoints }, run) => {
			const reports = await runAgentSync(
				clientsFor(endpoints, { memory }),
				rememberingCompanies(options, memory),
			);
			outcomes.set(run, summed(reports));
		});

		for (const run of runs) {
			const plan = ourPlan(tiny, tenant, runWork(tenant, tiny, run, false));
			expect({ run, ...withoutThrottled(sent.get(run)!) }).toEqual({
				run,
				Domotz: plan.Domotz,
				ConnectWise: plan.ConnectWise,
				throttled: 0,
			});
			expect({ run, ...outcomes.get(run) }).toEqual({
				run,
				...expectedOutcome(tenant, tiny, run),
			});
		}
	});

	it('and with the link mirror, on the first sync', async () => {
		const sent = await measured(['firstSync'], async ({ endpoints }) => {
			await runAgentSync(clientsFor(endpoints, { memory: {} }), syncOptions(tenant, true));
		});

		const plan = ourPlan(tiny, tenant, runWork(tenant, tiny, 'firstSync', true));
		expect(withoutThrottled(sent.get('firstSync')!)).toEqual({
			Domotz: plan.Domotz,
			ConnectWise: plan.ConnectWise,
			throttled: 0,
		});
		expect(plan.overheads.mirrorConfirmation).toBe(
			tenant.devices.filter((device) => outcomeOf[device.role] === 'created').length,
		);
	});

	it('the naive baseline sends exactly what it is counted at, and fails no device', async () => {
		const policy = syncOptions(tenant, false).policy;
		const failures: number[] = [];
		const sent = await measured(runs, async ({ endpoints }) => {
			const clients = clientsFor(endpoints, { codebase: endpoints.connectWiseCodebase });
			failures.push(await runNaive(clients, tenant, policy));
		});

		expect(failures).toEqual([0, 0, 0]);
		for (const run of runs) {
			const counted = countNaive(tenant, tiny, run);
			expect({ run, ...withoutThrottled(sent.get(run)!) }).toEqual({
				run,
				Domotz: counted.Domotz,
				ConnectWise: counted.ConnectWise,
				throttled: 0,
			});
		}
	});

	it('a re-sync adds nothing to the API minimum: it uses what the first run kept', () => {
		for (const run of ['noOpResync', 'resyncAfterChanges'] as const) {
			const work = runWork(tenant, tiny, run, false);
			expect({ run, total: ourPlan(tiny, tenant, work).total }).toEqual({
				run,
				total: apiMinimum(tiny, tenant, work).total,
			});
		}
	});

	it('our plan is the API minimum and its overheads, itemised', () => {
		for (const mirror of [false, true]) {
			for (const run of runs) {
				const work = runWork(tenant, tiny, run, mirror);
				const minimum = apiMinimum(tiny, tenant, work);
				const plan = ourPlan(tiny, tenant, work);
				const overheads = Object.values(plan.overheads).reduce((sum, value) => sum + value, 0);

				expect(plan.total - minimum.total).toBe(overheads);
				expect(plan.timeMs).toBeGreaterThanOrEqual(minimum.timeMs);
			}
		}
	});
});
