/**
 * Pause Agents After a Failed Sync, over several executions of one workflow sharing its static
 * data: scheduled runs (`trigger`) keep what they change; manual runs, as in n8n, change nothing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { loadOptions } from '../../nodes/DomotzConnectWiseSync/methods';
import { loadOptionsContext, type WorkflowRunResult } from '../harness/n8n-runner';
import { demoMsp } from '../simulators/generator';
import { byId, jsonOf, nodeTypes } from './support';
import { runSync, UnthrottledTenant } from './sync-fixtures';

const tenant = new UnthrottledTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

const generated = demoMsp();
const { truth } = generated;
const agentLinks = {
	links: Object.entries(truth.agentCompanies).flatMap(([agentId, companyId]) =>
		companyId === null ? [] : [{ agent: byId(agentId), company: byId(companyId), siteId: '' }],
	),
};
/** Agents with API access and a company, in the order Sync Agent visits them. */
const syncedAgents = truth.agents
	.filter((agent) => agent.apiEnabled && truth.agentCompanies[agent.agentId] !== null)
	.map((agent) => agent.agentId)
	.sort((a, b) => a - b);
const failingAgent = syncedAgents[1];
const failingName = truth.agents.find((agent) => agent.agentId === failingAgent)!.name;

const syncAgent = (
	options: IDataObject = {},
	parameters: INodeParameters = {},
): INodeParameters => ({
	resource: 'agent',
	operation: 'syncAgent',
	agentSelection: 'all',
	companyLink: 'mapping',
	agentLinks,
	syncCollector: false,
	options: { pauseFailedAgents: true, ...options },
	...parameters,
});
const chosenFailingAgent = { agentSelection: 'chosen', agents: [String(failingAgent)] };
const resumeFailingAgent = { resumePausedAgents: [String(failingAgent)] };

/** The failing agent's device list, the second Sync Agent reads, refused with a 403 (never retried). */
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

const staticData: IDataObject = {};
const nodeData = () => staticData['node:Node'] as IDataObject;
const storedPauses = () =>
	((nodeData().pausedAgents as IDataObject | undefined)?.pauses as IDataObject[] | undefined) ?? [];

/** A run of the workflow on its schedule (or another trigger), with the example's error output. */
async function scheduled(parameters: INodeParameters): Promise<WorkflowRunResult> {
	tenant.domotz.http.resetCounts();
	const result = await runSync(tenant, parameters, [{}], {
		staticData,
		mode: 'trigger',
		onError: 'continueErrorOutput',
	});
	tenant.domotz.http.setFaults([]);
	expect(result.error).toBeUndefined();
	return result;
}

const agentOf = (result: WorkflowRunResult, agentId = failingAgent) =>
	jsonOf(result.output('Node')).find((json) => json.agentId === agentId)!;
const errorsOf = (result: WorkflowRunResult) => jsonOf(result.outputs('Node')[2] ?? []);
const hintsOf = (result: WorkflowRunResult) =>
	(result.run.data.resultData.runData.Node[0].hints ?? []).map((hint) => hint.message);
const readsOfFailingAgent = () =>
	tenant.domotz.http
		.requests()
		.filter((request) => request.path.startsWith(`/agent/${failingAgent}/`));

