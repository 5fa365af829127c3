/**
 * Sync Agent › When a Linked Device Is Gone, through n8n-core: a configuration linked to a device
 * its agent no longer lists is reported, given a status or unlinked, never deleted; a device the
 * user's options leave out is still listed, and an agent whose list failed loses nothing. The
 * collector of an agent gone from the account follows the same rule.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { ConnectWiseSeed } from '../simulators/connectwise';
import type { AgentDetail, DomotzSeed } from '../simulators/domotz';
import { byId, jsonOf } from './support';
import {
	runSync,
	SYNC_AGENT,
	SYNC_COMPANY,
	SYNC_CONFIGURATIONS,
	SYNC_DEVICES,
	SYNC_LINK_CAPTION,
	syncConnectWiseTenant,
	syncDomotzTenant,
	UnthrottledTenant,
	writeCounts,
} from './sync-fixtures';

const tenant = new UnthrottledTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

const STATUSES = { active: 1, inactive: 2 } as const;
const GONE_DEVICE = SYNC_DEVICES.drift;
const GONE_CONFIGURATION = SYNC_CONFIGURATIONS.drift;
const marker = (deviceId: number) => `domotz:${SYNC_AGENT}/${deviceId}`;
const markerOf = (configurationId: number) =>
	tenant.connectwise.state.customFieldValue(configurationId, SYNC_LINK_CAPTION);
const statusOf = (configurationId: number) =>
	tenant.connectwise.state.configuration(configurationId)?.status?.id;
const isGone = (json: IDataObject) => (json.settlement as IDataObject).status === 'gone';
const configurationReads = () => tenant.connectwise.http.counts()['GET configurations.list'] ?? 0;

function resetCounts(): void {
	tenant.domotz.http.resetCounts();
	tenant.connectwise.http.resetCounts();
}

/** The drift device retired from Domotz; one device excluded and one hidden, both still listed. */
function domotzWithGoneDevice(): DomotzSeed {
	const seed = syncDomotzTenant();
	seed.devices![SYNC_AGENT] = seed
		.devices![SYNC_AGENT].filter((device) => device.id !== GONE_DEVICE)
		.map((device) => {
			if (device.id === SYNC_DEVICES.inSync) return { ...device, is_excluded: true };
			if (device.id === SYNC_DEVICES.emptySource) return { ...device, status: 'HIDDEN' };
			return device;
		});
	return seed;
}

/** The harbour tenant with configuration statuses, and the collector already linked. */
function connectWiseWithStatuses(): ConnectWiseSeed {
	const seed = syncConnectWiseTenant();
	seed.statuses = [
		{ id: STATUSES.active, description: 'Active', defaultFlag: true },
		{ id: STATUSES.inactive, description: 'Inactive', closedFlag: true },
	];
	seed.configurations = seed.configurations?.map((configuration) =>
		configuration.id === SYNC_CONFIGURATIONS.collector
			? { ...configuration, customFields: [{ id: 9, value: marker(0) }] }
			: configuration,
	);
	return seed;
}

const syncAgent = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'agent',
	operation: 'syncAgent',
	agentSelection: 'chosen',
	agents: [String(SYNC_AGENT)],
	companyLink: 'company',
	company: byId(SYNC_COMPANY),
	...parameters,
});
const setInactive = { whenDeviceGone: 'setStatus', goneDeviceStatus: String(STATUSES.inactive) };

async function agentsOf(parameters: INodeParameters, staticData?: IDataObject) {
	const result = await runSync(tenant, parameters, [{}], { staticData });
	expect(result.error).toBeUndefined();
	return { agents: jsonOf(result.output('Node')), devices: jsonOf(result.outputs('Node')[1]) };
}

