/**
 * The safe Company Link: the agent's Customer ID by default on every action, All Agents never
 * poured into One Company, and a hint naming the agents One Company sends to the same company.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowRunResult } from '../harness/n8n-runner';
import {
	AGENTS,
	COMPANIES,
	CONFIGURATIONS,
	DEVICES,
	connectWiseTenant,
	domotzTenant,
} from './fixtures';
import { SimulatedTenant, byId, jsonOf } from './support';

const tenant = new SimulatedTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});
beforeEach(() => {
	tenant.load(domotzTenant(), connectWiseTenant({ linkField: true }));
});

/** Items as Domotz › Get Devices outputs them. */
const deviceItems = (agentId: number, deviceIds: readonly number[]): IDataObject[] =>
	deviceIds.map((id) => ({ ...tenant.domotz.state.device(agentId, id), agent_id: agentId }));

const twoAgentsItems = () => [
	...deviceItems(AGENTS.northwind, [DEVICES.serial]),
	...deviceItems(AGENTS.contoso, [DEVICES.contosoSerial]),
];

const oneCompany = { companyLink: 'company', company: byId(COMPANIES.northwind) };

const syncAgent = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'agent',
	operation: 'syncAgent',
	...parameters,
});

const hintsOf = (result: WorkflowRunResult) =>
	(result.run.data.resultData.runData.Node[0].hints ?? []).map((hint) => hint.message);

const requestCount = () =>
	tenant.domotz.http.requests().length + tenant.connectwise.http.requests().length;

describe('Sync › Company Link by default', () => {
	it('is the agent Customer ID: Sync Agent syncs each agent into the company it names, and skips the others with the reason', async () => {
		const result = await tenant.run('sync', syncAgent({ dryRun: true }), [{}]);
		expect(result.error).toBeUndefined();
		const agents = jsonOf(result.output('Node'));
		expect(agents.map((agent) => [agent.agentId, agent.status, agent.companyId])).toEqual([
			[AGENTS.northwind, 'synced', COMPANIES.northwind],
			[AGENTS.contoso, 'skipped', null],
			[AGENTS.basicPlan, 'skipped', null],
			[AGENTS.orphan, 'skipped', null],
		]);
		expect(agents.slice(1).map((agent) => agent.reason)).toEqual([
			expect.stringMatching(/has no Customer ID set in Domotz/),
			expect.stringMatching(/plan does not allow API access/),
			expect.stringMatching(/no ConnectWise company has the identifier "NO-SUCH-CUSTOMER"/),
		]);
	});

	it('gives every agent item the same columns, a skipped agent zero counts and its reason', async () => {
		const result = await tenant.run('sync', syncAgent({ dryRun: true }), [{}]);
		const agents = jsonOf(result.output('Node'));
		const columns = Object.keys(agents[0]);
		for (const agent of agents) expect(Object.keys(agent)).toEqual(columns);
		const counts = ['devices', 'failed', 'linked', 'created', 'updated', 'planned', 'gone'];
		for (const skipped of agents.filter((agent) => agent.status === 'skipped')) {
			expect(counts.map((count) => skipped[count])).toEqual(counts.map(() => 0));
			expect(skipped).toMatchObject({ companyName: null, reason: expect.any(String) });
			expect(Object.values(skipped)).not.toContain(undefined);
		}
		expect(agents[0].reason).toBeNull();
	});

	it('is the agent Customer ID for Match to Configurations too', async () => {
		const result = await tenant.run('sync', { operation: 'matchConfigurations' }, [
			...deviceItems(AGENTS.northwind, [DEVICES.serial]),
			...deviceItems(AGENTS.contoso, [DEVICES.contosoSerial]),
		]);
		const [northwind, contoso] = jsonOf(result.output('Node'));
		expect(northwind).toMatchObject({
			status: 'matched',
			companyId: COMPANIES.northwind,
			configurationId: CONFIGURATIONS.serial,
		});
		expect(contoso).toMatchObject({ status: 'unresolvedCompany', companyId: null });
		expect(contoso.companyProblem).toMatch(/has no Customer ID set in Domotz/);
	});
});

describe('Sync › Sync Agent refuses All Agents into One Company', () => {
	it('fails before any request, naming the options to use instead', async () => {
		const result = await tenant.run('sync', syncAgent({ agentSelection: 'all', ...oneCompany }), [
			{},
		]);
		expect(result.error?.message).toMatch(
			/"All Agents With a Company" cannot go with Company Link "One Company"/,
		);
		const description = String(result.error?.description);
		for (const option of [
			'Chosen Agents',
			'Agent Customer ID Is the Company Identifier',
			'Table of Agents and Companies',
		]) {
			expect(description).toContain(option);
		}
		expect(requestCount()).toBe(0);
	});

	it('still syncs chosen agents into One Company', async () => {
		const result = await tenant.run(
			'sync',
			syncAgent({ agentSelection: 'chosen', agents: [String(AGENTS.northwind)], ...oneCompany }),
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output('Node'))).toEqual([
			expect.objectContaining({ status: 'synced', companyId: COMPANIES.northwind }),
		]);
		expect(hintsOf(result)).toEqual([]);
	});
});

describe('Sync › One Company receiving the devices of several agents', () => {
	const note = `Company Link › One Company sent the devices of 2 agents (${AGENTS.northwind}, ${AGENTS.contoso}) to company "Northwind Traders" (${COMPANIES.northwind})`;

	it('Match to Configurations names the agents in a hint, and leaves the items as they are', async () => {
		const result = await tenant.run(
			'sync',
			{ operation: 'matchConfigurations', ...oneCompany },
			twoAgentsItems(),
		);
		expect(result.error).toBeUndefined();
		expect(hintsOf(result)).toEqual([expect.stringContaining(note)]);
		expect(hintsOf(result)[0]).toMatch(/Agent Customer ID Is the Company Identifier/);
		for (const item of jsonOf(result.output('Node'))) {
			expect(item).toMatchObject({ companyId: COMPANIES.northwind });
			expect(Object.keys(item)).not.toContain('note');
		}
	});

	it('Match to Configurations gives no hint for the devices of one agent', async () => {
		const result = await tenant.run(
			'sync',
			{ operation: 'matchConfigurations', ...oneCompany },
			deviceItems(AGENTS.northwind, [DEVICES.serial, DEVICES.mac]),
		);
		expect(hintsOf(result)).toEqual([]);
	});

	it('Create Configurations names them too', async () => {
		const result = await tenant.run(
			'sync',
			{ operation: 'createConfigurations', ...oneCompany, defaultType: '1', dryRun: true },
			twoAgentsItems(),
		);
		expect(result.error).toBeUndefined();
		expect(hintsOf(result)).toEqual([expect.stringContaining(note)]);
	});

	it('Sync Agent names the chosen agents it synced into that company', async () => {
		const result = await tenant.run(
			'sync',
			syncAgent({
				agentSelection: 'chosen',
				agents: [String(AGENTS.northwind), String(AGENTS.contoso)],
				...oneCompany,
				dryRun: true,
			}),
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(hintsOf(result)).toEqual([expect.stringContaining(note)]);
	});
});
