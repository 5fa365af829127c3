/**
 * What Sync Agent keeps in the workflow's static data between runs, through n8n-core: the
 * ConnectWise codebase, the companies found by the agents' Customer IDs and Domotz's
 * `concurrent_allowed`. A re-sync sends none of the reads they spare; a kept codebase that no
 * longer serves is discovered again; a kept company whose identifier moved to another company is
 * looked up again, and nothing is written into it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { ConnectWiseSeed } from '../simulators/connectwise';
import type { DomotzSeed } from '../simulators/domotz';
import { jsonOf } from './support';
import {
	CONFIGURATION_TYPES,
	runSync,
	SYNC_AGENT,
	SYNC_COMPANY,
	syncConnectWiseTenant,
	syncDomotzTenant,
	UnthrottledTenant,
} from './sync-fixtures';

const tenant = new UnthrottledTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

const CUSTOMER_ID = 'HARBOUR';
/** A company that takes the Customer ID over from SYNC_COMPANY. */
const NEW_COMPANY = 51;

function domotzSeed(): DomotzSeed {
	const seed = syncDomotzTenant();
	return {
		...seed,
		agents: seed.agents?.map((agent) => ({
			...agent,
			installation_info: { customer_id: CUSTOMER_ID },
		})),
	};
}

/** The fixture's company renamed `HARBOUR-OLD`, its identifier now a new company's. */
function identifierMoved(): ConnectWiseSeed {
	const seed = syncConnectWiseTenant();
	return {
		...seed,
		companies: [
			{ id: SYNC_COMPANY, identifier: 'HARBOUR-OLD', name: 'Harbour Dental (old)' },
			{ id: NEW_COMPANY, identifier: CUSTOMER_ID, name: 'Harbour Dental Group' },
		],
	};
}

const syncAgent: INodeParameters = {
	resource: 'agent',
	operation: 'syncAgent',
	agentSelection: 'chosen',
	agents: [String(SYNC_AGENT)],
	companyLink: 'customerId',
	syncMode: 'domotzToConnectWise',
};

const creating: INodeParameters = {
	createUnmatched: true,
	defaultType: String(CONFIGURATION_TYPES.networkDevice),
};

function resetCounts(): void {
	tenant.domotz.http.resetCounts();
	tenant.connectwise.http.resetCounts();
}

const nodeData = (staticData: IDataObject) => staticData['node:Node'] as IDataObject;

/** A first run that keeps what it read, then the counts cleared. */
async function firstRun(parameters: INodeParameters): Promise<IDataObject> {
	const staticData: IDataObject = {};
	tenant.load(domotzSeed(), syncConnectWiseTenant());
	const first = await runSync(tenant, parameters, [{}], { staticData });
	expect(first.error).toBeUndefined();
	resetCounts();
	return staticData;
}

describe('Sync › Sync Agent keeps between runs', () => {
	it('the codebase, the companies and the key’s usage: a re-sync reads none of them again', async () => {
		const staticData: IDataObject = {};
		tenant.load(domotzSeed(), syncConnectWiseTenant());

		const first = await runSync(tenant, syncAgent, [{}], { staticData });
		const firstCounts = {
			companyInfo: tenant.connectwise.http.count('GET', 'login.companyInfo'),
			companies: tenant.connectwise.http.count('GET', 'companies.list'),
			usage: tenant.domotz.http.count('GET', 'meta.usage'),
		};
		resetCounts();
		const second = await runSync(tenant, syncAgent, [{}], { staticData });

		expect([first.error, second.error]).toEqual([undefined, undefined]);
		expect(firstCounts).toEqual({ companyInfo: 1, companies: 1, usage: 1 });
		// The sweep, and the marker query of the device no configuration matches.
		expect(tenant.connectwise.http.counts()).toEqual({ 'GET configurations.list': 2 });
		expect(tenant.domotz.http.counts()).toEqual({ 'GET agent.list': 1, 'GET device.list': 1 });
		expect(jsonOf(second.output('Node'))[0]).toMatchObject({
			status: 'synced',
			companyId: SYNC_COMPANY,
			companyName: 'Harbour Dental',
		});
		expect(nodeData(staticData)).toMatchObject({
			connectWiseCodebase: { codebase: tenant.connectwise.codebase },
			knownCompanies: {
				harbour: { id: SYNC_COMPANY, identifier: CUSTOMER_ID, name: 'Harbour Dental' },
			},
			domotzConcurrentAllowed: expect.any(Number),
		});
	});

	it('Domotz’s concurrent_allowed: a run that writes nothing to Domotz reads no usage', async () => {
		const staticData = await firstRun(syncAgent);

		const run = await runSync(tenant, syncAgent, [{}], { staticData });

		expect(run.error).toBeUndefined();
		expect(tenant.domotz.http.counts()).toEqual({ 'GET agent.list': 1, 'GET device.list': 1 });
	});

	it('and reads the usage before the first Domotz write of a later run', async () => {
		const staticData = await firstRun(syncAgent);
		const toDomotz = { ...syncAgent, syncMode: 'connectWiseToDomotz' };

		const run = await runSync(tenant, toDomotz, [{}], { staticData });

		expect(run.error).toBeUndefined();
		const routes = tenant.domotz.http.requests().map((request) => request.route);
		const firstWrite = tenant.domotz.http
			.requests()
			.findIndex((request) => request.method !== 'GET');
		expect(firstWrite).toBeGreaterThan(0);
		expect(routes.filter((route) => route === 'meta.usage')).toHaveLength(1);
		expect(routes.indexOf('meta.usage')).toBeLessThan(firstWrite);
		expect(routes.indexOf('meta.usage')).toBeGreaterThan(routes.indexOf('agent.list'));
	});
});

