import {
	agentSyncOptions,
	configuration,
	connectWiseSeed,
	device,
	domotzSeed,
	synced,
	Tenant,
} from './support';
import { runAgentSync, type AgentSyncReport } from '../../../lib/sync/sync-agent';

const tenant = new Tenant();
beforeAll(async () => await tenant.start());
afterAll(async () => await tenant.close());

const keys = {
	stale: { serial: 'SN-1001', mac: '00:11:22:33:44:01', ip: '10.0.1.1' },
	agreeing: { serial: 'SN-1002', mac: '00:11:22:33:44:02', ip: '10.0.1.2' },
	unmatchedOne: { serial: 'SN-1003', mac: '00:11:22:33:44:03', ip: '10.0.1.3' },
	byMac: { mac: '00:11:22:33:44:21', ip: '10.0.2.1' },
	unmatchedTwo: { serial: 'SN-2002', mac: '00:11:22:33:44:22', ip: '10.0.2.2' },
	byIp: { ip: '10.0.3.1' },
};

/**
 * Three agents of three companies: matched devices with and without stale fields, devices that
 * match nothing, and a leftover configuration.
 */
function load(): void {
	tenant.load(
		domotzSeed({
			9001: [
				device(1001, keys.stale),
				device(1002, keys.agreeing),
				device(1003, keys.unmatchedOne),
			],
			9002: [device(2001, keys.byMac), device(2002, keys.unmatchedTwo)],
			9003: [device(3001, keys.byIp)],
		}),
		connectWiseSeed([
			configuration(101, 501, 1001, keys.stale, { name: 'old-name' }),
			configuration(102, 501, 1002, keys.agreeing),
			configuration(201, 502, 2001, keys.byMac, { modelNumber: 'Old model' }),
			configuration(301, 503, 3001, keys.byIp),
			configuration(302, 503, 9999, { serial: 'RETIRED', ip: '10.9.9.9' }, { name: 'retired' }),
		]),
	);
}

describe('Sync Agent on three agents', () => {
	let first: AgentSyncReport[];
	let firstCounts: Record<string, number>;

	beforeAll(async () => {
		load();
		first = await runAgentSync(tenant.clients(), agentSyncOptions());
		firstCounts = tenant.counts();
	});

	it('reports every agent in order, each with what it linked, created and updated', () => {
		expect(
			synced(first).map(({ agentId, counts }) => [
				agentId,
				counts.newlyLinked,
				counts.created,
				counts.updated,
				counts.failed,
			]),
		).toEqual([
			[9001, 2, 1, 1, 0],
			[9002, 1, 1, 1, 0],
			[9003, 1, 0, 0, 0],
		]);
	});

	it('saves each new link and its field changes in one PATCH per configuration', () => {
		expect(firstCounts['PATCH configurations.patch']).toBe(4);
		expect(firstCounts['POST configurations.create']).toBe(2);
		expect(tenant.connectwise.state.configuration(101)).toMatchObject({ name: 'device-1001' });
		expect(tenant.connectwise.state.configuration(201)).toMatchObject({ modelNumber: 'C9200L' });
		expect([101, 102, 201, 301].map((id) => tenant.linkOf(id))).toEqual([
			'domotz:9001/1001',
			'domotz:9001/1002',
			'domotz:9002/2001',
			'domotz:9003/3001',
		]);
		expect(tenant.linkOf(302)).toBeNull();
	});

	it('reports the link as saved and the PATCH by the fields it changed', () => {
		const [agent] = synced(first);
		const stale = agent.devices.find((detail) => detail.deviceId === 1001)!;
		expect(stale.settlement).toEqual({
			status: 'linkedExisting',
			configurationId: 101,
			configurationName: 'old-name',
			matchedBy: 'serial',
			link: { status: 'saved', mirroredInDomotz: false },
		});
		expect(stale.sync).toMatchObject({
			status: 'updated',
			configuration: { id: 101, name: 'device-1001' },
			writes: [{ target: 'ConnectWise', what: 'name', status: 'done' }],
		});
		const agreeing = agent.devices.find((detail) => detail.deviceId === 1002)!;
		expect(agreeing.settlement).toMatchObject({
			status: 'linkedExisting',
			link: { status: 'saved' },
		});
		expect(agreeing.sync).toMatchObject({ status: 'unchanged', writes: [] });
	});

	it('looks up the companies of all agents at once and sweeps their configurations at once', () => {
		expect(firstCounts['GET companies.list']).toBe(1);
		// One sweep, and one query per agent that creates for links kept in other companies.
		expect(firstCounts['GET configurations.list']).toBe(1 + 2);
		expect(firstCounts['GET device.list']).toBe(3);
		expect(firstCounts['GET userDefinedFields.list']).toBeUndefined();
	});

	it('sweeps by the Customer IDs the lookup uses, asking only for the fields a sync reads', () => {
		const sweep = tenant.sent.find(
			(request) =>
				request.url.endsWith('/company/configurations') &&
				String(request.query?.conditions).startsWith('company/identifier in'),
		);
		expect(sweep?.query).toMatchObject({
			conditions: 'company/identifier in ("ONE", "TWO", "THREE")',
			fields:
				'id,name,company/id,company/identifier,company/name,activeFlag,deviceIdentifier,customFields,serialNumber,macAddress,ipAddress,modelNumber,manufacturer/id,manufacturer/name,osType,osInfo,site/id,site/name,notes',
		});
	});

	it('writes nothing on a second run and reads no manufacturers when no name differs', async () => {
		tenant.resetCounts();
		const second = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(tenant.writes()).toEqual({});
		expect(synced(second).map(({ counts }) => [counts.linked, counts.unchanged])).toEqual([
			[3, 3],
			[2, 2],
			[1, 1],
		]);
		expect(tenant.counts()).toEqual({
			'GET agent.list': 1,
			'GET device.list': 3,
			'GET companies.list': 1,
			'GET configurations.list': 1,
		});
	});
});

