/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e check: node:assert */
import { deepEqual, equal, match, ok } from 'node:assert/strict';

import type { AgentTruth, GeneratedTenant } from '../../simulators/generator';
import {
	agentsSyncedByCustomerId,
	configurationsLinkedTo,
	configurationTypeId,
	domotzMac,
	domotzName,
	LINK_FIELD_CAPTION,
	linkMarker,
	macDigits,
	writeRequests,
	runSucceeds,
} from '../check-support';
import type {
	ExampleCheck,
	ExampleStepContext,
	Expectation,
	Simulators,
	WorkflowRun,
} from '../contract';

/** Domotz's device ID for the collector itself in link markers. */
const COLLECTOR_DEVICE_ID = 0;
/** n8n's trigger for "workflow published" (activated, in n8n 1.x). */
const PUBLISHED_TRIGGER = 'When published';
/** A copy published on its own: no agent the steps' failures left in the workflow's static data. */
const PUBLISHED_COPY = 'published';
const OLD_COLLECTOR_NAME = 'Domotz box (documented by an earlier sync)';

/** The devices of these agents that have (or get) a configuration: existing links and matches. */
function pairedDevices(tenant: GeneratedTenant, agents: readonly AgentTruth[]) {
	const agentIds = new Set(agents.map((agent) => agent.agentId));
	return tenant.truth.devices.filter(
		(device) =>
			agentIds.has(device.agentId) &&
			(device.expected === 'matched' || device.expected === 'linked'),
	);
}

/** A configuration an earlier sync made for the first agent's collector: found by its link. */
function addDocumentedCollector(simulators: Simulators, tenant: GeneratedTenant): void {
	const [agent] = agentsSyncedByCustomerId(tenant);
	const { state } = simulators.connectwise;
	const linkField = state.userDefinedFields().find((field) => field.caption === LINK_FIELD_CAPTION);
	state.addConfiguration({
		name: OLD_COLLECTOR_NAME,
		type: { id: configurationTypeId(tenant, 'Managed Device') },
		company: { id: agent.companyId! },
		customFields: [
			{
				id: linkField!.id as number,
				value: linkMarker({ agentId: agent.agentId, deviceId: COLLECTOR_DEVICE_ID }),
			},
		],
	});
}

/**
 * Every agent with a Customer ID company synced, Domotz → ConnectWise, creation off: what the first
 * sync of the example does, started by hand or by publishing the workflow.
 */
function firstSync(run: WorkflowRun, context: ExampleStepContext): Expectation[] {
	return [...agentsSynced(run, context), ...collectorsDocumented(run, context)];
}

function agentsSynced(run: WorkflowRun, { tenant, simulators }: ExampleStepContext): Expectation[] {
	const agents = agentsSyncedByCustomerId(tenant);
	const devices = pairedDevices(tenant, agents);
	const { state } = simulators.connectwise;
	return [
		runSucceeds(run),
		{
			name: 'one Agents item per agent: synced with a Customer ID company, else skipped',
			verify: () =>
				deepEqual(
					run.items('Sync Agents').map((json) => [json.agentId, json.status]),
					tenant.truth.agents.map((agent) => [
						agent.agentId,
						agents.includes(agent) ? 'synced' : 'skipped',
					]),
				),
		},
		{
			name: 'nothing went to Failed Sync',
			verify: () => deepEqual(run.items('Failed Sync'), []),
		},
		{
			name: 'every existing link and automatic match is a link on its configuration',
			verify: () => {
				ok(devices.some((device) => device.expected === 'matched'));
				deepEqual(
					devices.map((device) =>
						state.customFieldValue(device.configurationId!, LINK_FIELD_CAPTION),
					),
					devices.map(linkMarker),
				);
			},
		},
		{
			name: "each linked configuration's name and MAC now equal Domotz's",
			verify: () => {
				const domotzDevices = devices.map(
					(device) => simulators.domotz.state.device(device.agentId, device.deviceId)!,
				);
				deepEqual(
					devices.map((device, index) => {
						const configuration = state.configuration(device.configurationId!)!;
						const hasMac = domotzMac(domotzDevices[index]) !== '';
						return [configuration.name, hasMac ? macDigits(configuration.macAddress) : ''];
					}),
					domotzDevices.map((device) => [domotzName(device), macDigits(domotzMac(device))]),
				);
			},
		},
	];
}

