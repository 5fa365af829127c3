import type { INodeParameters } from 'n8n-workflow';

import { DomotzTrigger } from '../../nodes/DomotzTrigger/DomotzTrigger.node';
import { TriggerHarness } from '../harness/trigger-runner';
import { DEFAULT_IDS, defaultSeed, type Device, type LocalIpDevice } from '../simulators/domotz';
import { defaultSeed as connectWiseSeed } from '../simulators/connectwise';
import { SimulatedTenant, byId } from './support';

const { agents, devices, alertProfiles: profiles } = DEFAULT_IDS;
/** A test value: the harness checks it never shows in an answer, item or log. */
const webhookToken = 'dummy-trigger-token-4f1c9a7e2b8d';

const tenant = new SimulatedTenant();

const newLaptop: LocalIpDevice = {
	id: 550,
	display_name: 'New laptop',
	protocol: 'IP',
	ip_addresses: ['192.168.10.77'],
	hw_address: 'AA:BB:CC:00:11:22',
	vendor: 'Lenovo',
	status: 'ONLINE',
};

const acmeListed = (): number[] =>
	(tenant.domotz.state.devices(agents.acme) ?? [])
		.filter((device: Device) => !('status' in device && device.status === 'HIDDEN'))
		.map((device) => device.id);

function parameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		alertProfile: { __rl: true, mode: 'list', value: 'n8n device sync' },
		events: ['agent_device_discovery', 'device_ip_change'],
		agentScope: 'chosen',
		agentIds: [agents.acme],
		options: {},
		...overrides,
	};
}

let harness: TriggerHarness;

async function startTrigger(
	overrides: INodeParameters = {},
	credentials: { webhookSecret?: string } = { webhookSecret: webhookToken },
	urlSuffix = `?token=${webhookToken}`,
): Promise<TriggerHarness> {
	harness = new TriggerHarness({
		type: 'domotzTrigger',
		nodeType: new DomotzTrigger(),
		parameters: parameters(overrides),
		credentials: { domotzApi: { ...tenant.credentials().domotzApi, ...credentials } },
	});
	await harness.start();
	tenant.domotz.state.alertProfiles.setWebhook(profiles.n8nSync, { url: harness.url(urlSuffix) });
	return harness;
}

const bindings = () => ({
	agent: tenant.domotz.state.alertProfiles
		.agentBindingsOf(agents.acme)
		.map((binding) => binding.alert_profile_id),
	devices: tenant.domotz.state.alertProfiles
		.deviceBindingsOf(agents.acme)
		.filter((binding) => binding.alert_profile_id === profiles.n8nSync)
		.map((binding) => binding.device_id),
});

const discover = (device: Device = newLaptop, agentId: number = agents.acme) =>
	tenant.domotz.emitEvent({ event: 'agent_device_discovery', agentId, device });

beforeAll(async () => {
	await tenant.start();
});

beforeEach(() => {
	tenant.load(defaultSeed(), connectWiseSeed());
});

afterEach(async () => {
	await harness.assertNoSecretLeaks();
	await harness.close();
});

afterAll(async () => {
	await tenant.close();
});