describe('Sync Agent given a way to wait for the next turn of the event loop', () => {
	beforeEach(load);

	const writesSoFar = () =>
		Object.entries(tenant.counts()).filter(([route]) => !route.startsWith('GET '));

	it('goes no further with an agent until its turn comes, and then syncs the same', async () => {
		let release!: () => void;
		const turnComes = new Promise<void>((resolve) => (release = resolve));
		let allWaiting!: () => void;
		const everyAgentWaits = new Promise<void>((resolve) => (allWaiting = resolve));
		let turns = 0;
		const run = runAgentSync(
			tenant.clients(),
			agentSyncOptions({
				nextTurn: async () => {
					turns += 1;
					if (turns === 3) allWaiting();
					await turnComes;
				},
			}),
		);
		await everyAgentWaits;
		// A round trip to the simulator: time for whatever does not wait for the turn to go on.
		await tenant.clients().domotz.listAgents();
		expect(turns).toBe(3);
		expect(writesSoFar()).toEqual([]);
		release();
		const reports = await run;
		expect(synced(reports).map(({ counts }) => counts.newlyLinked)).toEqual([2, 1, 1]);
		expect(tenant.counts()['PATCH configurations.patch']).toBe(4);
		expect(turns).toBe(2 * 3);
	});
});

describe('Sync Agent when a batched read fails', () => {
	beforeEach(load);

	it('looks the companies up one by one when the lookup of all of them is refused', async () => {
		tenant.connectwise.http.setFaults([
			{ route: 'companies.list', fault: { type: 'status', status: 400 }, rate: 1, times: 1 },
		]);
		const reports = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(reports.map((report) => report.status)).toEqual(['synced', 'synced', 'synced']);
		expect(tenant.counts()['GET companies.list']).toBe(1 + 3);
	});

	const sweepsSent = () =>
		tenant.sent
			.filter((request) => request.url.endsWith('/company/configurations'))
			.map((request) => [request.query?.conditions, request.query?.orderBy]);

	it('reads the configurations again by id when the sweep ordered by company is refused', async () => {
		tenant.connectwise.http.setFaults([
			{ route: 'configurations.list', fault: { type: 'status', status: 400 }, rate: 1, times: 1 },
		]);
		const reports = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(synced(reports).map(({ counts }) => counts.newlyLinked)).toEqual([2, 1, 1]);
		expect(tenant.counts()['PATCH configurations.patch']).toBe(4);
		expect(sweepsSent().slice(0, 2)).toEqual([
			['company/identifier in ("ONE", "TWO", "THREE")', 'company/id asc, id asc'],
			['company/identifier in ("ONE", "TWO", "THREE")', 'id asc'],
		]);
		expect(
			sweepsSent().filter(([conditions]) => String(conditions).startsWith('company/id =')),
		).toEqual([]);
	});

	it('sweeps company by company when both reads of all of them are refused', async () => {
		tenant.connectwise.http.setFaults([
			{ route: 'configurations.list', fault: { type: 'status', status: 400 }, rate: 1, times: 2 },
		]);
		const reports = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(synced(reports).map(({ counts }) => counts.newlyLinked)).toEqual([2, 1, 1]);
		expect(tenant.counts()['PATCH configurations.patch']).toBe(4);
		expect(
			sweepsSent()
				.map(([conditions]) => String(conditions))
				.filter((conditions) => conditions.startsWith('company/id =')),
		).toEqual(['company/id = 501', 'company/id = 502', 'company/id = 503']);
	});
});

