/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e checks: node:assert */
/**
 * What a user sees in the n8n editor, asked of the running n8n: the credential "Test" button and
 * the node's dynamic lists. One row each; a method the built node does not declare is skipped.
 */
import { deepEqual, equal, match, ok } from 'node:assert/strict';

import type { GeneratedTenant } from '../simulators/generator';
import type { Simulators } from './contract';
import type { CredentialTestAnswer } from './n8n';
import { WRONG_SECRET, type CredentialKey } from './tenant';

export interface CredentialTestRow {
	credential: CredentialKey;
	simulator: keyof Simulators;
	/** The simulator route the credential's test request reaches, and what it answered. */
	route: string;
	answeredStatus: number;
	expected: { status: 'OK' } | { status: 'Error'; message: RegExp };
}

export const credentialTests: readonly CredentialTestRow[] = [
	{
		credential: 'domotz',
		simulator: 'domotz',
		route: 'agent.list',
		answeredStatus: 200,
		expected: { status: 'OK' },
	},
	{
		credential: 'connectwise',
		simulator: 'connectwise',
		route: 'configurations.list',
		answeredStatus: 200,
		expected: { status: 'OK' },
	},
	{
		credential: 'domotzWrongKey',
		simulator: 'domotz',
		route: 'agent.list',
		answeredStatus: 401,
		expected: { status: 'Error', message: /^Domotz rejected the API key\. Copy it again/ },
	},
	{
		credential: 'connectwiseWrongKey',
		simulator: 'connectwise',
		route: 'configurations.list',
		answeredStatus: 401,
		expected: {
			status: 'Error',
			message: /^ConnectWise did not accept the login: check the company ID, the public key/,
		},
	},
];

/** The answer n8n gave, and the last request the simulator saw on that route. */
export function verifyCredentialTest(
	row: CredentialTestRow,
	answer: CredentialTestAnswer,
	simulators: Simulators,
): void {
	equal(answer.status, row.expected.status, `n8n answered: ${answer.message}`);
	if (row.expected.status === 'Error') match(answer.message, row.expected.message);
	ok(!answer.message.includes(WRONG_SECRET), 'the message repeats the secret');
	const seen = simulators[row.simulator].http
		.requests()
		.filter((request) => request.route === row.route);
	equal(seen.at(-1)?.status, row.answeredStatus, `no ${row.route} request reached the simulator`);
}

export type DynamicMethodKind = 'listSearch' | 'loadOptions';

export interface DynamicParameterRow {
	title: string;
	/** Node type name inside the package. */
	node: 'domotz' | 'domotzConnectWiseSync';
	kind: DynamicMethodKind;
	method: string;
	/** The parameter the list belongs to; `&name` in a list method reads its siblings. */
	parameter: string;
	credentials: ReadonlyArray<'domotz' | 'connectwise'>;
	/** The node's other parameters at that moment in the editor (e.g. the chosen company). */
	parameters?: (tenant: GeneratedTenant) => Record<string, unknown>;
	/** What the user typed in the list's search box. */
	filter?: (tenant: GeneratedTenant) => string;
	/** The option values the list must offer, in any order, from the simulators' state. */
	expectedValues: (simulators: Simulators, tenant: GeneratedTenant) => Array<string | number>;
}

const byId = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });

/** The company with the most sites: the one whose sites the Site list shows. */
function companyWithSites(tenant: GeneratedTenant) {
	const [company] = [...tenant.truth.companies].sort((a, b) => b.siteIds.length - a.siteIds.length);
	if (!company?.siteIds.length) throw new Error('the e2e tenant has no company with a site');
	return company;
}

const allAgents = (simulators: Simulators) =>
	simulators.domotz.state.agents().map((agent) => agent.id);

const activeRows = (rows: Array<Record<string, unknown>>) =>
	rows.filter((row) => row.inactiveFlag !== true).map((row) => row.id as number);

