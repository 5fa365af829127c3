import { call, startDomotz } from './harness';
import { DEFAULT_IDS, type Device, type DomotzSimulator } from './index';

const { agents, devices } = DEFAULT_IDS;
const acmeDevices = `/agent/${agents.acme}/device`;

describe('Domotz simulator: fault injection and reset', () => {
	let simulator: DomotzSimulator;

	beforeAll(async () => {
		simulator = await startDomotz({
			simulator: {
				faults: [
					{ route: 'device.list', fault: { type: 'status', status: 502 }, rate: 1, times: 1 },
				],
			},
		});
	});

	afterAll(async () => {
		await simulator.close();
	});

	it('answers an injected 502 from the constructor options, then recovers', async () => {
		const failed = await call(simulator, 'GET', acmeDevices);
		const recovered = await call(simulator, 'GET', acmeDevices);

		expect(failed.status).toBe(502);
		expect(recovered.status).toBe(200);
		expect(simulator.http.count('GET', 'device.list')).toBe(2);
	});

	it('resets the connection when http.setFaults asks for it', async () => {
		simulator.http.setFaults([
			{ route: 'agent.list', fault: { type: 'reset' }, rate: 1, times: 1 },
		]);

		await expect(call(simulator, 'GET', '/agent')).rejects.toThrow();
		expect((await call(simulator, 'GET', '/agent')).status).toBe(200);
	});

	it('reset() restores the seed and clears counts, faults and usage', async () => {
		await call(simulator, 'PUT', `${acmeDevices}/${devices.coreSwitch}/user_data/name`, {
			body: 'Renamed',
		});
		simulator.http.setFaults([{ route: '*', fault: { type: 'status', status: 503 }, rate: 1 }]);

		simulator.reset();
		const device = await call(simulator, 'GET', `${acmeDevices}/${devices.coreSwitch}`);

		expect((device.body as Device).display_name).toBe('Core switch');
		expect(simulator.http.counts()).toEqual({ 'GET device.get': 1 });
		expect(simulator.state.usage().daily_usage).toBe(1);
	});

	describe('the admin interface over HTTP', () => {
		async function admin(method: string, path: string, body?: unknown) {
			return await fetch(`${simulator.baseUrl}/__admin${path}`, {
				method,
				headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		}

		it('loads a seed, exposes the current state as a seed and resets to the initial one', async () => {
			const seed = {
				agents: [{ id: 7, display_name: 'Loaded over HTTP' }],
				devices: { 7: [{ id: 70, display_name: 'Only device', protocol: 'DUMMY' }] },
				apiKeys: [{ key: 'loaded-over-http-key', role: 'fullAccess' }],
			};

			const loaded = await admin('POST', '/seed', seed);
			const listed = await call(simulator, 'GET', '/agent/7/device', {
				key: 'loaded-over-http-key',
			});
			const state = await (await admin('GET', '/state')).json();
			const reset = await admin('POST', '/reset');
			const afterReset = await call(simulator, 'GET', '/agent');

			expect(loaded.status).toBe(204);
			expect(listed.body).toEqual(seed.devices[7]);
			expect(state).toMatchObject({ agents: seed.agents, devices: seed.devices });
			expect(reset.status).toBe(204);
			expect(afterReset.status).toBe(200);
			expect((afterReset.body as unknown[]).length).toBe(4);
		});
	});
});
