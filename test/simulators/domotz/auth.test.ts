import { call, startDomotz } from './harness';
import {
	ACTIVATION_ONLY_API_KEY,
	DEFAULT_IDS,
	type AgentBase,
	type DomotzSimulator,
} from './index';

const { agents, devices } = DEFAULT_IDS;

describe('Domotz simulator: authentication and access', () => {
	let simulator: DomotzSimulator;

	beforeAll(async () => {
		simulator = await startDomotz();
	});

	afterAll(async () => {
		await simulator.close();
	});

	it.each(['X-Api-Key', 'x-api-key', 'X-API-KEY'])(
		'accepts the key in a %s header',
		async (header) => {
			const response = await fetch(`${simulator.apiBaseUrl}/user`, {
				headers: { [header]: simulator.apiKey },
			});

			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({
				id: DEFAULT_IDS.user,
				name: 'msp-admin@example.com',
			});
		},
	);

	it.each([
		['no key', null, '/agent'],
		['a wrong key', 'not-a-domotz-key', '/agent'],
		['a wrong key on an unknown path', 'not-a-domotz-key', '/no/such/route'],
	])('answers 401 with an opaque JSON body for %s', async (_case, key, path) => {
		const reply = await call(simulator, 'GET', path, { key });

		expect(reply.status).toBe(401);
		expect(reply.body).toEqual({ message: expect.any(String) });
		expect(reply.text).not.toContain('not-a-domotz-key');
	});

	it.each([
		['GET', '/agent', 403],
		['HEAD', '/agent', 403],
		['GET', `/agent/${agents.acme}`, 403],
		['GET', `/agent/${agents.acme}/device`, 403],
		['GET', `/agent/${agents.acme}/device/${devices.coreSwitch}`, 403],
		['GET', '/inventory', 403],
		['GET', '/user', 200],
		['GET', '/meta/usage', 200],
	])('an agent-activation-only key on %s %s gets %i', async (method, path, status) => {
		const reply = await call(simulator, method, path, { key: ACTIVATION_ONLY_API_KEY });

		expect(reply.status).toBe(status);
	});

	describe('an agent whose plan has no API access', () => {
		it('is still listed and counted', async () => {
			const list = await call(simulator, 'GET', '/agent', { query: { page_size: 100 } });
			const count = await call(simulator, 'HEAD', '/agent');

			const listed = (list.body as AgentBase[]).find((agent) => agent.id === agents.initech);
			expect(listed?.access_right?.api_enabled).toBe(false);
			expect(count.headers.get('x-entities-count')).toBe('4');
		});

		it.each([
			['GET', `/agent/${agents.initech}`, undefined],
			['GET', `/agent/${agents.initech}/device`, undefined],
			['GET', `/agent/${agents.initech}/device/${devices.initechNas}`, undefined],
			['GET', `/agent/${agents.initech}/device/${devices.initechNas}/inventory`, undefined],
			['PUT', `/agent/${agents.initech}/device/${devices.initechNas}/user_data/name`, 'NAS'],
			['PUT', `/agent/${agents.initech}/device/${devices.initechNas}/inventory/asset_tag`, 'A-1'],
		])('refuses %s %s with 403 and a clear message', async (method, path, body) => {
			const reply = await call(simulator, method, path, body === undefined ? {} : { body });

			expect(reply.status).toBe(403);
			expect(reply.body).toEqual({ message: expect.stringMatching(/plan/) });
		});
	});

	it.each([
		['an unknown agent', `/agent/999`],
		['a non-numeric agent id', `/agent/acme`],
		['an unknown device', `/agent/${agents.acme}/device/999`],
		['a device of another agent', `/agent/${agents.globex}/device/${devices.coreSwitch}`],
		['an unknown route', '/agent/1/nothing/here/at/all'],
	])('answers 404 for %s', async (_case, path) => {
		const reply = await call(simulator, 'GET', path);

		expect(reply.status).toBe(404);
	});
});