describe('Domotz Trigger: activation and deactivation', () => {
	it('binds the profile to the chosen agent and to each of its devices, and records them', async () => {
		await startTrigger();

		const outcome = await harness.activate();

		expect(outcome).toBe('created');
		expect(bindings()).toEqual({
			agent: [profiles.networkMonitoring, profiles.n8nSync],
			devices: acmeListed(),
		});
		expect(harness.staticData().bindings).toEqual({
			profileId: profiles.n8nSync,
			bindings: [
				{ agentId: agents.acme },
				...acmeListed().map((deviceId) => ({ agentId: agents.acme, deviceId })),
			],
			followedAgents: [agents.acme],
			foreign: [],
		});
		expect(tenant.domotz.state.alertProfiles.agentBindingsOf(agents.globex)).toEqual([
			{ alert_profile_id: profiles.networkMonitoring },
		]);
		// The API key and the Webhook Secret: both are looked for in every answer, item and log line.
		expect((await harness.assertNoSecretLeaks()).secrets).toBe(2);
	});

	it('finds everything in place on the next activation (an n8n restart) and binds nothing', async () => {
		await startTrigger();
		await harness.activate();
		tenant.domotz.http.resetCounts();

		const outcome = await harness.activate('init');

		expect(outcome).toBe('existed');
		expect(tenant.domotz.http.count('POST', 'alertProfile.bindAgent')).toBe(0);
		expect(tenant.domotz.http.count('POST', 'alertProfile.bindDevice')).toBe(0);
	});

	it('binds again what someone removed while it was active', async () => {
		await startTrigger();
		await harness.activate();
		tenant.domotz.state.alertProfiles.unbindDevice(profiles.n8nSync, agents.acme, devices.printer);

		expect(await harness.checkExists('init')).toBe(false);
		await harness.activate('init');

		expect(bindings().devices).toContain(devices.printer);
	});

	it('binds every agent whose plan allows API access when watching all agents', async () => {
		await startTrigger({ events: ['agent_device_discovery'], agentScope: 'all' });

		await harness.activate();

		const bound = [agents.acme, agents.globex, agents.umbrella, agents.initech].filter((agentId) =>
			tenant.domotz.state.alertProfiles.isBoundToAgent(profiles.n8nSync, agentId),
		);
		expect(bound).toEqual([agents.acme, agents.globex, agents.umbrella]);
	});

	it('binds only the agent for agent events', async () => {
		await startTrigger({ events: ['agent_device_discovery'] });

		await harness.activate();

		expect(bindings()).toEqual({
			agent: [profiles.networkMonitoring, profiles.n8nSync],
			devices: [],
		});
	});

	it('removes on deactivation exactly the bindings it made, never one made by someone else', async () => {
		const alertProfiles = tenant.domotz.state.alertProfiles;
		alertProfiles.bindDevice(profiles.n8nSync, agents.acme, devices.printer);
		alertProfiles.bindDevice(profiles.n8nSync, agents.globex, devices.firewall);
		await startTrigger();
		await harness.activate();

		await harness.deactivate();

		expect(bindings()).toEqual({ agent: [profiles.networkMonitoring], devices: [devices.printer] });
		expect(alertProfiles.isBoundToDevice(profiles.n8nSync, agents.globex, devices.firewall)).toBe(
			true,
		);
		expect(
			alertProfiles.isBoundToDevice(profiles.deviceMonitoring, agents.acme, devices.coreSwitch),
		).toBe(true);
		expect(harness.staticData().bindings).toBeUndefined();
	});

	it('keeps the bindings it could not remove, to remove them on the next try', async () => {
		await startTrigger({ events: ['agent_device_discovery'] });
		await harness.activate();
		tenant.domotz.http.setFaults([
			{
				route: 'alertProfile.unbindAgent',
				fault: { type: 'status', status: 400 },
				rate: 1,
				times: 1,
			},
		]);

		await expect(harness.deactivate()).rejects.toThrow();
		expect(harness.staticData().bindings).toEqual({
			profileId: profiles.n8nSync,
			bindings: [{ agentId: agents.acme }],
			followedAgents: [],
			foreign: [],
		});
		await harness.deactivate();

		expect(bindings().agent).toEqual([profiles.networkMonitoring]);
		expect(harness.staticData().bindings).toBeUndefined();
	});

	it.each([
		[
			'a profile that does not send a chosen event',
			parameters({ events: ['agent_device_discovery', 'agent_wan_change'] }),
			/does not send agent_wan_change/,
		],
		[
			'a profile name Domotz does not know',
			parameters({ alertProfile: { __rl: true, mode: 'name', value: 'No such profile' } }),
			/no Shared Alert Profile named "No such profile"/,
		],
	])('refuses to activate with %s, binding nothing', async (_case, given, message) => {
		await startTrigger(given);

		await expect(harness.activate()).rejects.toThrow(message);
		expect(bindings()).toEqual({ agent: [profiles.networkMonitoring], devices: [] });
	});

	it('refuses to activate without a Webhook Secret in the credential', async () => {
		await startTrigger({}, { webhookSecret: '' });

		await expect(harness.activate()).rejects.toThrow(/no Webhook Secret/);
		expect(bindings().agent).toEqual([profiles.networkMonitoring]);
	});
});

