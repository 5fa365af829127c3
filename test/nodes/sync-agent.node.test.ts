import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowRunResult } from '../harness/n8n-runner';
import type { Device } from '../simulators/domotz';
import { demoMsp } from '../simulators/generator';
import { byId, jsonOf } from './support';
import {
	COLLECTOR,
	CONFIGURATION_TYPES as SYNC_TYPES,
	MANUFACTURERS,
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

function resetCounts(): void {
	tenant.domotz.http.resetCounts();
	tenant.connectwise.http.resetCounts();
}

const marker = (agentId: number, deviceId: number) => `domotz:${agentId}/${deviceId}`;

/** Configuration types of the generated tenant. */
const CONFIGURATION_TYPES = { workstation: 1, server: 2, printer: 7, managedDevice: 15 } as const;
/** Domotz base types (`user_data.type`, else `type.id`) and the configuration type each becomes. */
const typeMap: Record<number, number> = {
	5: CONFIGURATION_TYPES.server,
	8: CONFIGURATION_TYPES.printer,
};

const generatedCreation = {
	createUnmatched: true,
	defaultType: String(CONFIGURATION_TYPES.workstation),
	typeMap: {
		mappings: Object.entries(typeMap).map(([domotzType, configurationType]) => ({
			domotzType,
			configurationType: String(configurationType),
		})),
	},
	collectorType: String(CONFIGURATION_TYPES.managedDevice),
};

describe('Sync › Sync Agent on a generated tenant', () => {
	const generated = demoMsp();
	const { truth } = generated;
	const agentLinks = {
		links: Object.entries(truth.agentCompanies).flatMap(([agentId, companyId]) =>
			companyId === null ? [] : [{ agent: byId(agentId), company: byId(companyId), siteId: '' }],
		),
	};
	const syncAgent = (parameters: INodeParameters = {}): INodeParameters => ({
		resource: 'agent',
		operation: 'syncAgent',
		agentSelection: 'all',
		companyLink: 'mapping',
		agentLinks,
		...parameters,
	});
	/** Agents with API access and a company, in the order Sync Agent visits them. */
	const syncedAgents = truth.agents
		.filter((agent) => agent.apiEnabled && truth.agentCompanies[agent.agentId] !== null)
		.map((agent) => agent.agentId)
		.sort((a, b) => a - b);
	const domotzDevice = (agentId: number, deviceId: number): Device =>
		generated.domotz.devices[agentId].find((device) => device.id === deviceId)!;
	const countsOf = (agents: IDataObject[], keys: string[]) =>
		agents
			.filter((agent) => agent.status === 'synced')
			.map((agent) => [agent.agentId, ...keys.map((key) => agent[key])]);

	describe('with creation', () => {
		const parameters = syncAgent({
			...generatedCreation,
			options: { deviceDetails: true, deviceDetailScope: 'everyDevice' },
		});
		const staticData: IDataObject = {};
		let dry: { agents: IDataObject[]; writes: Record<string, number> };
		let first: { agents: IDataObject[]; devices: IDataObject[] };
		let second: { agents: IDataObject[]; writes: Record<string, number> };

		beforeAll(async () => {
			tenant.load(generated.domotz, generated.connectwise);
			const dryRun = await runSync(tenant, { ...parameters, dryRun: true }, [{}]);
			expect(dryRun.error).toBeUndefined();
			dry = { agents: jsonOf(dryRun.output('Node')), writes: writeCounts(tenant) };

			const run = await runSync(tenant, parameters, [{}], { staticData });
			expect(run.error).toBeUndefined();
			first = { agents: jsonOf(run.output('Node')), devices: jsonOf(run.outputs('Node')[1]) };

			resetCounts();
			const rerun = await runSync(tenant, parameters, [{}], { staticData });
			expect(rerun.error).toBeUndefined();
			second = { agents: jsonOf(rerun.output('Node')), writes: writeCounts(tenant) };
		});

		it('visits every agent: those without API access or company are skipped with a reason', () => {
			expect(first.agents.map((agent) => [agent.agentId, agent.status])).toEqual(
				truth.agents.map((agent) => [
					agent.agentId,
					syncedAgents.includes(agent.agentId) ? 'synced' : 'skipped',
				]),
			);
			for (const agent of first.agents.filter((json) => json.status === 'skipped')) {
				expect(agent.reason).toMatch(/plan does not allow API access|no row in the agent links/);
			}
		});

		it('writes nothing in a dry run, and plans what the real run then does', () => {
			expect(dry.writes).toEqual({});
			const keys = ['devices', 'linked', 'created', 'newlyLinked', 'ambiguous', 'skipped'];
			expect(countsOf(dry.agents, keys)).toEqual(countsOf(first.agents, keys));
			expect(countsOf(dry.agents, ['planned'])).toEqual(countsOf(first.agents, ['updated']));
			expect(countsOf(first.agents, ['created']).every(([, created]) => Number(created) > 0)).toBe(
				true,
			);
		});

		it('creates a configuration of the mapped type (else the default) for each unmatched device, with its link', () => {
			const created = first.devices.filter(
				(json) => (json.settlement as IDataObject).status === 'created',
			);
			expect(created.length).toBe(
				countsOf(first.agents, ['created']).reduce((sum, [, count]) => sum + Number(count), 0),
			);
			for (const json of created) {
				const agentId = json.agentId as number;
				const deviceId = json.deviceId as number;
				const configurationId = ((json.settlement as IDataObject).configuration as IDataObject)
					.id as number;
				const device = domotzDevice(agentId, deviceId);
				const domotzType = device.user_data?.type ?? device.type?.id ?? -1;
				const configuration = tenant.connectwise.state.configuration(configurationId)!;
				expect([deviceId, configuration.type.id, configuration.company.id]).toEqual([
					deviceId,
					typeMap[domotzType] ?? CONFIGURATION_TYPES.workstation,
					truth.agentCompanies[agentId],
				]);
				expect(tenant.connectwise.state.customFieldValue(configurationId, SYNC_LINK_CAPTION)).toBe(
					marker(agentId, deviceId),
				);
			}
			const mappedTypes = new Set(
				created.map(
					(json) =>
						tenant.connectwise.state.configuration(
							((json.settlement as IDataObject).configuration as IDataObject).id as number,
						)!.type.id,
				),
			);
			expect(mappedTypes).toEqual(
				new Set([
					CONFIGURATION_TYPES.workstation,
					CONFIGURATION_TYPES.server,
					CONFIGURATION_TYPES.printer,
				]),
			);
		});

		it('creates only for devices that match no configuration, and never for ambiguous ones', () => {
			const expected = new Map(
				truth.devices.map((device) => [`${device.agentId}/${device.deviceId}`, device.expected]),
			);
			const settled = first.devices.map((json) => ({
				expected: expected.get(`${json.agentId}/${json.deviceId}`),
				status: (json.settlement as IDataObject).status,
			}));
			const statusesOf = (outcome: string) =>
				new Set(
					settled.filter((device) => device.expected === outcome).map((device) => device.status),
				);
			expect(statusesOf('unmatched')).toEqual(new Set(['created', 'skipped']));
			expect(statusesOf('ambiguous')).toEqual(new Set(['skipped']));
			expect(statusesOf('matched')).toEqual(new Set(['linkedExisting']));
			expect(statusesOf('linked')).toEqual(new Set(['alreadyLinked']));
		});

		it('saves the link of every device it matched, and mirrors it in Domotz', () => {
			const newlyLinked = first.devices.filter(
				(json) => (json.settlement as IDataObject).status === 'linkedExisting',
			);
			expect(newlyLinked.length).toBeGreaterThan(0);
			for (const json of newlyLinked) {
				const settlement = json.settlement as IDataObject;
				const configurationId = settlement.configurationId as number;
				expect(settlement.link).toEqual({ status: 'saved', mirroredInDomotz: true });
				expect(tenant.connectwise.state.customFieldValue(configurationId, SYNC_LINK_CAPTION)).toBe(
					marker(json.agentId as number, json.deviceId as number),
				);
				const mirror = tenant.domotz.state
					.deviceInventory(json.agentId as number, json.deviceId as number)
					?.find((field) => field.key === 'connectwise_configuration_id');
				expect(mirror?.value).toBe(String(configurationId));
			}
		});

		it('documents each collector as a configuration of its company, created with the collector type', () => {
			for (const agent of first.agents.filter((json) => json.status === 'synced')) {
				const collector = agent.collector as IDataObject;
				expect(collector).toMatchObject({ status: 'linked', how: 'created' });
				const configuration = tenant.connectwise.state.configuration(
					collector.configurationId as number,
				)!;
				expect(configuration).toMatchObject({
					name: agent.agentName,
					company: { id: agent.companyId },
					type: { id: CONFIGURATION_TYPES.managedDevice },
					osType: 'Domotz Collector',
				});
				expect(tenant.connectwise.state.customFieldValue(configuration.id, SYNC_LINK_CAPTION)).toBe(
					marker(agent.agentId as number, 0),
				);
			}
		});

		const isGone = (json: IDataObject) => (json.settlement as IDataObject).status === 'gone';

		it('gives one item per device of each synced agent on the second output', () => {
			const listed = truth.devices.filter(
				(device) => syncedAgents.includes(device.agentId) && !device.excluded,
			);
			const devices = first.devices.filter((json) => !isGone(json));
			expect(devices.map((json) => [json.agentId, json.deviceId])).toEqual(
				listed.map((device) => [device.agentId, device.deviceId]),
			);
			expect(countsOf(first.agents, ['devices'])).toEqual(
				syncedAgents.map((agentId) => [
					agentId,
					listed.filter((device) => device.agentId === agentId).length,
				]),
			);
			for (const json of devices) {
				expect(json).toMatchObject({
					deviceName: expect.any(String),
					settlement: { status: expect.any(String) },
				});
			}
		});

		it('reports each link to a device Domotz no longer has, with an item after its agent devices', () => {
			const missing = truth.configurations.flatMap((configuration) =>
				configuration.kind === 'linkToMissingDevice' &&
				configuration.linkedTo &&
				syncedAgents.includes(configuration.linkedTo.agentId)
					? [{ ...configuration.linkedTo, configurationId: configuration.id }]
					: [],
			);
			expect(missing.length).toBeGreaterThan(0);
			const gone = first.devices.filter(isGone);
			const byConfiguration = (left: IDataObject, right: IDataObject) =>
				Number(left.configurationId) - Number(right.configurationId);
			expect(
				gone
					.map((json) => ({
						agentId: json.agentId,
						deviceId: json.deviceId,
						configurationId: (json.settlement as IDataObject).configurationId,
					}))
					.sort(byConfiguration),
			).toEqual(missing.sort(byConfiguration));
			expect(countsOf(first.agents, ['gone'])).toEqual(
				syncedAgents.map((agentId) => [
					agentId,
					missing.filter((link) => link.agentId === agentId).length,
				]),
			);
			expect(gone.every((json) => (json.settlement as IDataObject).action === 'reported')).toBe(
				true,
			);
		});

		it('performs no write at all on a second run: everything is linked and agrees', () => {
			expect(second.writes).toEqual({});
			for (const agent of second.agents.filter((json) => json.status === 'synced')) {
				expect(agent).toMatchObject({ created: 0, newlyLinked: 0, updated: 0, failed: 0 });
				expect(agent.collector).toMatchObject({
					status: 'linked',
					how: 'link',
					sync: { status: 'unchanged' },
				});
			}
		});

		it('records the last successful sync of each synced agent, not of the dry run or skipped agents', () => {
			for (const agent of dry.agents) expect(agent.lastSuccessfulSync).toBeNull();
			for (const agent of first.agents) {
				if (agent.status === 'synced') {
					expect(Number.isNaN(Date.parse(agent.lastSuccessfulSync as string))).toBe(false);
				} else {
					expect(agent.lastSuccessfulSync).toBeNull();
				}
			}
		});
	});

	it('with Create Missing Manufacturers, creates each missing manufacturer once and a re-run writes nothing', async () => {
		tenant.load(generated.domotz, generated.connectwise);
		const parameters = syncAgent({ ...generatedCreation, options: { createManufacturers: true } });
		await runSync(tenant, { ...parameters, dryRun: true }, [{}]);
		expect(writeCounts(tenant)).toEqual({});

		const first = await runSync(tenant, parameters, [{}]);
		expect(first.error).toBeUndefined();
		const creates = tenant.connectwise.http
			.requests()
			.filter((request) => request.route === 'manufacturers.create');
		expect(creates.length).toBeGreaterThan(0);
		expect(creates.filter((request) => request.status !== 201)).toEqual([]);
		const names = tenant.connectwise.state
			.manufacturers()
			.map((manufacturer) => String(manufacturer.name).toLowerCase());
		expect(new Set(names).size).toBe(names.length);

		resetCounts();
		const second = await runSync(tenant, parameters, [{}]);
		expect(second.error).toBeUndefined();
		expect(writeCounts(tenant)).toEqual({});
	});

	describe('with one failing agent', () => {
		const failingAgent = syncedAgents[1];
		const failingName = truth.agents.find((agent) => agent.agentId === failingAgent)!.name;
		const staticData: IDataObject = {};
		let lastSuccess: string;

		/**
		 * The failing agent's device list is refused with 403, which is never retried (a 5xx would
		 * be): the second device list Sync Agent reads.
		 */
		const failSecondDeviceList = () =>
			tenant.domotz.http.setFaults([
				{
					route: 'device.list',
					method: 'GET',
					fault: { type: 'status', status: 403, body: { message: 'Forbidden' } },
					rate: 1,
					after: 1,
					times: 1,
				},
			]);

		beforeAll(async () => {
			tenant.load(generated.domotz, generated.connectwise);
			const result = await runSync(tenant, syncAgent(), [{}], { staticData });
			expect(result.error).toBeUndefined();
			const agent = jsonOf(result.output('Node')).find((json) => json.agentId === failingAgent)!;
			lastSuccess = agent.lastSuccessfulSync as string;
			expect(Number.isNaN(Date.parse(lastSuccess))).toBe(false);
		});
		afterEach(() => {
			tenant.domotz.http.setFaults([]);
		});

		it('without Continue on Fail, fails the execution naming the agent and its last successful sync', async () => {
			failSecondDeviceList();
			resetCounts();
			const result = await runSync(tenant, syncAgent(), [{}], { staticData });
			expect(tenant.domotz.http.requests().filter((request) => request.status === 403)).toEqual([
				expect.objectContaining({ path: `/agent/${failingAgent}/device` }),
			]);
			expect(result.error?.message).toContain(
				`Failed Sync of agent "${failingName}" (${failingAgent}):`,
			);
			expect(result.error?.message).toContain(`Last successful sync: ${lastSuccess}`);
		});

		it('with Continue on Fail, outputs the failed agent as an item and syncs the others', async () => {
			failSecondDeviceList();
			resetCounts();
			const result = await runSync(tenant, syncAgent(), [{}], {
				staticData,
				onError: 'continueRegularOutput',
			});
			expect(result.error).toBeUndefined();
			const agents = jsonOf(result.output('Node'));
			expect(agents.map((agent) => [agent.agentId ?? 'error item', agent.status])).toEqual(
				truth.agents.map((agent) =>
					agent.agentId === failingAgent
						? ['error item', undefined]
						: [agent.agentId, syncedAgents.includes(agent.agentId) ? 'synced' : 'skipped'],
				),
			);
			const failed = agents.find((agent) => agent.agentId === undefined)!;
			// Only `error` and `details`: the shape n8n's error output takes.
			expect(Object.keys(failed).filter((key) => key !== 'details')).toEqual(['error']);
			expect(failed.error).toContain(`Failed Sync of agent "${failingName}" (${failingAgent}):`);
			expect(failed.error).toContain(`Last successful sync: ${lastSuccess}`);
			expect(tenant.domotz.http.count('GET', 'device.list')).toBe(syncedAgents.length);
			const stored = (staticData['node:Node'] as IDataObject).lastSuccessfulSync as IDataObject;
			expect(stored[`agent:${failingAgent}`]).toBe(lastSuccess);
		});

		it('with On Error › Continue (using error output), routes the failed agent to the error output', async () => {
			failSecondDeviceList();
			const result = await runSync(tenant, syncAgent(), [{}], {
				staticData,
				onError: 'continueErrorOutput',
			});
			expect(result.error).toBeUndefined();
			const [agents, , errors] = result.outputs('Node');
			expect(jsonOf(agents).map((agent) => agent.agentId)).not.toContain(failingAgent);
			expect(jsonOf(errors)).toEqual([
				expect.objectContaining({
					error: expect.stringContaining(`Failed Sync of agent "${failingName}"`),
				}),
			]);
		});
	});
});

describe('Sync › Sync Agent collector', () => {
	const syncAgent = (parameters: INodeParameters = {}): INodeParameters => ({
		resource: 'agent',
		operation: 'syncAgent',
		agentSelection: 'chosen',
		agents: [String(SYNC_AGENT)],
		companyLink: 'company',
		company: byId(SYNC_COMPANY),
		...parameters,
	});
	const collectorOf = (agents: IDataObject[]) => agents[0].collector as IDataObject;
	const creation = {
		createUnmatched: true,
		defaultType: String(SYNC_TYPES.managedWorkstation),
		collectorType: String(SYNC_TYPES.networkDevice),
	};

	it('finds the collector by its licence MAC, links it and syncs its fields; a re-run writes nothing', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
		const first = await runSync(tenant, syncAgent(), [{}]);
		expect(first.error).toBeUndefined();
		expect(collectorOf(jsonOf(first.output('Node')))).toMatchObject({
			status: 'linked',
			configurationId: SYNC_CONFIGURATIONS.collector,
			how: 'mac',
			sync: {
				status: 'updated',
				changes: [
					{ field: 'name', from: 'Domotz box', to: COLLECTOR.name },
					{ field: 'ipAddress', from: null, to: COLLECTOR.wanIp },
					{ field: 'manufacturer', from: null, to: 'Domotz' },
					{ field: 'osType', from: null, to: 'Domotz Collector' },
					{ field: 'osInfo', from: null, to: COLLECTOR.osInfo },
				],
				unchanged: expect.arrayContaining(['macAddress']),
			},
		});
		expect(tenant.connectwise.state.configuration(SYNC_CONFIGURATIONS.collector)).toMatchObject({
			name: COLLECTOR.name,
			macAddress: '001e.0645.1201',
			ipAddress: COLLECTOR.wanIp,
			manufacturer: { id: MANUFACTURERS.domotz },
			osType: 'Domotz Collector',
			osInfo: COLLECTOR.osInfo,
		});
		expect(
			tenant.connectwise.state.customFieldValue(SYNC_CONFIGURATIONS.collector, SYNC_LINK_CAPTION),
		).toBe(marker(SYNC_AGENT, 0));

		resetCounts();
		const second = await runSync(tenant, syncAgent(), [{}]);
		expect(collectorOf(jsonOf(second.output('Node')))).toMatchObject({
			status: 'linked',
			configurationId: SYNC_CONFIGURATIONS.collector,
			how: 'link',
			sync: { status: 'unchanged', changes: [] },
		});
		expect(writeCounts(tenant)).toEqual({});
	});

	const withoutCollectorConfiguration = () => {
		const seed = syncConnectWiseTenant();
		seed.configurations = seed.configurations?.filter(
			(configuration) => configuration.id !== SYNC_CONFIGURATIONS.collector,
		);
		return seed;
	};

	it('creates the collector configuration when creation is on; a re-run writes nothing', async () => {
		tenant.load(syncDomotzTenant(), withoutCollectorConfiguration());
		const count = tenant.connectwise.state.configurationCount;
		const first = await runSync(tenant, syncAgent(creation), [{}]);
		expect(first.error).toBeUndefined();
		const collector = collectorOf(jsonOf(first.output('Node')));
		expect(collector).toMatchObject({ status: 'linked', how: 'created' });
		expect(
			tenant.connectwise.state.configuration(collector.configurationId as number),
		).toMatchObject({
			name: COLLECTOR.name,
			company: { id: SYNC_COMPANY },
			type: { id: SYNC_TYPES.networkDevice },
			macAddress: COLLECTOR.licenceMac,
			ipAddress: COLLECTOR.wanIp,
			manufacturer: { id: MANUFACTURERS.domotz },
			osType: 'Domotz Collector',
			osInfo: COLLECTOR.osInfo,
		});
		// The collector and the one unmatched device.
		expect(tenant.connectwise.state.configurationCount).toBe(count + 2);

		resetCounts();
		const second = await runSync(tenant, syncAgent(creation), [{}]);
		expect(collectorOf(jsonOf(second.output('Node')))).toMatchObject({
			status: 'linked',
			configurationId: collector.configurationId,
			how: 'link',
			sync: { status: 'unchanged' },
		});
		expect(writeCounts(tenant)).toEqual({});
		expect(tenant.connectwise.state.configurationCount).toBe(count + 2);
	});

	it('reports the collector as not linked when nothing carries its link or MAC and creation is off', async () => {
		tenant.load(syncDomotzTenant(), withoutCollectorConfiguration());
		const result = await runSync(tenant, syncAgent(), [{}]);
		expect(collectorOf(jsonOf(result.output('Node')))).toEqual({
			status: 'notLinked',
			reason: expect.stringMatching(
				/no configuration carries the collector link or its licence MAC/,
			),
		});
	});

	it('leaves the collector alone when Sync Collector is off', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
		const result = await runSync(tenant, syncAgent({ syncCollector: false }), [{}]);
		expect(jsonOf(result.output('Node'))[0].collector).toBeUndefined();
		expect(
			tenant.connectwise.state.customFieldValue(SYNC_CONFIGURATIONS.collector, SYNC_LINK_CAPTION),
		).toBeNull();
	});

	it('outputs no device items unless Output Device Details is on', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
		const result = await runSync(tenant, syncAgent({ dryRun: true }), [{}]);
		expect(result.outputs('Node')[1]).toEqual([]);
		expect(jsonOf(result.output('Node'))[0]).toMatchObject({ devices: 6, dryRun: true });
	});
});

