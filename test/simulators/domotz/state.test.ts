import { call, startDomotz } from './harness';
import {
	DEFAULT_IDS,
	DomotzSimulator,
	defaultSeed,
	type Device,
	type DummyDevice,
	type LocalIpDevice,
} from './index';

const { agents, devices } = DEFAULT_IDS;

describe('Domotz simulator: in-process state', () => {
	let simulator: DomotzSimulator;

	beforeAll(async () => {
		simulator = await startDomotz();
	});

	beforeEach(() => {
		simulator.reset();
	});

	afterAll(async () => {
		await simulator.close();
	});

	it('works out of the box with every device subtype and a plan-gated agent', () => {
		const all = Object.values(agents).flatMap((agentId) => simulator.state.devices(agentId) ?? []);

		expect(all).toHaveLength(14);
		expect(new Set(all.map((device) => device.protocol))).toEqual(
			new Set(['IP', 'IP_EXTERNAL', 'DUMMY']),
		);
		expect(
			simulator.state.agents().filter((agent) => agent.access_right?.api_enabled === false),
		).toHaveLength(1);
		expect(simulator.apiBaseUrl).toBe(`${simulator.baseUrl}/public-api/v1`);
		expect(simulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('hands out copies: mutating them changes nothing served', async () => {
		const copy = simulator.state.device(agents.acme, devices.coreSwitch) as LocalIpDevice;
		copy.display_name = 'Mutated';

		const reply = await call(
			simulator,
			'GET',
			`/agent/${agents.acme}/device/${devices.coreSwitch}`,
		);

		expect((reply.body as Device).display_name).toBe('Core switch');
	});

	it('adds and replaces devices, as a rediscovery or DHCP change would', async () => {
		const moved = {
			...simulator.state.device(agents.acme, devices.coreSwitch),
			ip_addresses: ['192.168.10.99'],
		} as LocalIpDevice;
		const added: DummyDevice = { id: 510, display_name: 'New placeholder', protocol: 'DUMMY' };

		simulator.state.putDevice(agents.acme, moved);
		simulator.state.putDevice(agents.acme, added);
		const list = (await call(simulator, 'GET', `/agent/${agents.acme}/device`)).body as Device[];

		expect(list.find((device) => device.id === devices.coreSwitch)).toMatchObject({
			ip_addresses: ['192.168.10.99'],
		});
		expect(list.at(-1)).toEqual(added);
	});

	it('locks and unlocks a device for edits', async () => {
		const path = `/agent/${agents.acme}/device/${devices.desktop}/details/room`;
		simulator.state.putDevice(agents.acme, {
			id: devices.desktop,
			display_name: 'Desk',
			protocol: 'DUMMY',
		});

		simulator.state.setDeviceLocked(agents.acme, devices.desktop, true);
		const locked = await call(simulator, 'PUT', path, { body: 'Office' });
		simulator.state.setDeviceLocked(agents.acme, devices.desktop, false);
		const unlocked = await call(simulator, 'PUT', path, { body: 'Office' });

		expect([locked.status, unlocked.status]).toEqual([423, 204]);
	});

	it('removes a device', async () => {
		const removed = simulator.state.removeDevice(agents.globex, devices.dummyPdu);

		const reply = await call(
			simulator,
			'GET',
			`/agent/${agents.globex}/device/${devices.dummyPdu}`,
		);

		expect(removed).toBe(true);
		expect(reply.status).toBe(404);
	});

	it('exports its state as a seed that reproduces it, edits and hidden facts included', async () => {
		const printer = `/agent/${agents.acme}/device/${devices.printer}`;
		await call(simulator, 'PUT', `${printer}/details/room`, { body: 'Back office' });
		await call(
			simulator,
			'PUT',
			`/agent/${agents.acme}/device/${devices.coreSwitch}/inventory/warranty_end`,
			{
				body: '2027-01-01',
			},
		);
		const copy = new DomotzSimulator({ seed: simulator.state.exportSeed() });
		await copy.start();

		try {
			for (const path of [
				`/agent/${agents.acme}/device`,
				'/inventory',
				`/agent/${agents.acme}/device/${devices.coreSwitch}/inventory`,
			]) {
				expect((await call(copy, 'GET', path)).body).toEqual(
					(await call(simulator, 'GET', path)).body,
				);
			}
			await call(copy, 'PUT', `${printer}/details/serial`, { body: null });
			expect(copy.state.device(agents.acme, devices.printer)?.details?.serial).toBe('PHBBL12345');
			expect(
				(
					await call(copy, 'PUT', `/agent/${agents.acme}/device/${devices.poeSwitch}/importance`, {
						body: 'VITAL',
					})
				).status,
			).toBe(423);
		} finally {
			await copy.close();
		}
	});

	it('never keeps the seed object it was given', () => {
		const seed = defaultSeed();
		const own = new DomotzSimulator({ seed });

		seed.agents[0].display_name = 'Changed after construction';

		expect(own.state.agent(agents.acme)?.display_name).toBe('Acme HQ');
	});

	it.each([
		['no agents array', { devices: {} }],
		['devices as an array', { agents: [], devices: [] }],
		[
			'devices for an unknown agent',
			{ agents: [], devices: { 1: [{ id: 1, display_name: 'x', protocol: 'DUMMY' }] } },
		],
	])('refuses a seed with %s and keeps the current tenant', (_case, seed) => {
		expect(() => simulator.load(seed as never)).toThrow(/agent/);
		expect(simulator.state.agents()).toHaveLength(4);
	});

	it('has no default key when the seed has no full-access key', () => {
		const activationOnly = new DomotzSimulator({
			seed: {
				agents: [],
				devices: {},
				apiKeys: [{ key: 'only-activates-agents', role: 'agentActivationOnly' }],
			},
		});

		expect(() => activationOnly.apiKey).toThrow(/full-access/);
	});
});
