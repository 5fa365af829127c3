import { call, startDomotz } from './harness';
import { DEFAULT_IDS, DomotzSimulator, type AlertProfile } from './index';

const { agents, devices, alertProfiles: profiles } = DEFAULT_IDS;
const agentBinding = (profileId: number, agentId: number) =>
	`/alert-profile/${profileId}/binding/agent/${agentId}`;
const deviceBinding = (profileId: number, agentId: number, deviceId: number) =>
	`${agentBinding(profileId, agentId)}/device/${deviceId}`;

describe('Domotz simulator: alert profiles and their bindings', () => {
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

	it('lists the profiles as AlertProfile, without their Portal-only webhook channel', async () => {
		simulator.state.alertProfiles.setWebhook(profiles.n8nSync, { url: 'http://127.0.0.1:9/hook' });

		const reply = await call(simulator, 'GET', '/alert-profile');

		expect(reply.status).toBe(200);
		expect((reply.body as AlertProfile[]).map((profile) => profile.id)).toEqual([
			profiles.networkMonitoring,
			profiles.deviceMonitoring,
			profiles.n8nSync,
		]);
		expect((reply.body as AlertProfile[])[2]).toEqual({
			id: profiles.n8nSync,
			name: 'n8n device sync',
			description: 'Webhook to the n8n Domotz Trigger',
			events: [
				'agent_device_discovery',
				'device_ip_change',
				'device_status_down',
				'device_status_up',
				'device_configuration_change',
			],
			is_enabled: true,
		});
		expect(reply.text).not.toContain('127.0.0.1:9');
	});

	it('answers the bindings of an agent and of its devices', async () => {
		const agentReply = await call(simulator, 'GET', `/alert-profile/binding/agent/${agents.acme}`);
		const deviceReply = await call(
			simulator,
			'GET',
			`/alert-profile/binding/agent/${agents.acme}/device`,
		);

		expect(agentReply.body).toEqual([{ alert_profile_id: profiles.networkMonitoring }]);
		expect(deviceReply.body).toEqual([
			{ alert_profile_id: profiles.deviceMonitoring, device_id: devices.coreSwitch },
		]);
	});

	it('binds a profile to an agent with 204, once however often it is asked', async () => {
		const first = await call(simulator, 'POST', agentBinding(profiles.n8nSync, agents.globex));
		const second = await call(simulator, 'POST', agentBinding(profiles.n8nSync, agents.globex));
		const bindings = await call(simulator, 'GET', `/alert-profile/binding/agent/${agents.globex}`);

		expect([first.status, second.status]).toEqual([204, 204]);
		expect(first.text).toBe('');
		expect(bindings.body).toEqual([
			{ alert_profile_id: profiles.networkMonitoring },
			{ alert_profile_id: profiles.n8nSync },
		]);
	});

	it('unbinds a profile from an agent with 204 and leaves the other profiles bound', async () => {
		const reply = await call(
			simulator,
			'DELETE',
			agentBinding(profiles.networkMonitoring, agents.acme),
		);

		expect(reply.status).toBe(204);
		expect(simulator.state.alertProfiles.agentBindingsOf(agents.acme)).toEqual([]);
		expect(simulator.state.alertProfiles.agentBindingsOf(agents.globex)).toEqual([
			{ alert_profile_id: profiles.networkMonitoring },
		]);
	});

	it('binds and unbinds a profile on one device', async () => {
		const path = deviceBinding(profiles.n8nSync, agents.acme, devices.printer);

		const bound = await call(simulator, 'POST', path);
		const listed = await call(
			simulator,
			'GET',
			`/alert-profile/binding/agent/${agents.acme}/device`,
		);
		const unbound = await call(simulator, 'DELETE', path);

		expect([bound.status, unbound.status]).toEqual([204, 204]);
		expect(listed.body).toEqual([
			{ alert_profile_id: profiles.deviceMonitoring, device_id: devices.coreSwitch },
			{ alert_profile_id: profiles.n8nSync, device_id: devices.printer },
		]);
		expect(
			simulator.state.alertProfiles.isBoundToDevice(profiles.n8nSync, agents.acme, devices.printer),
		).toBe(false);
	});

	it.each([
		['an unknown profile', 'POST', agentBinding(999, agents.acme), 404],
		['an unknown agent', 'POST', agentBinding(profiles.n8nSync, 1), 404],
		['an unknown device', 'POST', deviceBinding(profiles.n8nSync, agents.acme, 1), 404],
		[
			'an agent whose plan allows no API access',
			'POST',
			agentBinding(profiles.n8nSync, agents.initech),
			403,
		],
		['a non-numeric profile id', 'DELETE', agentBinding(Number.NaN, agents.acme), 404],
		['the bindings of an unknown agent', 'GET', '/alert-profile/binding/agent/1', 404],
	])('refuses %s', async (_case, method, path, status) => {
		const reply = await call(simulator, method, path);

		expect(reply.status).toBe(status);
		expect(reply.body).toEqual({ message: expect.any(String) });
	});

	it('asks for the API key on every alert profile route', async () => {
		const reply = await call(simulator, 'GET', '/alert-profile', { key: null });

		expect(reply.status).toBe(401);
	});

	it('answers 204 to removing a binding that is not there, or 404 under absentBindingRemoval', async () => {
		const strict = await startDomotz({ quirks: { absentBindingRemoval: 'notFound' } });
		try {
			const path = agentBinding(profiles.n8nSync, agents.acme);
			const devicePath = deviceBinding(profiles.n8nSync, agents.acme, devices.printer);

			expect((await call(simulator, 'DELETE', path)).status).toBe(204);
			expect((await call(simulator, 'DELETE', devicePath)).status).toBe(204);
			expect((await call(strict, 'DELETE', path)).status).toBe(404);
			expect((await call(strict, 'DELETE', devicePath)).status).toBe(404);
		} finally {
			await strict.close();
		}
	});

	it('drops the bindings of a deleted device', () => {
		simulator.state.removeDevice(agents.acme, devices.coreSwitch);

		expect(simulator.state.alertProfiles.deviceBindingsOf(agents.acme)).toEqual([]);
	});

	it('exports profiles, webhook channels and bindings in a seed that reproduces them', async () => {
		const channel = { url: 'http://127.0.0.1:9/hook?token=t', headers: { 'X-Token': 't' } };
		simulator.state.alertProfiles.setWebhook(profiles.n8nSync, channel);
		await call(simulator, 'POST', deviceBinding(profiles.n8nSync, agents.globex, devices.firewall));
		const copy = new DomotzSimulator({ seed: simulator.state.exportSeed() });

		expect(copy.state.alertProfiles.list()).toEqual(simulator.state.alertProfiles.list());
		expect(copy.state.alertProfiles.webhook(profiles.n8nSync)).toEqual(channel);
		expect(copy.state.alertProfiles.deviceBindingsOf(agents.globex)).toEqual([
			{ alert_profile_id: profiles.n8nSync, device_id: devices.firewall },
		]);
		expect(copy.state.alertProfiles.agentBindingsOf(agents.umbrella)).toEqual([
			{ alert_profile_id: profiles.networkMonitoring },
		]);
	});

	it('creates or changes a profile over the admin API, as a user does in the Portal', async () => {
		const response = await fetch(`${simulator.baseUrl}/__admin/alert-profiles`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				profile: { id: 7100, name: 'Second n8n', events: ['device_ip_change'], is_enabled: true },
				webhook: { url: 'http://127.0.0.1:9/other' },
			}),
		});

		expect(response.status).toBe(204);
		expect(simulator.state.alertProfiles.profile(7100)?.name).toBe('Second n8n');
		expect(simulator.state.alertProfiles.webhook(7100)).toEqual({
			url: 'http://127.0.0.1:9/other',
		});
	});
});
