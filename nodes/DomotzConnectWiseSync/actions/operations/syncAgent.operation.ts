import {
	NodeOperationError,
	sleep,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { SyncFieldKey } from '../../../../lib/fields/sync-fields';
import type { MatchKey } from '../../../../lib/match/types';
import {
	runAgentSync,
	type AgentCounts,
	type AgentSyncReport,
	type CollectorOutcome,
} from '../../../../lib/sync/agent-run';
import { createConnectWiseClient, createDomotzClient } from '../../../shared/clients';
import { toNodeError } from '../../../shared/errors';
import { errorItem } from '../../../shared/items';
import { toJson } from '../../../shared/output';
import { parseNumericId } from '../../../shared/parameters';
import {
	companyLinkProperties,
	createSettingsProperties,
	dryRunProperty,
	fieldOptions,
	linkStorageOptions,
	matchKeyProperty,
	syncModeProperties,
	syncPolicyOptions,
} from '../common.descriptions';
import { readLastSuccessfulSync, recordSuccessfulSync } from '../../helpers/last-sync';
import { readCompanyLink, readLinkSettings } from '../../helpers/requests';
import { readCreateSettings, readSyncPolicy } from '../../helpers/settings';
import { describeSyncOutcome } from '../../helpers/sync-output';

const properties: INodeProperties[] = [
	{
		displayName: 'Agents',
		name: 'agentSelection',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'All Agents With a Company',
				value: 'all',
				description:
					'Every agent whose company link finds a ConnectWise company; the others are reported as skipped',
			},
			{ name: 'Chosen Agents', value: 'chosen' },
		],
		default: 'all',
	},
	{
		displayName: 'Agent Names or IDs',
		name: 'agents',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getAgents' },
		default: [],
		required: true,
		displayOptions: { show: { agentSelection: ['chosen'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	...companyLinkProperties,
	...syncModeProperties,
	{
		displayName: 'Create for Unmatched Devices',
		name: 'createUnmatched',
		type: 'boolean',
		default: false,
		description:
			'Whether to create (and link) a configuration for each device that matches none; ambiguous devices are never created',
	},
	...createSettingsProperties.map((property) => ({
		...property,
		displayOptions: { show: { createUnmatched: [true] } },
	})),
	{
		displayName: 'Sync Collector',
		name: 'syncCollector',
		type: 'boolean',
		default: true,
		description:
			'Whether to document the collector itself as a configuration of the company (name, licence MAC, WAN address, version)',
	},
	{
		displayName: 'Collector Configuration Type Name or ID',
		name: 'collectorType',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConfigurationTypes' },
		default: '',
		displayOptions: { show: { syncCollector: [true], createUnmatched: [true] } },
		description:
			'Type of the collector\'s configuration when it has to be created; empty uses the default type. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	dryRunProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Fields to Leave Empty on Create',
				name: 'exclude',
				type: 'multiOptions',
				options: fieldOptions('all'),
				default: [],
			},
			{
				displayName: 'Include Excluded Devices',
				name: 'includeExcluded',
				type: 'boolean',
				default: false,
				description: 'Whether to also sync devices that are excluded from monitoring in Domotz',
			},
			matchKeyProperty,
			{
				displayName: 'Only Active Configurations',
				name: 'onlyActive',
				type: 'boolean',
				default: true,
				description: 'Whether inactive configurations are ignored when matching by key',
			},
			{
				displayName: 'Output Device Details',
				name: 'deviceDetails',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per device (match, creation, field changes) on the second output',
			},
			...syncPolicyOptions,
			...linkStorageOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['syncAgent'] } }, properties);

interface AgentOptions {
	allowBlanking?: boolean;
	createManufacturers?: boolean;
	deviceDetails?: boolean;
	exclude?: SyncFieldKey[];
	includeExcluded?: boolean;
	matchKeys?: MatchKey[];
	onlyActive?: boolean;
	truncate?: SyncFieldKey[];
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as AgentOptions;
	const settings = readLinkSettings(this);
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const createUnmatched = this.getNodeParameter('createUnmatched', 0, false) as boolean;
	const syncCollector = this.getNodeParameter('syncCollector', 0, true) as boolean;
	const agents =
		this.getNodeParameter('agentSelection', 0) === 'all' ? ('all' as const) : readAgentIds(this);
	const startedAt = new Date().toISOString();
	const reports = await runAgentSync(
		{ domotz: await createDomotzClient(this), connectwise: await createConnectWiseClient(this) },
		{
			agents,
			companyLink: readCompanyLink(this, 0),
			keys: options.matchKeys ?? ['serial', 'mac', 'ip'],
			onlyActive: options.onlyActive ?? true,
			policy: readSyncPolicy(this, options),
			dryRun,
			createMissingManufacturers: options.createManufacturers ?? false,
			...(createUnmatched
				? {
						create: {
							...readCreateSettings(this),
							truncate: new Set(options.truncate ?? []),
							exclude: new Set(options.exclude ?? []),
						},
					}
				: {}),
			includeExcluded: options.includeExcluded ?? false,
			nextTurn: async () => await sleep(0),
			...(syncCollector
				? {
						collector: {
							typeId: createUnmatched
								? parseNumericId(this.getNodeParameter('collectorType', 0, ''))
								: undefined,
						},
					}
				: {}),
			linkStore: settings.linkStore,
			mirrorInDomotz: settings.mirrorInDomotz,
		},
	).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});

	const allItems = this.getInputData().map((_item, itemIndex) => ({ item: itemIndex }));
	const agentItems: INodeExecutionData[] = [];
	const deviceItems: INodeExecutionData[] = [];
	for (const report of reports) {
		const key = `agent:${report.agentId}`;
		if (report.status === 'failed') {
			const cause = toNodeError(this.getNode(), report.error);
			const lastSync = readLastSuccessfulSync(this, key);
			const failure = new NodeOperationError(
				this.getNode(),
				`Failed Sync of agent "${report.agentName}" (${report.agentId}): ${cause.message}. Last successful sync: ${lastSync ?? 'never'}`,
				{ description: cause.description ?? undefined },
			);
			if (!this.continueOnFail()) throw failure;
			agentItems.push(errorItem(failure, allItems));
			continue;
		}
		if (report.status === 'synced' && !dryRun && report.counts.failed === 0) {
			recordSuccessfulSync(this, key, startedAt);
		}
		agentItems.push({
			json: {
				...describeAgent(report),
				dryRun,
				lastSuccessfulSync: readLastSuccessfulSync(this, key),
			},
			pairedItem: allItems,
		});
		if (options.deviceDetails && report.status === 'synced') {
			for (const device of report.devices) {
				deviceItems.push({
					json: {
						agentId: report.agentId,
						deviceId: device.deviceId,
						deviceName: device.deviceName,
						settlement: toJson(device.settlement),
						...(device.sync ? { sync: describeSyncOutcome(device.sync) } : {}),
					},
					pairedItem: allItems,
				});
			}
		}
	}
	return [agentItems, deviceItems];
}

