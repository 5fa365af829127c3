import {
	clientsFor,
	rememberingCompanies,
	renames,
	syncOptions,
	type NodeMemory,
	type RunName,
} from '../../bench/engine-runs';
import { apiMinimum, ourPlan, runWork } from '../../bench/lower-bound';
import { countRequests, type RequestCounts } from '../../bench/measure';
import { buildBenchTenant, devicesToRename, planOf } from '../../bench/msp-tenant';
import { countNaive, runNaive } from '../../bench/naive';
import { limits, type Scenario } from '../../bench/scenarios';
import { renameDevices, tallyRequests, type Endpoints } from '../../bench/simulator-host';
import { runAgentSync } from '../../lib/sync/sync-agent';
import { ConnectWiseSimulator } from '../simulators/connectwise';
import { DomotzSimulator } from '../simulators/domotz';

/** S's shares on a tenant small enough for a unit test: three companies, each creating. */
const tiny: Scenario = {
	name: 'S',
	agents: 3,
	devicesPerAgent: 20,
	configurations: 60,
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
	work: (simulators: Simulators) => Promise<unknown>,
): Promise<Map<RunName, RequestCounts>> {
	const simulators = await startSimulators();
	const { domotz, connectwise } = simulators;
	const counts = new Map<RunName, RequestCounts>();
	try {
		for (const run of runNames) {
			if (run === 'resyncAfterChanges') renameDevices(domotz, renames(tenant, tiny));
			domotz.http.resetCounts();
			connectwise.http.resetCounts();
			await work(simulators);
			counts.set(run, countRequests(tallyRequests({ Domotz: domotz, ConnectWise: connectwise })));
		}
	} finally {
		await Promise.all([domotz.close(), connectwise.close()]);
	}
	return counts;
}

const withoutThrottled = ({ Domotz, ConnectWise }: RequestCounts) => ({
	Domotz: { read: Domotz.read, create: Domotz.create, update: Domotz.update },
	ConnectWise: { read: ConnectWise.read, create: ConnectWise.create, update: ConnectWise.update },
	throttled: Domotz.throttled + ConnectWise.throttled,
});

describe('the benchmark counts exactly what is sent', () => {
	it("our plan is every request Sync Agent sends, by API and kind, in each of the benchmark's runs", async () => {
		const memory: NodeMemory = {};
		const options = syncOptions(tenant, false);
		const sent = await measured(runs, async ({ endpoints }) => {
			await runAgentSync(clientsFor(endpoints, { memory }), rememberingCompanies(options, memory));
		});

		for (const run of runs) {
			const plan = ourPlan(tiny, tenant, runWork(tenant, tiny, run, false));
			expect({ run, ...withoutThrottled(sent.get(run)!) }).toEqual({
				run,
				Domotz: plan.Domotz,
				ConnectWise: plan.ConnectWise,
				throttled: 0,
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
			tenant.devices.filter((device) => device.role === 'unmatched').length,
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
		const renamed = devicesToRename(tenant, tiny).length;
		for (const run of runs) {
			const counted = countNaive(tenant, run, renamed);
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
