import { call, startDomotz } from './harness';
import {
	DEFAULT_IDS,
	type AgentBase,
	type AgentDetail,
	type DomotzSeed,
	type DomotzSimulator,
} from './index';

const TEAMS = ['North', 'South', 'East'];

/** Agents 1..count named `Customer 001`..., spread over three teams. */
function tenantWithAgents(count: number): DomotzSeed {
	const agents: AgentDetail[] = Array.from({ length: count }, (_unused, index) => ({
		id: index + 1,
		display_name: `Customer ${String(index + 1).padStart(3, '0')}`,
		team: { id: index % TEAMS.length, name: TEAMS[index % TEAMS.length] },
		listen_on: '10.0.0.1:3000',
	}));
	return { agents, devices: {} };
}

function ids(body: unknown): number[] {
	return (body as AgentBase[]).map((agent) => agent.id);
}

function range(first: number, last: number): number[] {
	return Array.from({ length: last - first + 1 }, (_unused, index) => first + index);
}

describe('Domotz simulator: agents', () => {
	let simulator: DomotzSimulator;

	beforeAll(async () => {
		simulator = await startDomotz({ seed: tenantWithAgents(125) });
	});

	afterAll(async () => {
		await simulator.close();
	});

	it.each([
		['no paging parameters: the first 10', {}, range(1, 10)],
		['page_size 25', { page_size: 25 }, range(1, 25)],
		[
			'page_size 25, page_number 4 (the last full page)',
			{ page_size: 25, page_number: 4 },
			range(101, 125),
		],
		[
			'page_size 30, page_number 4 (a short last page)',
			{ page_size: 30, page_number: 4 },
			range(121, 125),
		],
		['page_size 100', { page_size: 100 }, range(1, 100)],
		['page_size 1, page_number 7', { page_size: 1, page_number: 7 }, [8]],
		['a page past the end', { page_number: 50 }, []],
	])('pages with %s', async (_case, query, expected) => {
		const reply = await call(simulator, 'GET', '/agent', { query });

		expect(reply.status).toBe(200);
		expect(ids(reply.body)).toEqual(expected);
	});

	it.each([
		['page_size above 100', { page_size: 101 }],
		['page_size 0', { page_size: 0 }],
		['a negative page_number', { page_number: -1 }],
		['a non-numeric page_size', { page_size: 'ten' }],
	])('rejects %s with 400', async (_case, query) => {
		const reply = await call(simulator, 'GET', '/agent', { query });

		expect(reply.status).toBe(400);
	});

	it.each([
		[
			'display_name, case-insensitively contained',
			{ display_name: 'customer 12' },
			range(120, 125),
		],
		['team_name', { team_name: 'east', page_size: 5 }, [3, 6, 9, 12, 15]],
		['both filters', { display_name: '00', team_name: 'North' }, [1, 4, 7, 100]],
		['a name nobody has', { display_name: 'Globex' }, []],
	])('filters by %s', async (_case, query, expected) => {
		const reply = await call(simulator, 'GET', '/agent', { query });

		expect(ids(reply.body)).toEqual(expected);
	});

	it.each([
		['all agents', {}, '125'],
		['a display_name filter (ignoring paging)', { display_name: 'customer 1', page_size: 1 }, '26'],
		['a team_name filter', { team_name: 'South' }, '42'],
	])('counts %s with HEAD: 204 and X-Entities-Count', async (_case, query, count) => {
		const reply = await call(simulator, 'HEAD', '/agent', { query });

		expect(reply.status).toBe(204);
		expect(reply.headers.get('x-entities-count')).toBe(count);
		expect(reply.text).toBe('');
	});

	it('serves list items without the detail-only listen_on', async () => {
		const reply = await call(simulator, 'GET', '/agent', { query: { page_size: 1 } });

		expect(reply.body).toEqual([
			{ id: 1, display_name: 'Customer 001', team: { id: 0, name: 'North' } },
		]);
	});

	describe('with clamping configured for oversized pages', () => {
		let clamping: DomotzSimulator;

		beforeAll(async () => {
			clamping = await startDomotz({
				seed: tenantWithAgents(125),
				quirks: { oversizedAgentPage: 'clamp' },
			});
		});

		afterAll(async () => {
			await clamping.close();
		});

		it('serves at most 100 agents', async () => {
			const reply = await call(clamping, 'GET', '/agent', { query: { page_size: 500 } });

			expect(reply.status).toBe(200);
			expect(ids(reply.body)).toEqual(range(1, 100));
		});
	});

	describe('agent detail (built-in tenant)', () => {
		let builtIn: DomotzSimulator;

		beforeAll(async () => {
			builtIn = await startDomotz();
		});

		afterAll(async () => {
			await builtIn.close();
		});

		it('adds listen_on, location and wan_info to the list item', async () => {
			const detail = await call(builtIn, 'GET', `/agent/${DEFAULT_IDS.agents.acme}`);
			const list = await call(builtIn, 'GET', '/agent');

			const listed = (list.body as AgentBase[]).find(
				(agent) => agent.id === DEFAULT_IDS.agents.acme,
			);
			expect(detail.status).toBe(200);
			expect(detail.body).toEqual({ ...listed, listen_on: '192.168.10.10:3000' });
			expect(detail.body).toMatchObject({
				location: { latitude: '45.4642', longitude: '9.1900' },
				wan_info: { hostname: 'acme-hq.example.net', ip: '198.51.100.24' },
			});
		});

		it('lists agents in id order', async () => {
			const reply = await call(builtIn, 'GET', '/agent');

			expect(ids(reply.body)).toEqual(Object.values(DEFAULT_IDS.agents));
		});
	});
});