describe('Sync Agent when ConnectWise refuses a field', () => {
	beforeEach(load);

	it('still saves the link alone and reports the field write as failed', async () => {
		const refusal = { code: 'InvalidObject', message: 'configuration object is invalid' };
		tenant.connectwise.http.setFaults([
			{
				route: 'configurations.patch',
				fault: { type: 'status', status: 400, body: refusal },
				rate: 1,
				times: 1,
			},
		]);
		const reports = await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [9002], create: undefined }),
		);
		const [agent] = synced(reports);
		const byMac = agent.devices.find((detail) => detail.deviceId === 2001)!;
		expect(byMac.settlement).toMatchObject({
			status: 'linkedExisting',
			link: { status: 'saved' },
		});
		expect(byMac.sync).toMatchObject({
			status: 'partlyFailed',
			writes: [{ target: 'ConnectWise', what: 'modelNumber', status: 'failed' }],
		});
		expect(tenant.linkOf(201)).toBe('domotz:9002/2001');
		expect(tenant.connectwise.state.configuration(201)).toMatchObject({ modelNumber: 'Old model' });
		expect(tenant.counts()['PATCH configurations.patch']).toBe(2);
	});

	it('does not sync a device whose link cannot be saved', async () => {
		tenant.connectwise.http.setFaults([
			{ route: 'configurations.patch', fault: { type: 'status', status: 404 }, rate: 1 },
		]);
		const reports = await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [9002], create: undefined }),
		);
		const byMac = synced(reports)[0].devices.find((detail) => detail.deviceId === 2001)!;
		expect(byMac.settlement).toMatchObject({
			status: 'linkedExisting',
			link: { status: 'notSaved' },
		});
		expect(byMac.sync).toBeUndefined();
		expect(tenant.counts()['PATCH configurations.patch']).toBe(1);
	});
});

describe('Sync Agent with the link mirror', () => {
	beforeEach(load);

	it('mirrors each new link after the PATCH that saved it', async () => {
		const reports = await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [9001], create: undefined, mirrorInDomotz: true }),
		);
		const [agent] = synced(reports);
		expect(agent.devices.map((detail) => detail.settlement)).toEqual([
			expect.objectContaining({ link: { status: 'saved', mirroredInDomotz: true } }),
			expect.objectContaining({ link: { status: 'saved', mirroredInDomotz: true } }),
			{ status: 'unmatched' },
		]);
		const mirrors = [1001, 1002].map(
			(deviceId) =>
				tenant.domotz.state
					.deviceInventory(9001, deviceId)
					?.find((field) => field.key === 'connectwise_configuration_id')?.value,
		);
		expect(mirrors).toEqual(['101', '102']);
		expect(tenant.counts()['PUT inventory.setValue']).toBe(2);
	});
});

describe('Sync Agent setup shared by agents that run side by side', () => {
	it('creates a missing manufacturer once for all agents that name it', async () => {
		const newco = { vendor: 'Newco' };
		tenant.load(
			domotzSeed({
				9001: [device(1003, keys.unmatchedOne, newco)],
				9002: [device(2002, keys.unmatchedTwo, newco)],
			}),
			connectWiseSeed([]),
		);
		const reports = await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ createMissingManufacturers: true }),
		);
		expect(synced(reports).map(({ counts }) => counts.created)).toEqual([1, 1, 0]);
		expect(tenant.counts()['POST manufacturers.create']).toBe(1);
		const newcoIds = tenant.connectwise.state
			.configurations()
			.map((created) => created.manufacturer?.name);
		expect(newcoIds).toEqual(['Newco', 'Newco']);
	});

	it('creates the link field once for all agents when the tenant has none yet', async () => {
		tenant.load(
			domotzSeed({
				9001: [device(1002, keys.agreeing)],
				9002: [device(2001, keys.byMac)],
				9003: [device(3001, keys.byIp)],
			}),
			{
				...connectWiseSeed([
					configuration(102, 501, 1002, keys.agreeing),
					configuration(201, 502, 2001, keys.byMac),
					configuration(301, 503, 3001, keys.byIp),
				]),
				userDefinedFields: [],
			},
		);
		const reports = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(synced(reports).map(({ counts }) => counts.newlyLinked)).toEqual([1, 1, 1]);
		expect(tenant.counts()['GET userDefinedFields.list']).toBe(1);
		expect(tenant.counts()['POST userDefinedFields.create']).toBe(1);
		expect([102, 201, 301].map((id) => tenant.linkOf(id))).toEqual([
			'domotz:9001/1002',
			'domotz:9002/2001',
			'domotz:9003/3001',
		]);
	});
});