/** Each step runs on the static data the step before left, as one workflow's executions do. */
describe('Sync › Sync Agent › Pause Agents After a Failed Sync', () => {
	let lastSuccess: string;
	let pausedAt: string;

	beforeAll(async () => {
		tenant.load(generated.domotz, generated.connectwise);
		const first = await scheduled(syncAgent());
		lastSuccess = agentOf(first).lastSuccessfulSync as string;
		expect(Number.isNaN(Date.parse(lastSuccess))).toBe(false);
	});

	it('pauses the failed agent: its Failed Sync says so, the static data keeps its failure and time', async () => {
		failSecondDeviceList();
		const result = await scheduled(syncAgent());
		const [failure] = errorsOf(result);
		expect(errorsOf(result)).toHaveLength(1);
		expect(failure.error).toContain(`Failed Sync of agent "${failingName}" (${failingAgent}):`);
		expect(failure.error).toContain(`Last successful sync: ${lastSuccess}`);
		expect(failure.error).toContain(
			'Paused: scheduled runs skip this agent until it is chosen in Resume Paused Agents',
		);
		expect(storedPauses()).toEqual([
			{
				agentId: failingAgent,
				agentName: failingName,
				pausedBecause: expect.stringMatching(/403/),
				pausedAt: expect.any(String),
			},
		]);
		pausedAt = storedPauses()[0].pausedAt as string;
		expect(Date.parse(pausedAt)).toBeGreaterThan(Date.parse(lastSuccess));
		expect(jsonOf(result.output('Node')).map((json) => json.status)).not.toContain('paused');
	});

	it('leaves the paused agent out of the next scheduled run, reading nothing of it', async () => {
		const result = await scheduled(syncAgent());
		expect(errorsOf(result)).toEqual([]);
		expect(agentOf(result)).toMatchObject({
			status: 'paused',
			reason: expect.stringContaining('Resume Paused Agents'),
			pausedBecause: storedPauses()[0].pausedBecause,
			pausedAt,
			lastSuccessfulSync: lastSuccess,
			companyId: null,
			devices: 0,
			failed: 0,
			updated: 0,
		});
		expect(readsOfFailingAgent()).toEqual([]);
		const others = jsonOf(result.output('Node')).filter((json) => json.agentId !== failingAgent);
		expect(others.filter((json) => json.status === 'synced')).toHaveLength(syncedAgents.length - 1);
		for (const other of others) expect(other).toMatchObject({ pausedAt: null });
	});

	it('leaves it out of a scheduled run of Chosen Agents naming it too', async () => {
		const result = await scheduled(syncAgent({}, chosenFailingAgent));
		expect(jsonOf(result.output('Node'))).toEqual([
			expect.objectContaining({ agentId: failingAgent, status: 'paused' }),
		]);
		expect(readsOfFailingAgent()).toEqual([]);
	});

	it('syncs it in a manual run naming it, to try a fix, and keeps it paused', async () => {
		// n8n runs a manual execution on the static data read from its database, and keeps none of
		// its changes.
		const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const result = await runSync(tenant, syncAgent({}, chosenFailingAgent), [{}], {
			staticData: copy,
			mode: 'manual',
		});
		expect(result.error).toBeUndefined();
		expect(agentOf(result)).toMatchObject({ status: 'synced', pausedAt });
		expect(hintsOf(result)).toEqual([
			expect.stringContaining(
				`Agent "${failingName}" (${failingAgent}) is paused since ${pausedAt}; this manual run syncs it anyway`,
			),
		]);
		expect((copy['node:Node'] as IDataObject).pausedAgents).toEqual(nodeData().pausedAgents);
	});

	it('resumes it with Resume Paused Agents: the next scheduled run syncs it and records its success', async () => {
		const result = await scheduled(syncAgent(resumeFailingAgent));
		const resumed = agentOf(result);
		expect(resumed).toMatchObject({ status: 'synced', failed: 0 });
		expect(resumed.pausedAt ?? null).toBeNull();
		expect(Date.parse(resumed.lastSuccessfulSync as string)).toBeGreaterThan(Date.parse(pausedAt));
		expect(storedPauses()).toEqual([]);
	});

	it('resumes only once: a new failure pauses it again though Resume Paused Agents still names it', async () => {
		failSecondDeviceList();
		const failed = await scheduled(syncAgent(resumeFailingAgent));
		expect(errorsOf(failed)[0].error).toContain('Paused:');
		const next = await scheduled(syncAgent(resumeFailingAgent));
		expect(agentOf(next)).toMatchObject({ status: 'paused' });
		expect(readsOfFailingAgent()).toEqual([]);
	});

	it('resumes every paused agent with "All Paused Agents"', async () => {
		const result = await scheduled(syncAgent({ resumePausedAgents: ['all'] }));
		expect(agentOf(result)).toMatchObject({ status: 'synced' });
		expect(storedPauses()).toEqual([]);
	});

	it('pauses nothing with the option off: the failed agent is tried again by the next run', async () => {
		failSecondDeviceList();
		const failed = await scheduled(syncAgent({ pauseFailedAgents: false }));
		expect(errorsOf(failed)[0].error).not.toContain('Paused');
		expect(nodeData().pausedAgents).toBeUndefined();
		const next = await scheduled(syncAgent({ pauseFailedAgents: false }));
		expect(agentOf(next)).toMatchObject({ status: 'synced' });
		expect(Object.keys(agentOf(next))).not.toContain('pausedAt');
	});
});

describe('Sync › Sync Agent › Resume Paused Agents', () => {
	it('offers All Paused Agents first, then every agent of the account', async () => {
		tenant.load(generated.domotz, generated.connectwise);
		const context = loadOptionsContext({
			type: 'sync',
			nodeType: nodeTypes.sync,
			parameters: syncAgent(),
			credentials: tenant.credentials(),
		});
		const [first, ...agents] = await loadOptions.getAgentsToResume.call(context);
		expect(first).toEqual({ name: 'All Paused Agents', value: 'all' });
		expect(agents.map((agent) => agent.value).sort()).toEqual(
			truth.agents.map((agent) => String(agent.agentId)).sort(),
		);
	});
});
