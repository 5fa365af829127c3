/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-only: in simulated time, the requests already let through start before the clock moves */
/**
 * The Domotz client against the simulator's readings of `concurrent_allowed`: it reads the usage
 * first, keeps `min(4, concurrent_allowed)` calls in flight, switches to a per-minute pace at the
 * first 429, and starts paced when the previous run showed that reading. Time is the simulator's
 * injected clock, moved by the client's sleeps.
 */
import { DomotzClient, type DomotzClientOptions } from '../../../lib/domotz/client';
import type { RateReading } from '../../../lib/domotz/rate';
import { ApiError } from '../../../lib/http/errors';
import type { HttpPort } from '../../../lib/http/port';
import {
	DEFAULT_IDS,
	DomotzSimulator,
	defaultSeed,
	type DomotzLimits,
	type DomotzQuirks,
} from '../../simulators/domotz';
import { createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { manualClock } from '../../support/time';

const { agents, devices } = DEFAULT_IDS;
const acmeDevices = [devices.coreSwitch, devices.printer, devices.virtualMachine];

interface Setup {
	limits: Partial<DomotzLimits>;
	quirks?: Partial<DomotzQuirks>;
	latencyMs?: number;
	client?: Partial<DomotzClientOptions>;
}

let simulator: DomotzSimulator | undefined;

afterEach(async () => {
	await simulator?.close();
	simulator = undefined;
});

/**
 * Simulated time shared by client and simulator: a sleep moves the clock only once every request
 * sent has been answered, as they would be while a real minute passes.
 */
function virtualTime() {
	const clock = manualClock();
	const delays: number[] = [];
	let outstanding = 0;
	const idle: Array<() => void> = [];
	const through =
		(http: HttpPort): HttpPort =>
		async (request) => {
			outstanding += 1;
			try {
				return await http(request);
			} finally {
				outstanding -= 1;
				if (outstanding === 0) idle.splice(0).forEach((wake) => wake());
			}
		};
	const sleep = async (milliseconds: number) => {
		// Calls already let through start first: they were sent before this sleep began.
		await new Promise<void>((next) => setImmediate(next));
		while (outstanding > 0) {
			await new Promise<void>((wake) => idle.push(wake));
			await new Promise<void>((next) => setImmediate(next));
		}
		delays.push(milliseconds);
		clock.advance(milliseconds);
	};
	return { clock, delays, through, sleep };
}

async function start(setup: Setup) {
	const time = virtualTime();
	const latency = setup.latencyMs ?? 0;
	const started = new DomotzSimulator({
		clock: time.clock.now,
		limits: setup.limits,
		quirks: setup.quirks,
		simulator: { latency: { minMs: latency, maxMs: latency } },
	});
	simulator = started;
	await started.start();
	const readings: RateReading[] = [];
	const client = new DomotzClient({
		http: time.through(createFetchPort({ authenticate: domotzApiKey(started.apiKey) })),
		sleep: time.sleep,
		now: time.clock.now,
		baseUrl: started.apiBaseUrl,
		readUsageFirst: true,
		onRateReading: (reading) => readings.push(reading),
		...setup.client,
	});
	const statuses = () => started.http.requests().map((request) => request.status);
	const { clock, delays } = time;
	return { simulator: started, client, clock, delays, readings, statuses };
}

const readDevices = (client: DomotzClient, count: number) =>
	Promise.all(
		Array.from({ length: count }, (_, index) =>
			client.getDevice(agents.acme, acmeDevices[index % acmeDevices.length]),
		),
	);

describe('Domotz client: the usage report', () => {
	it.each([
		[2, 2],
		[10, 4],
	])(
		'reads /meta/usage once, first, and with concurrent_allowed %i keeps at most %i calls in flight',
		async (concurrentAllowed, cap) => {
			const run = await start({
				limits: { concurrentAllowed, concurrentAllowedMeaning: 'inFlight' },
				latencyMs: 20,
			});

			const read = await readDevices(run.client, 12);

			expect(read).toHaveLength(12);
			expect(run.simulator.http.requests()[0].route).toBe('meta.usage');
			expect(run.simulator.http.count('GET', 'meta.usage')).toBe(1);
			expect(run.simulator.http.maxConcurrency()).toBe(cap);
			expect(run.statuses().filter((status) => status === 429)).toEqual([]);
		},
	);

	it('without readUsageFirst reads no usage and knows no reading', async () => {
		const run = await start({ limits: {}, client: { readUsageFirst: false } });

		await readDevices(run.client, 3);

		expect(run.simulator.http.count('GET', 'meta.usage')).toBe(0);
		expect(run.client.usageSoFar()).toBeUndefined();
		expect(run.client.rateReading()).toBe('unknown');
	});

	it('with a remembered concurrent_allowed, caps the reads by it and reads the usage only before the first write', async () => {
		const allowed: number[] = [];
		const run = await start({
			limits: { concurrentAllowed: 2, concurrentAllowedMeaning: 'inFlight', daily: 500 },
			latencyMs: 20,
			client: {
				rememberedConcurrentAllowed: 2,
				onConcurrentAllowed: (concurrentAllowed) => allowed.push(concurrentAllowed),
			},
		});

		await readDevices(run.client, 6);
		const usageBeforeWrite = run.simulator.http.count('GET', 'meta.usage');
		await run.client.editDeviceField(agents.acme, devices.coreSwitch, 'user_data/name', 'Core');

		expect(usageBeforeWrite).toBe(0);
		expect(run.simulator.http.maxConcurrency()).toBe(2);
		const routes = run.simulator.http.requests().map((request) => request.route);
		expect(routes.slice(-2)).toEqual(['meta.usage', 'device.editField']);
		expect(allowed).toEqual([2]);
		// Six reads and the usage read in the report, the write after it: Domotz counted eight.
		expect(run.client.usageSoFar()).toMatchObject({ daily_usage: 8 });
		expect(run.simulator.state.usage().daily_usage).toBe(8);
	});

	it('grows daily_usage by the calls it sent since the report', async () => {
		const run = await start({ limits: { daily: 500 } });

		await readDevices(run.client, 5);

		expect(run.client.usageSoFar()).toMatchObject({ daily_limit: 500, daily_usage: 6 });
		expect(run.simulator.state.usage().daily_usage).toBe(6);
	});
});

describe('Domotz client: which reading the account shows', () => {
	it('in the per-minute reading, takes one 429 and paces the rest of the run to concurrent_allowed a minute', async () => {
		const run = await start({ limits: { concurrentAllowed: 3 } });

		const read = await readDevices(run.client, 10);

		expect(read).toHaveLength(10);
		expect(run.statuses().filter((status) => status === 429)).toHaveLength(1);
		expect(run.client.rateReading()).toBe('perMinute');
		expect(run.readings).toEqual(['perMinute']);
		// Eleven answered calls at three a minute: the last ones wait three windows.
		expect(run.clock.now() - manualClock().now()).toBeGreaterThanOrEqual(3 * 60_000);
	});

	it('in the in-flight reading, sends one call beyond the minute alone, then goes at full speed', async () => {
		const run = await start({
			limits: { concurrentAllowed: 2, concurrentAllowedMeaning: 'inFlight' },
			latencyMs: 10,
		});

		await readDevices(run.client, 8);

		expect(run.statuses().filter((status) => status === 429)).toEqual([]);
		expect(run.client.rateReading()).toBe('inFlight');
		expect(run.readings).toEqual(['inFlight']);
		expect(run.delays).toEqual([]);
	});

	it('paces from the first call when the previous run showed the per-minute reading', async () => {
		const run = await start({
			limits: { concurrentAllowed: 3 },
			client: { rememberedRateReading: 'perMinute' },
		});

		await readDevices(run.client, 10);

		expect(run.statuses().filter((status) => status === 429)).toEqual([]);
		expect(run.client.rateReading()).toBe('perMinute');
		expect(run.readings).toEqual([]);
		expect(run.delays.length).toBeGreaterThan(0);
	});

	it('neither probes nor paces when the previous run showed the in-flight reading', async () => {
		const run = await start({
			limits: { concurrentAllowed: 3, concurrentAllowedMeaning: 'inFlight' },
			client: { rememberedRateReading: 'inFlight' },
		});

		await readDevices(run.client, 10);

		expect(run.statuses().filter((status) => status === 429)).toEqual([]);
		expect(run.delays).toEqual([]);
		expect(run.readings).toEqual([]);
	});

	it('takes a 429 of the spent daily quota for no reading', async () => {
		const clientOptions = { retry: { maxAttempts: 2 } };
		const run = await start({ limits: { daily: 5 }, client: clientOptions });
		run.simulator.load({ ...defaultSeed(), limits: { daily: 5 }, dailyUsage: 3 });

		const error = await readDevices(run.client, 3).then(
			() => undefined,
			(rejection: unknown) => rejection,
		);

		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 429 });
		expect(run.client.rateReading()).toBe('unknown');
		expect(run.readings).toEqual([]);
	});
});

