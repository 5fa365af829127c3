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
		simulator = await startDomotz({ limits: { daily: 5000, concurrentAllowed: 4 } });
		await call(simulator, 'GET', '/agent');
		await call(simulator, 'GET', `/agent/${DEFAULT_IDS.agents.acme}/device`);
		await call(simulator, 'GET', '/inventory');
		await call(simulator, 'GET', '/user', { key: ACTIVATION_ONLY_API_KEY });
		await call(simulator, 'GET', '/agent', { key: 'not-a-domotz-key' });

		const reply = await call(simulator, 'GET', '/meta/usage');

		expect(reply.body).toEqual({
			daily_limit: 5000,
			daily_usage: 5,
			concurrent_allowed: 4,
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

	it.each([
		['enforced', true, { ok: 5, throttled: 3 }],
		['not enforced (the default)', false, { ok: 8, throttled: 0 }],
	])(
		'with the in-flight cap %s, 8 concurrent requests against a cap of 5 get %o',
		async (_case, enforceConcurrency, expected) => {
			simulator = await startDomotz({
				limits: { concurrentAllowed: 5, enforceConcurrency },
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

	it('enforces a per-minute budget on a rolling window of the injected clock', async () => {
		const clock = manualClock();
		simulator = await startDomotz({ clock: clock.now, limits: { perMinute: 3 } });
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
		simulator.setLimits({ perMinute: 1 });

		const throttled = await call(simulator, 'GET', '/agent');
		simulator.reset();
		const afterReset = await call(simulator, 'GET', '/meta/usage');

		expect(throttled.status).toBe(429);
		expect(afterReset.body).toMatchObject({ daily_usage: 1 });
	});
});