describe('Sync Agent collector found by its licence MAC', () => {
	it('saves its link and its field changes in one PATCH', async () => {
		const seed = domotzSeed({ 9003: [device(3001, keys.byIp)] });
		seed.agents = seed.agents.map((agent) =>
			agent.id === 9003 ? { ...agent, licence: { bound_mac_address: '00:AA:BB:CC:DD:EE' } } : agent,
		);
		tenant.load(
			seed,
			connectWiseSeed([
				configuration(301, 503, 3001, keys.byIp),
				configuration(303, 503, 0, { mac: '00aa.bbcc.ddee', ip: '10.0.3.254' }, { name: 'box' }),
			]),
		);
		const reports = await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [9003], create: undefined, collector: {} }),
		);
		const [agent] = synced(reports);
		expect(agent.collector).toMatchObject({
			status: 'linked',
			configurationId: 303,
			how: 'mac',
			sync: { status: 'updated', configuration: { name: 'Agent THREE' } },
		});
		expect(tenant.linkOf(303)).toBe('domotz:9003/0');
		expect(tenant.connectwise.state.configuration(303)).toMatchObject({
			name: 'Agent THREE',
			osType: 'Domotz Collector',
		});
		// One for the device, one for the collector.
		expect(tenant.counts()['PATCH configurations.patch']).toBe(2);
	});
});

describe('Sync Agent lookups for references', () => {
	it.each([
		['reads no sites when every zone names the site the configuration has', 'Main', 0],
		['reads the sites of a company where a zone names another site', 'Annex', 1],
	])('%s', async (_, zone, siteReads) => {
		tenant.load(
			domotzSeed({
				9001: [device(1002, keys.agreeing, { details: { serial: keys.agreeing.serial, zone } })],
			}),
			{
				...connectWiseSeed([configuration(102, 501, 1002, keys.agreeing, { site: { id: 10 } })]),
				sites: [
					{ id: 10, name: 'Main', company: { id: 501 } },
					{ id: 11, name: 'Annex', company: { id: 501 } },
				],
			},
		);
		await runAgentSync(tenant.clients(), agentSyncOptions({ agents: [9001] }));
		expect(tenant.counts()['GET sites.list'] ?? 0).toBe(siteReads);
		expect(tenant.connectwise.state.configuration(102)?.site?.name).toBe(zone);
	});
});

describe('Sync Agent reads in the order the answers are needed', () => {
	/** 9001 names a company ConnectWise does not have, 9002 names none, 9003 names its own. */
	const customerIds: Record<number, { customer_id: string } | undefined> = {
		9001: { customer_id: 'NOPE' },
		9002: undefined,
		9003: { customer_id: 'THREE' },
	};

	function loadWithUnresolvedAgents(): void {
		const seed = domotzSeed({
			9001: [device(1002, keys.agreeing)],
			9002: [device(2001, keys.byMac)],
			9003: [device(3001, keys.byIp)],
		});
		tenant.load(
			{
				...seed,
				agents: seed.agents?.map((agent) => ({
					...agent,
					installation_info: customerIds[agent.id],
				})),
			},
			connectWiseSeed([configuration(301, 503, 3001, keys.byIp)]),
		);
	}

	it('lists the devices of the leading agents that name a company while the lookup is on its way, and of no agent the lookup leaves out after that', async () => {
		loadWithUnresolvedAgents();
		const reports = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(reports.map((report) => [report.agentId, report.status])).toEqual([
			[9001, 'skipped'],
			[9002, 'skipped'],
			[9003, 'synced'],
		]);
		// 9001 is listed before the lookup says it has no company; 9002, after 9001 in the list and
		// without a Customer ID, is not; 9003 only once the lookup found its company.
		expect(
			tenant.domotz.http
				.requests()
				.filter((request) => request.route === 'device.list')
				.map((request) => request.path),
		).toEqual(['/agent/9001/device', '/agent/9003/device']);
	});

	it('sends the company lookup before the configuration sweep, which takes ConnectWise longer', async () => {
		load();
		await runAgentSync(tenant.clients(), agentSyncOptions());
		const lookup = tenant.sent.findIndex((request) => request.url.endsWith('/company/companies'));
		const sweep = tenant.sent.findIndex((request) =>
			String(request.query?.conditions).startsWith('company/identifier in'),
		);
		expect(lookup).toBeGreaterThanOrEqual(0);
		expect(sweep).toBeGreaterThan(lookup);
	});
});