describe('Domotz client: the body of user_data/type', () => {
	const typeOf = (deviceId: number) =>
		simulator?.state.device(agents.acme, deviceId)?.user_data?.type;

	it.each([
		['string', 2],
		['number', 3],
		['either', 2],
	] as const)(
		'on an account that takes the %s form, writes two types with %i requests',
		async (deviceTypeBody, requests) => {
			const run = await start({ limits: {}, quirks: { deviceTypeBody } });

			await run.client.editDeviceField(agents.acme, devices.coreSwitch, 'user_data/type', 5);
			await run.client.editDeviceField(agents.acme, devices.printer, 'user_data/type', 6);

			expect([typeOf(devices.coreSwitch), typeOf(devices.printer)]).toEqual([5, 6]);
			expect(run.simulator.http.count('PUT', 'device.editField')).toBe(requests);
		},
	);

	it('sends the number no more once the documented form has worked', async () => {
		const run = await start({ limits: {}, quirks: { deviceTypeBody: 'string' } });
		await run.client.editDeviceField(agents.acme, devices.coreSwitch, 'user_data/type', 5);

		const error = await run.client
			.editDeviceField(agents.acme, devices.printer, 'user_data/type', 9999)
			.then(
				() => undefined,
				(rejection: unknown) => rejection,
			);

		expect(error).toMatchObject({ status: 400 });
		expect(run.simulator.http.count('PUT', 'device.editField')).toBe(2);
	});
});