function readAgentIds(context: IExecuteFunctions): number[] {
	const raw = context.getNodeParameter('agents', 0, []) as unknown[];
	return raw.map((value, index) => {
		const id = parseNumericId(value);
		if (id === undefined) {
			throw new NodeOperationError(
				context.getNode(),
				`Agent ${index + 1} of "Agents" is not a numeric agent ID: "${String(value)}"`,
			);
		}
		return id;
	});
}

/** What needs a look first, then what was done: the order of the columns in n8n's table view. */
const countOrder: ReadonlyArray<keyof AgentCounts> = [
	'devices',
	'failed',
	'ambiguous',
	'unmatched',
	'skipped',
	'linked',
	'newlyLinked',
	'created',
	'updated',
	'unchanged',
	'planned',
];

function describeAgent(report: Exclude<AgentSyncReport, { status: 'failed' }>): IDataObject {
	const base: IDataObject = {
		agentId: report.agentId,
		agentName: report.agentName,
		status: report.status,
	};
	if (report.status === 'skipped') return { ...base, reason: report.reason };
	return {
		...base,
		companyId: report.company.id,
		companyName: report.company.name,
		...Object.fromEntries(countOrder.map((count) => [count, report.counts[count]])),
		...(report.collector ? { collector: describeCollector(report.collector) } : {}),
	};
}

function describeCollector(outcome: CollectorOutcome): IDataObject {
	if (outcome.status === 'failed') {
		return {
			status: 'failed',
			error: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
		};
	}
	if (outcome.status === 'linked') {
		return {
			status: outcome.status,
			configurationId: outcome.configurationId,
			how: outcome.how,
			sync: describeSyncOutcome(outcome.sync),
		};
	}
	return toJson(outcome);
}
