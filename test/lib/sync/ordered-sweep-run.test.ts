import type { HttpRequest } from '../../../lib/http/port';
import { SyncWorkspace } from '../../../lib/sync/workspace';
import type { ConfigurationSeed } from '../../simulators/connectwise';
import {
	agentSyncOptions,
	configuration,
	connectWiseSeed,
	device,
	domotzSeed,
	synced,
	settledNow,
	Tenant,
} from './support';
import { runAgentSync } from '../../../lib/sync/sync-agent';

const tenant = new Tenant();
beforeAll(async () => await tenant.start());
afterAll(async () => await tenant.close());

/** Configurations `first`…`last` of a company that no device matches. */
function unmatched(first: number, last: number, companyId: number): ConfigurationSeed[] {
	return Array.from({ length: last - first + 1 }, (_, index) =>
		configuration(first + index, companyId, 0, {
			serial: `OTHER-${first + index}`,
			ip: `10.200.${Math.floor((first + index) / 250)}.${(first + index) % 250}`,
		}),
	);
}

const late = { serial: 'SN-LATE', mac: '00:11:22:33:55:01', ip: '10.0.9.1' };

/**
 * Two pages of configurations: in id order the first holds company 501's and the start of 502's,
 * the second the rest of 502's and then one more of 501 (id 2000), which matches device 1001.
 */
function load(): void {
	tenant.load(
		domotzSeed({ 9001: [device(1001, late)], 9002: [], 9003: [] }),
		connectWiseSeed([
			...unmatched(1, 600, 501),
			...unmatched(601, 1200, 502),
			configuration(2000, 501, 1001, late),
		]),
	);
}

const isSweep = (request: HttpRequest) =>
	request.method === 'GET' &&
	String(request.query?.conditions ?? '').startsWith('company/identifier in');

describe('Sync Agent sweep ordered by company', () => {
	beforeEach(load);

	it('serves a company as soon as the sweep has passed it, while later pages are on their way', async () => {
		let releasePageTwo = () => {};
		const pageTwo = new Promise<void>((resolve) => (releasePageTwo = resolve));
		const workspace = new SyncWorkspace(
			tenant.clients(async (request) => {
				if (isSweep(request) && request.query?.page === 2) await pageTwo;
				return request;
			}),
		);
		await workspace.prefetchAgents(await workspace.agents(), { kind: 'customerId' });
		const first = await workspace.configurationsOf(501);
		expect(first.map(({ id }) => id)).toEqual([
			...unmatched(1, 600, 501).map(({ id }) => id),
			2000,
		]);
		const second = workspace.configurationsOf(502);
		const confirmed = workspace.configurationsConfirmed();
		expect(await settledNow(second)).toBe('pending');
		expect(await settledNow(confirmed)).toBe('pending');
		releasePageTwo();
		expect(await second).toHaveLength(600);
		expect(await confirmed).toBe(true);
		expect(await workspace.configurationsOf(501)).toBe(first);
	});

	it('asks for the configurations by company, then id, and reads none again when the order holds', async () => {
		const reports = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(synced(reports).map(({ counts }) => [counts.newlyLinked, counts.created])).toEqual([
			[1, 0],
			[0, 0],
			[0, 0],
		]);
		expect(tenant.linkOf(2000)).toBe('domotz:9001/1001');
		const sweeps = tenant.sent.filter(isSweep);
		expect(sweeps.map((request) => [request.query?.orderBy, request.query?.page])).toEqual([
			['company/id asc, id asc', 1],
			['company/id asc, id asc', 2],
		]);
	});

	it('writes nothing planned from a company handed out too early when ConnectWise ignores the order, and syncs the agent again from a new read', async () => {
		const ignoringOrder = (request: HttpRequest): HttpRequest =>
			request.query?.orderBy === 'company/id asc, id asc'
				? { ...request, query: { ...request.query, orderBy: undefined } }
				: request;
		const reports = await runAgentSync(tenant.clients(ignoringOrder), agentSyncOptions());
		const [agent] = synced(reports);
		expect(agent.counts).toMatchObject({ newlyLinked: 1, created: 0, failed: 0 });
		expect(agent.devices[0].settlement).toMatchObject({
			status: 'linkedExisting',
			configurationId: 2000,
		});
		// No create and no creation lease: only the link saved by the agent's second planning.
		expect(tenant.writes()).toEqual({ 'PATCH configurations.patch': 1 });
		expect(tenant.connectwise.state.configurations()).toHaveLength(1201);
		expect(tenant.linkOf(2000)).toBe('domotz:9001/1001');
		// The ordered sweep's two pages, then the same configurations again by id.
		expect(
			tenant.sent.filter(isSweep).map((request) => [request.query?.orderBy, request.query?.page]),
		).toEqual([
			['company/id asc, id asc', 1],
			['company/id asc, id asc', 2],
			['id asc', 1],
			['id asc', 2],
		]);
	});

	it('reports agents in their own order when their companies come in another', async () => {
		const seed = domotzSeed({ 9001: [device(1001, late)], 9002: [], 9003: [] });
		const reversed: Record<number, string> = { 9001: 'THREE', 9002: 'TWO', 9003: 'ONE' };
		tenant.load(
			{
				...seed,
				agents: seed.agents?.map((agent) => ({
					...agent,
					installation_info: { customer_id: reversed[agent.id] },
				})),
			},
			connectWiseSeed([...unmatched(1, 10, 501), configuration(2000, 503, 1001, late)]),
		);
		const reports = await runAgentSync(tenant.clients(), agentSyncOptions());
		expect(
			synced(reports).map(({ agentId, company, counts }) => [
				agentId,
				company.id,
				counts.newlyLinked,
			]),
		).toEqual([
			[9001, 503, 1],
			[9002, 502, 0],
			[9003, 501, 0],
		]);
	});
});