describe('Sync › Sync Agent › When a Linked Device Is Gone', () => {
	beforeEach(() => {
		tenant.load(domotzWithGoneDevice(), connectWiseWithStatuses());
	});

	const goneEntry = {
		deviceId: GONE_DEVICE,
		configurationId: GONE_CONFIGURATION,
		configurationName: 'core-sw-old',
		companyId: SYNC_COMPANY,
	};

	it('reports it by default: a count and a list on the agent, an item with details, nothing written to it', async () => {
		const { agents, devices } = await agentsOf(syncAgent({ options: { deviceDetails: true } }));
		expect(agents[0]).toMatchObject({
			status: 'synced',
			gone: 1,
			failed: 0,
			goneDevices: [{ ...goneEntry, action: 'reported' }],
		});
		const { deviceId, ...configuration } = goneEntry;
		expect(devices.filter(isGone)).toEqual([
			{
				agentId: SYNC_AGENT,
				deviceId,
				deviceName: null,
				settlement: { status: 'gone', ...configuration, action: 'reported' },
			},
		]);
		expect(markerOf(GONE_CONFIGURATION)).toBe(marker(GONE_DEVICE));
		expect(tenant.connectwise.state.configuration(GONE_CONFIGURATION)).toMatchObject({
			name: 'core-sw-old',
			status: { id: STATUSES.active },
		});
	});

	it('does not count a device that is excluded (left out of the sync) or hidden: both are still listed', async () => {
		const { agents, devices } = await agentsOf(
			syncAgent({ options: { deviceDetails: true, deviceDetailScope: 'everyDevice' } }),
		);
		// Six devices, one gone, one excluded by the Include Excluded Devices option.
		expect(agents[0]).toMatchObject({ devices: 4, gone: 1 });
		expect((agents[0].goneDevices as IDataObject[]).map((gone) => gone.deviceId)).toEqual([
			GONE_DEVICE,
		]);
		expect(devices.map((json) => json.deviceId)).not.toContain(SYNC_DEVICES.inSync);
		expect(markerOf(SYNC_CONFIGURATIONS.inSync)).toBe(marker(SYNC_DEVICES.inSync));
	});

	it('with Set Configuration Status, sets the chosen status and keeps the link; a re-run writes nothing', async () => {
		const { agents } = await agentsOf(syncAgent(setInactive));
		expect(agents[0]).toMatchObject({
			gone: 1,
			goneDevices: [
				{
					...goneEntry,
					action: 'statusSet',
					statusId: STATUSES.inactive,
					previousStatus: { id: STATUSES.active, name: 'Active' },
				},
			],
		});
		expect(statusOf(GONE_CONFIGURATION)).toBe(STATUSES.inactive);
		expect(markerOf(GONE_CONFIGURATION)).toBe(marker(GONE_DEVICE));
		expect(statusOf(SYNC_CONFIGURATIONS.inSync)).toBe(STATUSES.active);

		resetCounts();
		const again = await agentsOf(syncAgent(setInactive));
		expect(again.agents[0]).toMatchObject({
			goneDevices: [{ ...goneEntry, action: 'statusAlreadySet', statusId: STATUSES.inactive }],
		});
		expect(writeCounts(tenant)).toEqual({});
	});

	it('with Unlink, clears the marker alone and says the Domotz mirror went with the device; a re-run finds nothing gone', async () => {
		const count = tenant.connectwise.state.configurationCount;
		const { agents } = await agentsOf(syncAgent({ whenDeviceGone: 'unlink' }));
		expect(agents[0]).toMatchObject({
			gone: 1,
			goneDevices: [
				{
					...goneEntry,
					action: 'unlinked',
					note: expect.stringMatching(/Domotz mirror .* cannot be cleared/),
				},
			],
		});
		expect(markerOf(GONE_CONFIGURATION)).toBeNull();
		expect(tenant.connectwise.state.configuration(GONE_CONFIGURATION)).toMatchObject({
			name: 'core-sw-old',
			status: { id: STATUSES.active },
		});
		expect(tenant.connectwise.state.configurationCount).toBe(count);
		expect(Object.keys(writeCounts(tenant)).filter((route) => /inventory/i.test(route))).toEqual(
			[],
		);

		const again = await agentsOf(syncAgent({ whenDeviceGone: 'unlink' }));
		expect(again.agents[0]).toMatchObject({ gone: 0 });
		expect(again.agents[0].goneDevices ?? null).toBeNull();
	});

	it('in a dry run, says what it would do and writes nothing', async () => {
		const status = await agentsOf(syncAgent({ ...setInactive, dryRun: true }));
		const unlink = await agentsOf(syncAgent({ whenDeviceGone: 'unlink', dryRun: true }));
		expect(writeCounts(tenant)).toEqual({});
		expect(status.agents[0]).toMatchObject({
			dryRun: true,
			goneDevices: [{ ...goneEntry, action: 'wouldSetStatus', statusId: STATUSES.inactive }],
		});
		expect(unlink.agents[0]).toMatchObject({
			dryRun: true,
			goneDevices: [{ ...goneEntry, action: 'wouldUnlink' }],
		});
		expect(statusOf(GONE_CONFIGURATION)).toBe(STATUSES.active);
		expect(markerOf(GONE_CONFIGURATION)).toBe(marker(GONE_DEVICE));
	});

	it('never counts a device gone when its agent failed to list its devices', async () => {
		tenant.domotz.http.setFaults([
			{
				route: 'device.list',
				method: 'GET',
				fault: { type: 'status', status: 403, body: { message: 'Forbidden' } },
				rate: 1,
			},
		]);
		try {
			const result = await runSync(tenant, syncAgent({ whenDeviceGone: 'unlink' }), [{}], {
				onError: 'continueRegularOutput',
			});
			expect(jsonOf(result.output('Node'))).toEqual([
				expect.objectContaining({ error: expect.stringContaining('Failed Sync of agent') }),
			]);
		} finally {
			tenant.domotz.http.setFaults([]);
		}
		expect(writeCounts(tenant)).toEqual({});
		expect(markerOf(GONE_CONFIGURATION)).toBe(marker(GONE_DEVICE));
	});
	it('calls nothing gone on the word of an agent that lists no device at all', async () => {
		const seed = domotzWithGoneDevice();
		seed.devices![SYNC_AGENT] = [];
		tenant.load(seed, connectWiseWithStatuses());
		const { agents } = await agentsOf(syncAgent({ whenDeviceGone: 'unlink' }));
		expect(agents[0]).toMatchObject({ status: 'synced', devices: 0, gone: 0 });
		expect(markerOf(GONE_CONFIGURATION)).toBe(marker(GONE_DEVICE));
		expect(markerOf(SYNC_CONFIGURATIONS.inSync)).toBe(marker(SYNC_DEVICES.inSync));
	});
});