describe('Sync › a kept codebase that no longer serves', () => {
	it('is discovered again at its first 404, and the request repeated under the new one', async () => {
		const staticData = await firstRun(syncAgent);
		const kept = nodeData(staticData).connectWiseCodebase as IDataObject;
		nodeData(staticData).connectWiseCodebase = { ...kept, codebase: 'v2019_1/' };

		const run = await runSync(tenant, syncAgent, [{}], { staticData });

		expect(run.error).toBeUndefined();
		expect(jsonOf(run.output('Node'))[0]).toMatchObject({ status: 'synced', failed: 0 });
		expect(tenant.connectwise.http.count('GET', 'login.companyInfo')).toBe(1);
		const stale = tenant.connectwise.http
			.requests()
			.filter((request) => request.path.startsWith('/v2019_1/'));
		expect(stale.length).toBeGreaterThan(0);
		expect(stale.every((request) => request.status === 404)).toBe(true);
		expect(nodeData(staticData).connectWiseCodebase).toEqual(kept);
	});

	it('is not used for another tenant: a changed credential discovers its own', async () => {
		const staticData = await firstRun(syncAgent);
		const kept = nodeData(staticData).connectWiseCodebase as IDataObject;
		nodeData(staticData).connectWiseCodebase = { tenant: 'elsewhere|other', codebase: 'v2019_1/' };

		const run = await runSync(tenant, syncAgent, [{}], { staticData });

		expect(run.error).toBeUndefined();
		expect(tenant.connectwise.http.count('GET', 'login.companyInfo')).toBe(1);
		expect(tenant.connectwise.http.requests().filter((request) => request.status === 404)).toEqual(
			[],
		);
		expect(nodeData(staticData).connectWiseCodebase).toEqual(kept);
	});
});

describe('Sync › a kept company whose identifier moved to another company', () => {
	const configurationsOf = (companyId: number) =>
		tenant.connectwise.state
			.configurations()
			.filter((configuration) => configuration.company?.id === companyId)
			.map((configuration) => configuration.id);

	it('is looked up again: the devices go to the company the Customer ID names now, none into the old one', async () => {
		const parameters = { ...syncAgent, ...creating };
		const staticData = await firstRun(parameters);
		tenant.load(domotzSeed(), identifierMoved());
		const before = configurationsOf(SYNC_COMPANY);

		const run = await runSync(tenant, parameters, [{}], { staticData });

		expect(run.error).toBeUndefined();
		expect(jsonOf(run.output('Node'))[0]).toMatchObject({
			status: 'synced',
			companyId: NEW_COMPANY,
			companyName: 'Harbour Dental Group',
		});
		expect(tenant.connectwise.http.count('GET', 'companies.list')).toBe(1);
		expect(configurationsOf(SYNC_COMPANY)).toEqual(before);
		expect(configurationsOf(NEW_COMPANY).length).toBeGreaterThan(0);
		const written = tenant.connectwise.http
			.requests()
			.filter((request) => request.method !== 'GET')
			.map((request) => request.path);
		expect(written.filter((path) => path.includes(`/companies/${SYNC_COMPANY}/`))).toEqual([]);
		for (const id of before) {
			expect(written.filter((path) => path.endsWith(`/configurations/${id}`))).toEqual([]);
		}
		expect(nodeData(staticData).knownCompanies).toEqual({
			harbour: { id: NEW_COMPANY, identifier: CUSTOMER_ID, name: 'Harbour Dental Group' },
		});
	});
});

describe('Sync › Sync Agent creating devices and the collector in one company', () => {
	it('takes the company’s creation lease once for both', async () => {
		const seed = syncConnectWiseTenant();
		const withoutCollector: ConnectWiseSeed = {
			...seed,
			configurations: seed.configurations?.filter(
				(configuration) => configuration.macAddress !== '001e.0645.1201',
			),
		};
		tenant.load(domotzSeed(), withoutCollector);
		resetCounts();

		const run = await runSync(tenant, { ...syncAgent, ...creating }, [{}]);

		expect(run.error).toBeUndefined();
		expect(jsonOf(run.output('Node'))[0]).toMatchObject({
			status: 'synced',
			created: 1,
			collector: { status: 'linked', how: 'created' },
		});
		expect(tenant.connectwise.http.count('POST', 'companyNotes.create')).toBe(1);
		expect(tenant.connectwise.http.count('GET', 'companyNotes.list')).toBe(1);
		expect(tenant.connectwise.http.count('DELETE', 'companyNotes.delete')).toBe(1);
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(2);
	});
});
