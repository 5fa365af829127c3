import { call, manualClock, startDomotz, type ApiReply } from './harness';
import {
	ACTIVATION_ONLY_API_KEY,
	DEFAULT_IDS,
	type ApiUsageInformation,
	type DomotzSimulator,
} from './index';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

describe('Domotz simulator: usage and rate limits', () => {
	let simulator: DomotzSimulator | undefined;

	afterEach(async () => {
		await simulator?.close();
		simulator = undefined;
	});

	it('reports real counters in /meta/usage', async () => {
		simulator = await startDomotz({ limits: { daily: 5000, concurrentAllowed: 40 } });
		await call(simulator, 'GET', '/agent');
		await call(simulator, 'GET', `/agent/${DEFAULT_IDS.agents.acme}/device`);
		await call(simulator, 'GET', '/inventory');
		await call(simulator, 'GET', '/user', { key: ACTIVATION_ONLY_API_KEY });
		await call(simulator, 'GET', '/agent', { key: 'not-a-domotz-key' });

		const reply = await call(simulator, 'GET', '/meta/usage');

		expect(reply.body).toEqual({
			daily_limit: 5000,
			daily_usage: 5,
			concurrent_allowed: 40,
			by_key: [
				{ id: 1, name: 'n8n sync', count: 4 },
				{ id: 2, name: 'Installer', count: 1 },
			],
			by_ip: [{ name: '127.0.0.1', count: 5 }],
			by_resource: [
				{ name: 'agent', count: 2 },
				{ name: 'inventory', count: 1 },
				{ name: 'meta', count: 1 },
				{ name: 'user', count: 1 },
			],
		} satisfies ApiUsageInformation);
		expect(simulator.state.usage().daily_usage).toBe(5);
	});

	it('reads concurrent_allowed as calls a minute by default: 429 without Retry-After on a rolling window of the injected clock', async () => {
		const clock = manualClock();
		simulator = await startDomotz({ clock: clock.now, limits: { concurrentAllowed: 3 } });
		const started = simulator;
		const replies: ApiReply[] = [];
		const get = async () => replies.push(await call(started, 'GET', '/agent'));

		await get();
		clock.advance(30_000);
		await get();
		await get();
		await get();
		clock.advance(30_001);
		await get();
		await get();

		expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 429, 200, 429]);
		expect(replies[3].headers.get('retry-after')).toBeNull();
		expect(replies[3].body).toEqual({ message: expect.stringMatching(/minute/) });
	});

	it.each([
		['inFlight', { ok: 5, throttled: 3 }],
		['perMinute', { ok: 5, throttled: 3 }],
	] as const)(
		'with concurrent_allowed read as %s, 8 concurrent requests against 5 get %o',
		async (concurrentAllowedMeaning, expected) => {
			simulator = await startDomotz({
				limits: { concurrentAllowed: 5, concurrentAllowedMeaning },
				simulator: { latency: { minMs: 150, maxMs: 150 } },
			});
			const started = simulator;

			const replies = await Promise.all(
				Array.from({ length: 8 }, async () => await call(started, 'GET', '/user')),
			);

			const statuses = replies.map((reply) => reply.status);
			expect(simulator.http.maxConcurrency()).toBe(8);
			expect(statuses.filter((status) => status === 200)).toHaveLength(expected.ok);
			expect(statuses.filter((status) => status === 429)).toHaveLength(expected.throttled);
			expect(replies.every((reply) => reply.headers.get('retry-after') === null)).toBe(true);
		},
	);

	it('in the in-flight reading, lets any number of calls a minute through one after another', async () => {
		const clock = manualClock();
		simulator = await startDomotz({
			clock: clock.now,
			limits: { concurrentAllowed: 2, concurrentAllowedMeaning: 'inFlight' },
		});

		const statuses: number[] = [];
		for (let sent = 0; sent < 6; sent += 1) {
			statuses.push((await call(simulator, 'GET', '/agent')).status);
		}

		expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
	});

	it('defaults to the per-minute reading with a number large enough for ordinary suites', async () => {
		simulator = await startDomotz();

		const reply = await call(simulator, 'GET', '/meta/usage');

		expect(simulator.state.usageMeter.limits.concurrentAllowedMeaning).toBe('perMinute');
		expect((reply.body as ApiUsageInformation).concurrent_allowed).toBeGreaterThanOrEqual(10_000);
	});

	it('enforces the daily budget over a rolling 24 hours and reports it', async () => {
		const clock = manualClock();
		simulator = await startDomotz({
			clock: clock.now,
			seed: { agents: [], devices: {}, limits: { daily: 3 } },
		});
		const first = await call(simulator, 'GET', '/meta/usage');
		await call(simulator, 'GET', '/agent');
		await call(simulator, 'GET', '/agent');

		const throttled = await call(simulator, 'GET', '/agent');
		clock.advance(DAY_MS);
		const nextDay = await call(simulator, 'GET', '/meta/usage');

		expect(first.body).toMatchObject({ daily_limit: 3, daily_usage: 1 });
		expect(throttled.status).toBe(429);
		expect(throttled.headers.get('retry-after')).toBeNull();
		expect(nextDay.body).toMatchObject({ daily_usage: 1 });
	});

	it("applies limits changed at run time; reset restores the seed's limits and clears usage", async () => {
		simulator = await startDomotz();
		await call(simulator, 'GET', '/agent');
		simulator.setLimits({ concurrentAllowed: 1 });

		const throttled = await call(simulator, 'GET', '/agent');
		simulator.reset();
		const afterReset = await call(simulator, 'GET', '/meta/usage');

		expect(throttled.status).toBe(429);
		expect(afterReset.body).toMatchObject({ daily_usage: 1 });
	});

	it('seeds a nearly spent quota: counted until a day after it was made, an hour before loading', async () => {
		const clock = manualClock();
		simulator = await startDomotz({
			clock: clock.now,
			seed: { agents: [], devices: {}, limits: { daily: 1000 }, dailyUsage: 998 },
		});

		const usage = await call(simulator, 'GET', '/meta/usage');
		const last = await call(simulator, 'GET', '/agent');
		const refused = await call(simulator, 'GET', '/agent');
		clock.advance(23 * 60 * MINUTE_MS);
		const renewed = await call(simulator, 'GET', '/meta/usage');

		expect(usage.body).toMatchObject({ daily_limit: 1000, daily_usage: 999 });
		expect(last.status).toBe(200);
		expect(refused.status).toBe(429);
		expect(refused.body).toEqual({ message: 'Daily API call limit reached' });
		expect(renewed.body).toMatchObject({ daily_usage: 3 });
		expect(simulator.state.exportSeed()).not.toHaveProperty('dailyUsage');
	});
});
