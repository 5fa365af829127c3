/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e check: node:assert */
import { deepEqual, equal, ok } from 'node:assert/strict';

import type { AgentTruth, GeneratedTenant } from '../../simulators/generator';
import {
	agentsSyncedByCustomerId,
	LINK_FIELD_CAPTION,
	linkMarker,
	runSucceeds,
} from '../check-support';
import type { Expectation, PublishedWorkflowCheck, Simulators, WorkflowRun } from '../contract';

const PUBLISHED_TRIGGER = 'When published';
const PAUSED_NOTE =
	'Paused: scheduled runs skip this agent until it is chosen in Resume Paused Agents';

/** The first agent Sync Agent visits: the first device list it reads is this agent's. */
const failingAgent = (tenant: GeneratedTenant): AgentTruth => agentsSyncedByCustomerId(tenant)[0];
const otherSyncedAgents = (tenant: GeneratedTenant): AgentTruth[] =>
	agentsSyncedByCustomerId(tenant).slice(1);

/** n8n keeps no static data of a manual execution: a manual run would pause nothing. */
const startedByPublishing = (run: WorkflowRun): Expectation => ({
	name: 'publishing started it: a trigger execution, not a manual one',
	verify: () => {
		equal(run.raw.mode, 'trigger');
		deepEqual(
			run.items(PUBLISHED_TRIGGER).map((json) => json.event),
			['Workflow published'],
		);
	},
});

/** Every Domotz request about one agent: its devices, its collector, anything below `/agent/{id}`. */
const requestsAbout = (simulators: Simulators, agent: AgentTruth): string[] =>
	simulators.domotz.http
		.requests()
		.map((request) => request.path)
		.filter(
			(path) => path === `/agent/${agent.agentId}` || path.startsWith(`/agent/${agent.agentId}/`),
		);

/**
 * Each agent's `[agentId, status]` on the Agents output: the other Customer ID agents synced, the
 * rest skipped, and the failing agent paused, or absent where its failure went to Failed Sync.
 */
function expectedStatuses(
	tenant: GeneratedTenant,
	failing: 'paused' | 'onFailedSync',
): unknown[][] {
	const others = otherSyncedAgents(tenant);
	return tenant.truth.agents.flatMap((agent) => {
		if (agent !== failingAgent(tenant)) {
			return [[agent.agentId, others.includes(agent) ? 'synced' : 'skipped']];
		}
		return failing === 'paused' ? [[agent.agentId, 'paused']] : [];
	});
}

const reportedStatuses = (run: WorkflowRun): unknown[][] =>
	run.items('Sync Agents').map((json) => [json.agentId, json.status]);

/**
 * Pause Agents After a Failed Sync in the real n8n, on executions that publishing the workflow
 * starts. The first one's sync fails on one agent's device list and pauses that agent in the
 * workflow's static data; the next one leaves it out, reading nothing of it, while the other
 * agents sync.
 */
export const check: PublishedWorkflowCheck = {
	publications: [
		{
			title: "first sync, one agent's device list refused",
			arrange: (simulators) =>
				simulators.domotz.http.setFaults([
					// 403: refused for good (a 5xx would be retried and the sync would succeed).
					{ route: 'device.list', rate: 1, times: 1, fault: { type: 'status', status: 403 } },
				]),
			expectations: (run, { tenant, simulators }) => {
				const failing = failingAgent(tenant);
				return [
					startedByPublishing(run),
					runSucceeds(run),
					{
						name: "the 403 answered the failing agent's device list",
						verify: () =>
							deepEqual(
								simulators.domotz.http
									.requests()
									.filter((request) => request.status === 403)
									.map((request) => request.path),
								[`/agent/${failing.agentId}/device`],
							),
					},
					{
						name: 'its Failed Sync names the agent and says it is paused now',
						verify: () => {
							const failedSync = run.items('Failed Sync');
							equal(failedSync.length, 1, JSON.stringify(run.items('Sync Agents')));
							const text = String(failedSync[0].error);
							ok(
								text.startsWith(`Failed Sync of agent "${failing.name}" (${failing.agentId}): `),
								text,
							);
							ok(text.endsWith(PAUSED_NOTE), text);
						},
					},
					{
						name: 'the other agents are synced: their matches are links now',
						verify: () => {
							deepEqual(reportedStatuses(run), expectedStatuses(tenant, 'onFailedSync'));
							const otherIds = new Set(otherSyncedAgents(tenant).map((agent) => agent.agentId));
							const matched = tenant.truth.devices.filter(
								(device) => otherIds.has(device.agentId) && device.expected === 'matched',
							);
							ok(matched.length > 0, 'the other agents have no automatic match');
							deepEqual(
								matched.map((device) =>
									simulators.connectwise.state.customFieldValue(
										device.configurationId!,
										LINK_FIELD_CAPTION,
									),
								),
								matched.map(linkMarker),
							);
						},
					},
				];
			},
		},
		{
			title: 'next sync, the failed agent paused',
			expectations: (run, { tenant, simulators, earlier }) => {
				const failing = failingAgent(tenant);
				const [first] = earlier;
				return [
					startedByPublishing(run),
					runSucceeds(run),
					{
						name: 'one Agents item per agent: the failed one paused, the others synced or skipped',
						verify: () => deepEqual(reportedStatuses(run), expectedStatuses(tenant, 'paused')),
					},
					{
						name: "the paused agent's item carries the failure that paused it, its time, zero counts",
						verify: () => {
							const item = run
								.items('Sync Agents')
								.find((json) => json.agentId === failing.agentId);
							const pausedBecause = String(item?.pausedBecause ?? '');
							ok(pausedBecause !== '', JSON.stringify(item));
							const firstFailure = String(first.items('Failed Sync')[0]?.error);
							ok(firstFailure.includes(`: ${pausedBecause}. Last successful sync: `), firstFailure);
							ok(
								Date.parse(String(item?.pausedAt)) >= Date.parse(String(first.raw.startedAt)),
								`pausedAt ${String(item?.pausedAt)}`,
							);
							equal(item?.devices, 0);
						},
					},
					{
						name: 'nothing of the paused agent is read from Domotz',
						verify: () => deepEqual(requestsAbout(simulators, failing), []),
					},
					{
						name: "the other agents' device lists are read",
						verify: () => {
							for (const agent of otherSyncedAgents(tenant)) {
								ok(
									requestsAbout(simulators, agent).includes(`/agent/${agent.agentId}/device`),
									agent.name,
								);
							}
						},
					},
					{
						name: 'nothing went to Failed Sync',
						verify: () => deepEqual(run.items('Failed Sync'), []),
					},
				];
			},
		},
	],
};