describe('Sync › Sync Agent › an agent gone from the account', () => {
	const withoutAgent = (): DomotzSeed => ({ agents: [], devices: {} });
	const linkedConfigurations = [
		SYNC_CONFIGURATIONS.collector,
		SYNC_CONFIGURATIONS.drift,
		SYNC_CONFIGURATIONS.inSync,
		SYNC_CONFIGURATIONS.emptySource,
		SYNC_CONFIGURATIONS.junkSerial,
		SYNC_CONFIGURATIONS.locked,
	];

	it('a chosen agent: its collector and its devices follow the rule, found by one marker query', async () => {
		tenant.load(withoutAgent(), connectWiseWithStatuses());
		const count = tenant.connectwise.state.configurationCount;
		// By Customer ID, a gone agent leaves nothing to look up: the marker query is the only read.
		const { agents, devices } = await agentsOf(
			syncAgent({
				companyLink: 'customerId',
				whenDeviceGone: 'unlink',
				options: { deviceDetails: true },
			}),
		);
		expect(agents).toEqual([
			expect.objectContaining({
				agentId: SYNC_AGENT,
				agentName: 'Domotz box',
				status: 'gone',
				reason: 'Domotz no longer lists this agent',
				devices: 0,
				gone: linkedConfigurations.length,
				failed: 0,
			}),
		]);
		const collector = (agents[0].goneDevices as IDataObject[]).find((gone) => gone.collector);
		expect(collector).toMatchObject({
			deviceId: 0,
			configurationId: SYNC_CONFIGURATIONS.collector,
			action: 'unlinked',
			note: expect.stringMatching(/agent is gone/),
		});
		expect(devices.every(isGone)).toBe(true);
		expect(devices.map((json) => (json.settlement as IDataObject).configurationId).sort()).toEqual(
			[...linkedConfigurations].sort(),
		);
		for (const configurationId of linkedConfigurations) {
			expect(markerOf(configurationId)).toBeNull();
		}
		expect(tenant.connectwise.state.configurationCount).toBe(count);
		expect(configurationReads()).toBe(1);
	});

	it('with All Agents, an agent an earlier run synced: reported, then unlinked, then no longer asked about', async () => {
		const domotz = syncDomotzTenant();
		domotz.agents = domotz.agents!.map(
			(agent): AgentDetail => ({ ...agent, installation_info: { customer_id: 'HARBOUR' } }),
		);
		tenant.load(domotz, connectWiseWithStatuses());
		const allAgents = syncAgent({ agentSelection: 'all', companyLink: 'customerId' });
		const staticData: IDataObject = {};
		await agentsOf(allAgents, staticData);

		tenant.domotz.load(withoutAgent());
		const reported = await agentsOf({ ...allAgents, ...setInactive }, staticData);
		expect(reported.agents).toEqual([
			expect.objectContaining({ agentId: SYNC_AGENT, status: 'gone', gone: 6 }),
		]);
		for (const configurationId of linkedConfigurations) {
			expect(statusOf(configurationId)).toBe(STATUSES.inactive);
			expect(markerOf(configurationId)).not.toBeNull();
		}

		await agentsOf({ ...allAgents, whenDeviceGone: 'unlink' }, staticData);
		const nothingLeft = await agentsOf(allAgents, staticData);
		expect(nothingLeft.agents).toEqual([]);

		resetCounts();
		await agentsOf(allAgents, staticData);
		expect(configurationReads()).toBe(0);
	});

	it("with All Agents, an agent named by a marker in a company another agent's sync read", async () => {
		const domotz = syncDomotzTenant();
		const [agent] = domotz.agents!;
		domotz.agents = [
			{ ...agent, id: SYNC_AGENT + 1, installation_info: { customer_id: 'HARBOUR' } },
		];
		domotz.devices = { [SYNC_AGENT + 1]: [] };
		tenant.load(domotz, connectWiseWithStatuses());
		const { agents } = await agentsOf(
			syncAgent({ agentSelection: 'all', companyLink: 'customerId', syncCollector: false }),
		);
		expect(agents.map((json) => [json.agentId, json.status, json.gone])).toEqual([
			[SYNC_AGENT + 1, 'synced', 0],
			[SYNC_AGENT, 'gone', linkedConfigurations.length],
		]);
		for (const configurationId of linkedConfigurations) {
			expect(markerOf(configurationId)).not.toBeNull();
		}
	});
});
