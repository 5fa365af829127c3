import { WebhookReceiver } from '../../support/webhook-receiver';
import { call, manualClock, startDomotz } from './harness';
import {
	DEFAULT_IDS,
	type DomotzSimulator,
	type LocalIpDevice,
	type WebhookPayload,
} from './index';

const { agents, devices, alertProfiles: profiles } = DEFAULT_IDS;

const discovered: LocalIpDevice = {
	id: 550,
	display_name: 'New laptop',
	protocol: 'IP',
	first_seen_on: '2025-06-01T10:00:00+00:00',
	ip_addresses: ['192.168.10.77'],
	hw_address: 'AA:BB:CC:00:11:22',
	vendor: 'Lenovo',
	status: 'ONLINE',
};

describe('Domotz simulator: webhooks', () => {
	const clock = manualClock(Date.parse('2025-06-01T10:00:00Z'));
	const receiver = new WebhookReceiver();
	let simulator: DomotzSimulator;

	const payloads = () => receiver.received.map((request) => request.body as WebhookPayload);

	beforeAll(async () => {
		await receiver.start();
		simulator = await startDomotz({ clock: clock.now });
	});

	beforeEach(() => {
		simulator.reset();
		receiver.received.length = 0;
		receiver.answerWith(() => ({ status: 201 }));
		simulator.state.alertProfiles.setWebhook(profiles.n8nSync, { url: receiver.url('/hook') });
	});

	afterAll(async () => {
		await simulator.close();
		await receiver.close();
	});

	const bindAgent = (agentId: number) =>
		call(simulator, 'POST', `/alert-profile/${profiles.n8nSync}/binding/agent/${agentId}`);
	const bindDevice = (agentId: number, deviceId: number) =>
		call(
			simulator,
			'POST',
			`/alert-profile/${profiles.n8nSync}/binding/agent/${agentId}/device/${deviceId}`,
		);

	it('posts a discovery to the profile bound to the agent, as DeviceDiscoveryEvent, and keeps the device', async () => {
		await bindAgent(agents.acme);

		const deliveries = await simulator.emitEvent({
			event: 'agent_device_discovery',
			agentId: agents.acme,
			device: discovered,
		});
		const stored = await call(simulator, 'GET', `/agent/${agents.acme}/device/${discovered.id}`);

		expect(deliveries).toEqual([
			expect.objectContaining({
				profileId: profiles.n8nSync,
				url: receiver.url('/hook'),
				status: 201,
			}),
		]);
		expect(receiver.received[0]).toMatchObject({
			method: 'POST',
			url: '/hook',
			headers: expect.objectContaining({ 'content-type': 'application/json' }),
		});
		const [payload] = payloads();
		expect(Object.keys(payload)).toEqual(['data', 'name', 'timestamp']);
		expect(payload.name).toBe('agent_device_discovery');
		expect(payload.timestamp).toBe('2025-06-01T10:00:00+00:00');
		expect(payload.data).toEqual({
			agent: expect.objectContaining({ id: agents.acme, display_name: 'Acme HQ' }),
			agent_id: agents.acme,
			device: discovered,
			device_id: discovered.id,
		});
		expect(payload.data.agent).not.toHaveProperty('listen_on');
		expect(stored.body).toEqual(discovered);
	});

	it('posts an IP change as DeviceIPChangeEvent to the profile bound to the device, and serves the new IP', async () => {
		await bindDevice(agents.acme, devices.coreSwitch);
		const before = simulator.state.device(agents.acme, devices.coreSwitch) as LocalIpDevice;

		await simulator.emitEvent({
			event: 'device_ip_change',
			agentId: agents.acme,
			deviceId: devices.coreSwitch,
			ipAddresses: ['192.168.10.250'],
		});
		const after = await call(
			simulator,
			'GET',
			`/agent/${agents.acme}/device/${devices.coreSwitch}`,
		);

		const [payload] = payloads();
		expect(payload.name).toBe('device_ip_change');
		expect(payload.data).toMatchObject({
			agent_id: agents.acme,
			device_id: devices.coreSwitch,
			old_ip_addresses: before.ip_addresses,
			value: ['192.168.10.250'],
			device: expect.objectContaining({ id: devices.coreSwitch, ip_addresses: ['192.168.10.250'] }),
		});
		expect((after.body as LocalIpDevice).ip_addresses).toEqual(['192.168.10.250']);
	});

	it.each([
		['device_status_down', 'DOWN', 'DOWN'],
		['device_status_up', 'UP', 'ONLINE'],
	] as const)('posts %s as device_status with value %s', async (event, value, status) => {
		await bindDevice(agents.acme, devices.printer);

		await simulator.emitEvent({ event, agentId: agents.acme, deviceId: devices.printer });

		expect(payloads()[0]).toMatchObject({ name: 'device_status', data: { value } });
		expect(simulator.state.device(agents.acme, devices.printer)).toMatchObject({
			status,
			last_status_change: '2025-06-01T10:00:00+00:00',
		});
	});

	it('posts agent_status_up as agent_status with value UP and the agent online', async () => {
		simulator.state.alertProfiles.put(
			{ id: 7200, name: 'Agent status', events: ['agent_status_up'], is_enabled: true },
			{ url: receiver.url('/agent') },
		);
		await call(simulator, 'POST', `/alert-profile/7200/binding/agent/${agents.globex}`);

		await simulator.emitEvent({ event: 'agent_status_up', agentId: agents.globex });

		expect(payloads()).toEqual([
			{
				data: {
					agent: expect.objectContaining({ id: agents.globex }),
					agent_id: agents.globex,
					value: 'UP',
				},
				name: 'agent_status',
				timestamp: '2025-06-01T10:00:00+00:00',
			},
		]);
		expect(simulator.state.agent(agents.globex)?.status?.value).toBe('ONLINE');
	});

	it('names a MIB discovery agent_feature_discovery, as MibDiscoveryEvent extends FeatureDiscoveryEvent', async () => {
		simulator.state.alertProfiles.put(
			{ id: 7201, events: ['agent_feature_discovery_mib'], is_enabled: true },
			{ url: receiver.url('/mib') },
		);
		await call(simulator, 'POST', `/alert-profile/7201/binding/agent/${agents.acme}`);

		await simulator.emitEvent({
			event: 'agent_feature_discovery_mib',
			agentId: agents.acme,
			deviceId: devices.coreSwitch,
			data: { feature: 'mib_discovery', value: { data: { mib: ['IF-MIB'] } } },
		});

		expect(payloads()[0]).toMatchObject({
			name: 'agent_feature_discovery',
			data: {
				device_id: devices.coreSwitch,
				feature: 'mib_discovery',
				value: { data: { mib: ['IF-MIB'] } },
			},
		});
	});

	it('sends a monitoring profile change without agent_id and device_id, as its schema has none', async () => {
		simulator.state.alertProfiles.put(
			{ id: 7202, events: ['monitoring_profile_state_changed'], is_enabled: true },
			{ url: receiver.url('/monitoring') },
		);
		await call(
			simulator,
			'POST',
			`/alert-profile/7202/binding/agent/${agents.acme}/device/${devices.coreSwitch}`,
		);

		await simulator.emitEvent({
			event: 'monitoring_profile_state_changed',
			agentId: agents.acme,
			deviceId: devices.coreSwitch,
		});

		const [payload] = payloads();
		expect(payload.data).toMatchObject({
			agent: expect.objectContaining({ id: agents.acme }),
			device: expect.objectContaining({ id: devices.coreSwitch }),
			metric: expect.any(String),
			monitoring_profile: { name: expect.any(String) },
		});
		expect(payload.data).not.toHaveProperty('agent_id');
		expect(payload.data).not.toHaveProperty('device_id');
	});

	it('carries device events through device bindings only, unless deviceEventRouting says otherwise', async () => {
		const lenient = await startDomotz({ quirks: { deviceEventRouting: 'agentOrDeviceBinding' } });
		try {
			lenient.state.alertProfiles.setWebhook(profiles.n8nSync, { url: receiver.url('/lenient') });
			await bindAgent(agents.acme);
			await call(
				lenient,
				'POST',
				`/alert-profile/${profiles.n8nSync}/binding/agent/${agents.acme}`,
			);
			const event = {
				event: 'device_ip_change',
				agentId: agents.acme,
				deviceId: devices.printer,
				ipAddresses: ['192.168.10.31'],
			} as const;

			const strictDeliveries = await simulator.emitEvent(event);
			const lenientDeliveries = await lenient.emitEvent(event);

			expect(strictDeliveries).toEqual([]);
			expect(lenientDeliveries).toEqual([expect.objectContaining({ status: 201 })]);
		} finally {
			await lenient.close();
		}
	});

	it.each([
		[
			'a profile that does not list the event',
			(sim: DomotzSimulator) =>
				sim.state.alertProfiles.put(
					{ ...sim.state.alertProfiles.profile(profiles.n8nSync)!, events: ['device_ip_change'] },
					{ url: receiver.url('/hook') },
				),
		],
		[
			'a disabled profile',
			(sim: DomotzSimulator) =>
				sim.state.alertProfiles.put(
					{ ...sim.state.alertProfiles.profile(profiles.n8nSync)!, is_enabled: false },
					{ url: receiver.url('/hook') },
				),
		],
		[
			'a profile without a webhook channel',
			(sim: DomotzSimulator) => sim.state.alertProfiles.setWebhook(profiles.n8nSync, undefined),
		],
		['a profile bound to another agent', () => undefined],
	])('posts nothing for %s', async (_case, arrange) => {
		await bindAgent(agents.globex);
		arrange(simulator);

		const deliveries = await simulator.emitEvent({
			event: 'agent_device_discovery',
			agentId: agents.acme,
			device: discovered,
		});

		expect(deliveries).toEqual([]);
		expect(receiver.received).toEqual([]);
	});

	it("sends the channel's extra headers and keeps the URL's query", async () => {
		simulator.state.alertProfiles.setWebhook(profiles.n8nSync, {
			url: receiver.url('/hook?token=abc'),
			headers: { 'X-Domotz-Token': 'abc' },
		});
		await bindAgent(agents.acme);

		await simulator.emitEvent({
			event: 'agent_device_discovery',
			agentId: agents.acme,
			device: discovered,
		});

		expect(receiver.received[0].url).toBe('/hook?token=abc');
		expect(receiver.received[0].headers['x-domotz-token']).toBe('abc');
	});

	it("records the receiver's answer, and `failed` when none comes", async () => {
		simulator.state.alertProfiles.put(
			{ id: 7203, events: ['agent_device_discovery'], is_enabled: true },
			{ url: 'http://127.0.0.1:1/closed' },
		);
		await call(simulator, 'POST', `/alert-profile/7203/binding/agent/${agents.acme}`);
		await bindAgent(agents.acme);
		receiver.answerWith(() => ({ status: 401, body: { message: 'no' } }));

		await simulator.emitEvent({
			event: 'agent_device_discovery',
			agentId: agents.acme,
			device: discovered,
		});

		expect(
			simulator.webhookDeliveries().map(({ profileId, status }) => ({ profileId, status })),
		).toEqual(
			expect.arrayContaining([
				{ profileId: profiles.n8nSync, status: 401 },
				{ profileId: 7203, status: 'failed' },
			]),
		);
	});

	it('triggers an event over the admin API and answers the deliveries', async () => {
		await bindAgent(agents.acme);

		const response = await fetch(`${simulator.baseUrl}/__admin/events`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				event: 'agent_device_discovery',
				agentId: agents.acme,
				device: discovered,
			}),
		});
		const refused = await fetch(`${simulator.baseUrl}/__admin/events`, {
			method: 'POST',
			body: JSON.stringify({ event: 'device_renamed', agentId: agents.acme }),
		});

		expect(response.status).toBe(200);
		expect(await response.json()).toEqual([
			expect.objectContaining({ event: 'agent_device_discovery', status: 201 }),
		]);
		expect(refused.status).toBe(400);
	});

	it.each([
		['an unknown agent', { event: 'agent_status_up', agentId: 1 }],
		['a discovery without the device', { event: 'agent_device_discovery', agentId: agents.acme }],
		[
			'an IP change without new addresses',
			{ event: 'device_ip_change', agentId: agents.acme, deviceId: devices.coreSwitch },
		],
		[
			'an IP change of a dummy device',
			{
				event: 'device_ip_change',
				agentId: agents.acme,
				deviceId: devices.dummyOutlet,
				ipAddresses: ['10.0.0.1'],
			},
		],
		[
			'a device event without a known device',
			{ event: 'device_status_down', agentId: agents.acme, deviceId: 1 },
		],
	] as const)('refuses to emit %s', async (_case, input) => {
		await expect(simulator.emitEvent(input)).rejects.toThrow();
	});

	it('sends the same payload again when told to repeat it, as Domotz may', async () => {
		await bindAgent(agents.acme);

		const deliveries = await simulator.emitEvent(
			{ event: 'agent_device_discovery', agentId: agents.acme, device: discovered },
			{ times: 3 },
		);

		expect(deliveries.map((delivery) => delivery.status)).toEqual([201, 201, 201]);
		expect(new Set(receiver.received.map((request) => JSON.stringify(request.body))).size).toBe(1);
		expect(receiver.received).toHaveLength(3);
	});

	it('forgets its deliveries on reset', async () => {
		await bindAgent(agents.acme);
		await simulator.emitEvent({
			event: 'agent_device_discovery',
			agentId: agents.acme,
			device: discovered,
		});

		simulator.reset();

		expect(simulator.webhookDeliveries()).toEqual([]);
	});
});
