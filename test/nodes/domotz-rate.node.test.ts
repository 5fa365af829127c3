/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-only: in simulated time, the requests already let through start before the clock moves */
/**
 * Sync Agent, through n8n's execution engine, against a Domotz account that reads
 * `concurrent_allowed` as calls a minute and allows only a few: the run completes with at most one
 * 429, remembers the reading and the number in the workflow's static data, and the next run is
 * paced from its start; should the key allow fewer calls since, the first 429 has the usage read
 * again. Time is simulated: n8n's sleep moves the clock that `Date.now` and the simulator read, but
 * only once every Domotz call let through has been answered, as it would be while a real minute
 * passes.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DomotzRateGate } from '../../lib/domotz/rate';
import type { HttpResponse } from '../../lib/http/port';
import { DomotzSimulator } from '../simulators/domotz';
import { manualClock } from '../support/time';
import { byId, jsonOf } from './support';
import {
	runSync,
	SYNC_AGENT,
	SYNC_COMPANY,
	syncConnectWiseTenant,
	syncDomotzTenant,
	UnthrottledTenant,
} from './sync-fixtures';

let mockSleep: (milliseconds: number) => Promise<void> = async () => {};

jest.mock('n8n-workflow', () => ({
	...jest.requireActual<Record<string, unknown>>('n8n-workflow'),
	sleep: async (milliseconds: number) => await mockSleep(milliseconds),
}));

const clock = manualClock();
const CALLS_A_MINUTE = 4;

class PerMinuteTenant extends UnthrottledTenant {
	override readonly domotz = new DomotzSimulator({
		clock: clock.now,
		limits: { concurrentAllowed: CALLS_A_MINUTE, concurrentAllowedMeaning: 'perMinute' },
	});
}

const tenant = new PerMinuteTenant();
let outstanding = 0;
const idle: Array<() => void> = [];
const nextTurn = () => new Promise<void>((next) => setImmediate(next));

beforeAll(async () => {
	// The calls the gate lets through are counted, so that the clock can wait for their answers.
	const send = DomotzRateGate.prototype.send;
	jest.spyOn(DomotzRateGate.prototype, 'send').mockImplementation(function (
		this: DomotzRateGate,
		call: () => Promise<HttpResponse>,
		quotaSpent: () => boolean,
	) {
		const counted = async () => {
			outstanding += 1;
			try {
				return await call();
			} finally {
				outstanding -= 1;
				if (outstanding === 0) idle.splice(0).forEach((wake) => wake());
			}
		};
		return send.call(this, counted, quotaSpent);
	});
	jest.spyOn(Date, 'now').mockImplementation(() => clock.now());
	mockSleep = async (milliseconds) => {
		await nextTurn();
		if (milliseconds <= 0) return;
		while (outstanding > 0) {
			await new Promise<void>((wake) => idle.push(wake));
			await nextTurn();
		}
		clock.advance(milliseconds);
	};
	await tenant.start();
});

afterAll(async () => {
	await tenant.close();
	jest.restoreAllMocks();
});

const syncAgent: INodeParameters = {
	resource: 'agent',
	operation: 'syncAgent',
	agentSelection: 'chosen',
	agents: [String(SYNC_AGENT)],
	companyLink: 'company',
	company: byId(SYNC_COMPANY),
	syncMode: 'connectWiseToDomotz',
};

const throttled = () =>
	tenant.domotz.http.requests().filter((request) => request.status === 429).length;

describe('Sync › Sync Agent against a per-minute Domotz budget', () => {
	const staticData: IDataObject = {};

	it('completes with at most one 429 and remembers the per-minute reading', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
		const startedAt = clock.now();

		const run = await runSync(tenant, syncAgent, [{}], { staticData });

		expect(run.error).toBeUndefined();
		// Three devices updated; the fixture's locked device answers 423 to every edit.
		expect(jsonOf(run.output('Node'))[0]).toMatchObject({ status: 'synced', updated: 3 });
		expect(throttled()).toBeLessThanOrEqual(1);
		expect(tenant.domotz.http.count('PUT', 'device.editField')).toBeGreaterThan(CALLS_A_MINUTE);
		expect(clock.now() - startedAt).toBeGreaterThanOrEqual(60_000);
		expect(staticData['node:Node']).toMatchObject({ domotzRateReading: 'perMinute' });
	});

	it('paces the next run from its start: no 429 at all', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());

		const run = await runSync(tenant, syncAgent, [{}], { staticData });

		expect(run.error).toBeUndefined();
		expect(jsonOf(run.output('Node'))[0]).toMatchObject({ status: 'synced', updated: 3 });
		expect(throttled()).toBe(0);
	});

	it('reads the usage again at the first 429 when the key allows fewer calls than remembered', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
		tenant.domotz.setLimits({ concurrentAllowed: 1 });
		const readOnly = { syncMode: 'domotzToConnectWise', dryRun: true };

		const run = await runSync(tenant, { ...syncAgent, ...readOnly }, [{}], { staticData });

		expect(run.error).toBeUndefined();
		const usageReads = tenant.domotz.http
			.requests()
			.filter((request) => request.route === 'meta.usage');
		expect(usageReads.at(-1)?.status).toBe(200);
		// The call that met the lower limit; in the same minute, its retry and the usage read.
		expect(throttled()).toBeGreaterThanOrEqual(1);
		expect(throttled()).toBeLessThanOrEqual(3);
		expect(tenant.domotz.http.requests().at(-1)?.status).toBe(200);
		expect(staticData['node:Node']).toMatchObject({ domotzConcurrentAllowed: 1 });
	});

	it('warns in a dry run how long the writes take at the pace when it is over ten minutes', async () => {
		const seed = syncDomotzTenant();
		seed.devices[SYNC_AGENT].push({ id: 7, display_name: 'Spare switch', protocol: 'IP' });
		tenant.load(seed, syncConnectWiseTenant());
		tenant.domotz.setLimits({ concurrentAllowed: 1 });
		const creating = { createUnmatched: true, defaultType: '1', dryRun: true };
		// The reading is known, the number not: the usage is read first and paces every call.
		const readingOnly: IDataObject = { 'node:Node': { domotzRateReading: 'perMinute' } };

		const run = await runSync(tenant, { ...syncAgent, ...creating }, [{}], {
			staticData: readingOnly,
		});

		// Nine field edits and the mirrors of the two configurations it would create.
		expect(jsonOf(run.output('Node'))[0].warning).toBe(
			"Domotz allows this API key 1 call a minute, so this run's 11 Domotz writes take about 11 minutes; turning off Mirror Link in Domotz leaves out 2 of them (the mirrors of new links)",
		);
		expect(throttled()).toBe(0);
	});
});