function collectorsDocumented(
	run: WorkflowRun,
	{ tenant, simulators }: ExampleStepContext,
): Expectation[] {
	const { state } = simulators.connectwise;
	const [documented, ...undocumented] = agentsSyncedByCustomerId(tenant);
	return [
		{
			name: 'the collector with a configuration is documented: name, WAN address, OS type',
			verify: () => {
				const collector = { agentId: documented.agentId, deviceId: COLLECTOR_DEVICE_ID };
				const [configurationId] = configurationsLinkedTo(simulators, collector);
				const configuration = state.configuration(configurationId)!;
				const agent = simulators.domotz.state.agent(documented.agentId)!;
				deepEqual(
					[configuration.name, configuration.ipAddress, configuration.osType],
					[agent.display_name, agent.wan_info?.ip, 'Domotz Collector'],
				);
				const reported = run
					.items('Sync Agents')
					.find((json) => json.agentId === documented.agentId)?.collector as
					| { configurationId?: number }
					| undefined;
				equal(reported?.configurationId, configurationId);
			},
		},
		{
			name: 'a collector without a configuration is reported, not created (creation is off)',
			verify: () => {
				for (const agent of undocumented) {
					const reported = run.items('Sync Agents').find((json) => json.agentId === agent.agentId)
						?.collector as { status?: string } | undefined;
					equal(reported?.status, 'notLinked');
					deepEqual(
						configurationsLinkedTo(simulators, {
							agentId: agent.agentId,
							deviceId: COLLECTOR_DEVICE_ID,
						}),
						[],
					);
				}
			},
		},
	];
}

/**
 * Domotz's Automatic Synchronization: every agent with a Customer ID company synced, Domotz →
 * ConnectWise, creation off. A second run finds nothing to do; an agent whose devices cannot be
 * read goes to Failed Sync while the others are synced. Publishing the workflow syncs at once.
 */
export const check: ExampleCheck = {
	tenant: { linkStore: 'customField' },
	variants: { [PUBLISHED_COPY]: [] },
	steps: [
		{
			title: 'first sync',
			start: 'fresh',
			arrange: addDocumentedCollector,
			expectations: firstSync,
		},
		{
			title: 'second sync',
			start: 'continue',
			expectations: (run, { simulators }) => [
				runSucceeds(run),
				{
					name: 'writes nothing: no POST, PATCH, PUT or DELETE on either side',
					verify: () => deepEqual(writeRequests(simulators), []),
				},
			],
		},
		{
			title: "sync with one agent's device list failing",
			start: 'fresh',
			arrange: (simulators) =>
				simulators.domotz.http.setFaults([
					// 403: refused for good (a 5xx would be retried and the sync would succeed).
					{ route: 'device.list', rate: 1, times: 1, fault: { type: 'status', status: 403 } },
				]),
			expectations: (run, { tenant, simulators }) => {
				const [failing, ...others] = agentsSyncedByCustomerId(tenant);
				const failedSync = run.items('Failed Sync');
				return [
					{
						name: "the 403 answered the first synced agent's device list",
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
						name: 'one item reaches Failed Sync, naming the agent and its last successful sync',
						verify: () => {
							equal(failedSync.length, 1, JSON.stringify(run.items('Sync Agents')));
							const text = String(failedSync[0].failedSync);
							ok(text.includes(failing.name), text);
							ok(text.includes(String(failing.agentId)), text);
							// The first sync of this workflow succeeded, and n8n kept its time.
							match(text, /Last successful sync: \d{4}-\d\d-\d\dT/);
						},
					},
					{
						name: 'the other agents are synced: their matches are links now',
						verify: () => {
							const devices = pairedDevices(tenant, others);
							ok(devices.length > 0);
							deepEqual(
								devices.map((device) =>
									simulators.connectwise.state.customFieldValue(
										device.configurationId!,
										LINK_FIELD_CAPTION,
									),
								),
								devices.map(linkMarker),
							);
						},
					},
					{
						name: "the failing agent's matches stay unlinked",
						verify: () =>
							deepEqual(
								pairedDevices(tenant, [failing])
									.filter((device) => device.expected === 'matched')
									.map((device) =>
										simulators.connectwise.state.customFieldValue(
											device.configurationId!,
											LINK_FIELD_CAPTION,
										),
									)
									.filter((value) => value !== null),
								[],
							),
					},
				];
			},
		},
	],
	published: {
		title: 'first sync on publishing',
		variant: PUBLISHED_COPY,
		arrange: addDocumentedCollector,
		expectations: (run, context) => [
			{
				name: 'the "When published" trigger started it',
				verify: () =>
					deepEqual(
						run.items(PUBLISHED_TRIGGER).map((json) => json.event),
						['Workflow published'],
					),
			},
			...firstSync(run, context),
		],
	},
};