describe('Sync › Sync Agent › Output Device Details', () => {
	const syncAgent = (
		options: INodeParameters,
		parameters: INodeParameters = {},
	): INodeParameters => ({
		resource: 'agent',
		operation: 'syncAgent',
		agentSelection: 'chosen',
		agents: [String(SYNC_AGENT)],
		companyLink: 'company',
		company: byId(SYNC_COMPANY),
		options,
		...parameters,
	});
	const changesAndProblems = { deviceDetails: true };
	const everyDevice = { deviceDetails: true, deviceDetailScope: 'everyDevice' };
	const devicesOf = (result: WorkflowRunResult) =>
		jsonOf(result.outputs('Node')[1]).map((json) => [
			json.deviceId,
			(json.settlement as IDataObject).status,
			(json.sync as IDataObject | undefined)?.status ?? null,
		]);
	const agentOf = (result: WorkflowRunResult) => jsonOf(result.output('Node'))[0];
	const hintsOf = (result: WorkflowRunResult) =>
		(result.run.data.resultData.runData.Node[0].hints ?? []).map((hint) => hint.message);
	const { drift, inSync, emptySource, junkSerial, locked, notLinked } = SYNC_DEVICES;

	it('by default outputs the devices with changes or problems only, and counts the others on their agent', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
		const dry = await runSync(tenant, syncAgent(changesAndProblems, { dryRun: true }), [{}]);
		expect(devicesOf(dry)).toEqual([
			[drift, 'alreadyLinked', 'planned'],
			[emptySource, 'alreadyLinked', 'planned'],
			[locked, 'alreadyLinked', 'planned'],
			[notLinked, 'unmatched', null],
		]);
		// In sync, the junk serial's skip is the same every run and needs nothing.
		expect(agentOf(dry)).toMatchObject({ devices: 6, devicesNotOutput: 2 });
		expect(hintsOf(dry)).toEqual([
			expect.stringMatching(/^2 devices already linked and in sync are not on the Devices output/),
		]);

		const every = await runSync(tenant, syncAgent(everyDevice, { dryRun: true }), [{}]);
		expect(devicesOf(every).map(([deviceId]) => deviceId)).toEqual([
			drift,
			inSync,
			emptySource,
			junkSerial,
			locked,
			notLinked,
		]);
		expect(agentOf(every)).not.toHaveProperty('devicesNotOutput');
		expect(hintsOf(every)).toEqual([]);
	});

	it('after a sync, outputs only the problems until a device changes again', async () => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
		expect((await runSync(tenant, syncAgent({}), [{}])).error).toBeUndefined();

		const resync = await runSync(tenant, syncAgent(changesAndProblems), [{}]);
		expect(devicesOf(resync)).toEqual([[notLinked, 'unmatched', null]]);
		expect(agentOf(resync)).toMatchObject({ devices: 6, unmatched: 1, devicesNotOutput: 5 });

		const record = tenant.domotz.state.deviceRecord(SYNC_AGENT, drift)!;
		record.device.user_data = { ...record.device.user_data, name: 'Core switch (renamed)' };
		const changed = await runSync(tenant, syncAgent(changesAndProblems), [{}]);
		expect(devicesOf(changed)).toEqual([
			[drift, 'alreadyLinked', 'updated'],
			[notLinked, 'unmatched', null],
		]);
		expect(agentOf(changed)).toMatchObject({ updated: 1, devicesNotOutput: 4 });
	});
});