export const dynamicParameterTests: readonly DynamicParameterRow[] = [
	{
		title: 'Domotz › Agent list',
		node: 'domotz',
		kind: 'listSearch',
		method: 'searchAgents',
		parameter: 'agent',
		credentials: ['domotz'],
		parameters: () => ({ resource: 'device', operation: 'getAll' }),
		expectedValues: allAgents,
	},
	{
		title: 'Domotz › Device type options',
		node: 'domotz',
		kind: 'loadOptions',
		method: 'getDeviceTypes',
		parameter: 'filters.typeIds',
		credentials: ['domotz'],
		parameters: () => ({ resource: 'device', operation: 'getAll' }),
		expectedValues: (simulators) => simulators.domotz.state.baseTypes.map((type) => type.id),
	},
	{
		title: 'Sync › Agent list (agent links)',
		node: 'domotzConnectWiseSync',
		kind: 'listSearch',
		method: 'searchAgents',
		parameter: 'agentLinks.links.agent',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({
			resource: 'device',
			operation: 'matchConfigurations',
			companyLink: 'mapping',
		}),
		expectedValues: allAgents,
	},
	{
		title: 'Sync › Company list',
		node: 'domotzConnectWiseSync',
		kind: 'listSearch',
		method: 'searchCompanies',
		parameter: 'company',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({
			resource: 'device',
			operation: 'matchConfigurations',
			companyLink: 'company',
		}),
		expectedValues: (simulators) =>
			simulators.connectwise.state.companies().map((company) => company.id as number),
	},
	{
		title: 'Sync › Company list searched by name',
		node: 'domotzConnectWiseSync',
		kind: 'listSearch',
		method: 'searchCompanies',
		parameter: 'company',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({
			resource: 'device',
			operation: 'matchConfigurations',
			companyLink: 'company',
		}),
		filter: (tenant) => companyWithSites(tenant).name,
		expectedValues: (simulators, tenant) =>
			simulators.connectwise.state
				.companies()
				.filter((company) =>
					String(company.name).toLowerCase().includes(companyWithSites(tenant).name.toLowerCase()),
				)
				.map((company) => company.id as number),
	},
	{
		title: 'Sync › Site list of the chosen company',
		node: 'domotzConnectWiseSync',
		kind: 'listSearch',
		method: 'searchSites',
		parameter: 'site',
		credentials: ['domotz', 'connectwise'],
		parameters: (tenant) => ({
			resource: 'device',
			operation: 'matchConfigurations',
			companyLink: 'company',
			company: byId(companyWithSites(tenant).companyId),
		}),
		expectedValues: (_simulators, tenant) => companyWithSites(tenant).siteIds,
	},
	{
		title: 'Sync › Site list of the company in an Agent Links row',
		node: 'domotzConnectWiseSync',
		kind: 'listSearch',
		method: 'searchSites',
		parameter: 'agentLinks.links[0].siteId',
		credentials: ['domotz', 'connectwise'],
		parameters: (tenant) => ({
			resource: 'device',
			operation: 'matchConfigurations',
			companyLink: 'mapping',
			agentLinks: {
				links: [
					{
						agent: byId(tenant.truth.agents[0].agentId),
						company: byId(companyWithSites(tenant).companyId),
						siteId: { __rl: true, mode: 'list', value: '' },
					},
				],
			},
		}),
		expectedValues: (_simulators, tenant) => companyWithSites(tenant).siteIds,
	},
	{
		title: 'Sync › Configuration type options',
		node: 'domotzConnectWiseSync',
		kind: 'loadOptions',
		method: 'getConfigurationTypes',
		parameter: 'configurationType',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({ resource: 'device', operation: 'createConfigurations' }),
		expectedValues: (simulators) => activeRows(simulators.connectwise.state.types()),
	},
	{
		title: 'Sync › Configuration status options',
		node: 'domotzConnectWiseSync',
		kind: 'loadOptions',
		method: 'getConfigurationStatuses',
		parameter: 'goneDeviceStatus',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({ resource: 'agent', operation: 'syncAgent', whenDeviceGone: 'setStatus' }),
		expectedValues: (simulators) => activeRows(simulators.connectwise.state.statuses()),
	},
	{
		title: 'Sync › Default configuration type options, None first',
		node: 'domotzConnectWiseSync',
		kind: 'loadOptions',
		method: 'getDefaultConfigurationTypes',
		parameter: 'defaultType',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({ resource: 'device', operation: 'createConfigurations' }),
		expectedValues: (simulators) => ['', ...activeRows(simulators.connectwise.state.types())],
	},
	{
		title: "Sync › New configuration status options, ConnectWise's default first",
		node: 'domotzConnectWiseSync',
		kind: 'loadOptions',
		method: 'getNewConfigurationStatuses',
		parameter: 'status',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({ resource: 'device', operation: 'createConfigurations' }),
		expectedValues: (simulators) => ['', ...activeRows(simulators.connectwise.state.statuses())],
	},
	{
		title: 'Sync › Collector configuration type options, the default type first',
		node: 'domotzConnectWiseSync',
		kind: 'loadOptions',
		method: 'getCollectorConfigurationTypes',
		parameter: 'collectorType',
		credentials: ['domotz', 'connectwise'],
		parameters: () => ({ resource: 'agent', operation: 'syncAgent', createUnmatched: true }),
		expectedValues: (simulators) => ['', ...activeRows(simulators.connectwise.state.types())],
	},
];

/** The values of a list-search answer (`{ results }`) or a load-options answer (an array). */
export function offeredValues(answer: unknown): unknown[] {
	const options = Array.isArray(answer)
		? (answer as unknown[])
		: ((answer as { results?: unknown[] } | undefined)?.results ?? []);
	return options.map((option) => (option as { value?: unknown }).value);
}

/**
 * The values as IDs are saved, strings: the editor flags a saved value that no option equals
 * strictly.
 */
export function verifyOfferedValues(offered: unknown[], expected: Array<string | number>): void {
	ok(expected.length > 0, 'the tenant gives this list nothing to offer');
	deepEqual([...offered].sort(), expected.map(String).sort());
}