describe('Domotz Trigger: events', () => {
	it('turns a discovered device into one item the sync node takes as it is', async () => {
		await startTrigger();
		await harness.activate();

		const deliveries = await discover();
		const [item] = harness.items;
		const match = await tenant.run(
			'sync',
			{ operation: 'matchConfigurations', companyLink: 'company', company: byId(2) },
			[item],
		);

		expect(deliveries).toEqual([expect.objectContaining({ status: 201 })]);
		expect(harness.items).toHaveLength(1);
		expect(item).toMatchObject({
			event: 'agent_device_discovery',
			agent_id: agents.acme,
			id: newLaptop.id,
			display_name: 'New laptop',
			hw_address: newLaptop.hw_address,
			agent: expect.objectContaining({ id: agents.acme }),
			payload: expect.objectContaining({ name: 'agent_device_discovery' }),
		});
		expect(match.error).toBeUndefined();
		expect(match.output('Node')[0].json).toMatchObject({
			agentId: agents.acme,
			deviceId: newLaptop.id,
			status: 'unmatched',
		});
	});

	it('binds the profile to a device as it is discovered, so its IP changes arrive', async () => {
		await startTrigger();
		await harness.activate();

		await discover();
		const deliveries = await tenant.domotz.emitEvent({
			event: 'device_ip_change',
			agentId: agents.acme,
			deviceId: newLaptop.id,
			ipAddresses: ['192.168.10.78'],
		});

		expect(bindings().devices).toContain(newLaptop.id);
		expect(deliveries).toEqual([expect.objectContaining({ status: 201 })]);
		expect(harness.items.map((item) => [item.event, item.id, item.ip_addresses])).toEqual([
			['agent_device_discovery', newLaptop.id, newLaptop.ip_addresses],
			['device_ip_change', newLaptop.id, ['192.168.10.78']],
		]);
		await harness.deactivate();
		expect(bindings().devices).toEqual([]);
	});

	it('removes on deactivation every device it bound as discovered, however the calls overlapped, and none bound before it', async () => {
		const alertProfiles = tenant.domotz.state.alertProfiles;
		const laptops = [0, 1, 2, 3, 4, 5].map((index) => ({ ...newLaptop, id: 560 + index }));
		tenant.domotz.state.putDevice(agents.acme, laptops[0]);
		alertProfiles.bindDevice(profiles.n8nSync, agents.acme, laptops[0].id);
		await startTrigger();
		await harness.activate();

		await Promise.all(laptops.map((laptop) => discover(laptop)));
		const boundWhileActive = bindings().devices;
		await harness.deactivate();

		expect(boundWhileActive).toEqual(expect.arrayContaining(laptops.map((laptop) => laptop.id)));
		expect(bindings()).toEqual({
			agent: [profiles.networkMonitoring],
			devices: [laptops[0].id],
		});
		expect(harness.staticData().bindings).toBeUndefined();
	});

	it('keeps a device binding someone made before it, through a restart, and still removes its own', async () => {
		const alertProfiles = tenant.domotz.state.alertProfiles;
		alertProfiles.bindDevice(profiles.n8nSync, agents.acme, devices.printer);
		await startTrigger();
		await harness.activate();
		await discover();
		alertProfiles.unbindDevice(profiles.n8nSync, agents.acme, devices.coreSwitch);

		expect(await harness.activate('init')).toBe('created');
		await harness.deactivate();

		expect(bindings()).toEqual({ agent: [profiles.networkMonitoring], devices: [devices.printer] });
	});

	it.each([
		['a wrong token', '?token=not-the-secret'],
		['no token', ''],
		['the token in another parameter', `?secret=${webhookToken}`],
	])('refuses %s with 401 and starts nothing', async (_case, suffix) => {
		await startTrigger({}, undefined, suffix);
		await harness.activate();

		const deliveries = await discover();

		expect(deliveries).toEqual([expect.objectContaining({ status: 401 })]);
		expect(harness.calls).toEqual([
			{ status: 401, body: { message: 'The webhook secret is missing or wrong' }, items: [] },
		]);
	});

	it('reads the secret from a header when told to', async () => {
		await startTrigger({ options: { headerName: 'X-Webhook-Token' } }, undefined, '');
		tenant.domotz.state.alertProfiles.setWebhook(profiles.n8nSync, {
			url: harness.url(),
			headers: { 'X-Webhook-Token': webhookToken },
		});
		await harness.activate();

		await discover();

		expect(harness.items).toHaveLength(1);
	});

	it('drops an event of an agent it does not watch, with the 201 Domotz expects', async () => {
		await startTrigger();
		await harness.activate();
		tenant.domotz.state.alertProfiles.bindAgent(profiles.n8nSync, agents.globex);

		const deliveries = await discover({ ...newLaptop, id: 650 }, agents.globex);

		expect(deliveries).toEqual([expect.objectContaining({ status: 201 })]);
		expect(harness.calls).toEqual([
			{ status: 201, body: { received: true, ignored: 'agentNotWatched' }, items: [] },
		]);
		expect(
			tenant.domotz.state.alertProfiles.isBoundToDevice(profiles.n8nSync, agents.globex, 650),
		).toBe(false);
	});

	it('drops an event it was not asked for', async () => {
		await startTrigger({ events: ['device_ip_change'] });
		await harness.activate();

		await discover();

		expect(harness.calls.map((call) => [call.status, call.items.length])).toEqual([[201, 0]]);
		expect(bindings().devices).toContain(newLaptop.id);
	});

	it('passes an event Domotz repeats on once', async () => {
		await startTrigger();
		await harness.activate();

		await tenant.domotz.emitEvent(
			{ event: 'agent_device_discovery', agentId: agents.acme, device: newLaptop },
			{ times: 2 },
		);
		await tenant.domotz.emitEvent(
			{
				event: 'device_ip_change',
				agentId: agents.acme,
				deviceId: devices.coreSwitch,
				ipAddresses: ['192.168.10.250'],
			},
			{ times: 3 },
		);

		expect(harness.calls.map((call) => call.status)).toEqual([201, 201, 201, 201, 201]);
		expect(harness.items.map((item) => [item.event, item.id])).toEqual([
			['agent_device_discovery', newLaptop.id],
			['device_ip_change', devices.coreSwitch],
		]);
		expect(harness.calls[1].body).toEqual({ received: true, ignored: 'repeat' });
	});

	it('passes one of a burst of repeats that arrive together', async () => {
		await startTrigger();
		await harness.activate();

		await Promise.all(Array.from({ length: 8 }, () => discover()));

		expect(harness.calls.map((call) => call.status)).toEqual(Array(8).fill(201));
		expect(harness.items.map((item) => [item.event, item.id])).toEqual([
			['agent_device_discovery', newLaptop.id],
		]);
	});

	it('passes on a second change of the same device', async () => {
		await startTrigger();
		await harness.activate();

		for (const address of ['192.168.10.250', '192.168.10.251']) {
			await tenant.domotz.emitEvent({
				event: 'device_ip_change',
				agentId: agents.acme,
				deviceId: devices.coreSwitch,
				ipAddresses: [address],
			});
		}

		expect(harness.items.map((item) => item.ip_addresses)).toEqual([
			['192.168.10.250'],
			['192.168.10.251'],
		]);
	});

	it('passes every repeat on with a repeat window of 0', async () => {
		await startTrigger({ options: { repeatWindowSeconds: 0 } });
		await harness.activate();

		await tenant.domotz.emitEvent(
			{ event: 'agent_device_discovery', agentId: agents.acme, device: newLaptop },
			{ times: 2 },
		);

		expect(harness.items).toHaveLength(2);
	});

	it('refuses a body that is not a Domotz event with 400', async () => {
		await startTrigger();
		await harness.activate();

		const response = await fetch(harness.url(`?token=${webhookToken}`), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'device_renamed', timestamp: 'now', data: { agent_id: 1 } }),
		});

		expect(response.status).toBe(400);
		expect(harness.items).toEqual([]);
	});
});
