import {
	NodeOperationError,
	sleep,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { MatchKey } from '../../../../lib/match';
import { createSyncClients } from '../../../shared/clients';
import { parseNumericId } from '../../../shared/parameters';
import {
	companyLinkProperties,
	createSettingsProperties,
	dryRunProperty,
	fieldOptions,
	linkStorageOptions,
	matchKeyProperty,
	saveApiTranscriptOption,
	syncModeProperties,
	syncPolicyOptions,
} from '../common.descriptions';
import {
	forgetAgentsGoneForGood,
	goneDeviceProperties,
	readGoneDeviceRule,
} from '../../helpers/gone-devices';
import { rememberedCompanies } from '../../helpers/known-companies';
import {
	agentSyncKey,
	readFormerAgentIds,
	readLastSuccessfulSync,
	recordSuccessfulSync,
} from '../../helpers/last-sync';
import { noteAgentsSharingOneCompany } from '../../helpers/one-company';
import {
	agentFailureItem,
	agentItem,
	deviceDetailItems,
	withSameColumns,
} from '../../helpers/outputs/agent';
import { awaitRun, pairedWithEveryInput } from '../../helpers/outputs/items';
import {
	readAgentIds,
	readCompanyLink,
	readCreateSettings,
	readLinkOptions,
	readSyncPolicy,
	type CreateFieldOptions,
	type PolicyOptions,
} from '../../helpers/parameters';
import {
	finishPauseRun,
	pausedAgentIds,
	pauseOptions,
	startPauseRun,
} from '../../helpers/paused-agents';
import { withApiTranscript } from '../../helpers/transcript';
import { domotzPaceWarning } from '../../../../lib/sync/domotz-pace';
import { runAgentSync } from '../../../../lib/sync/sync-agent';
import { agentSyncDefaults, type AgentSyncOptions } from '../../../../lib/sync/options';

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
		typeOptions: { loadOptionsMethod: 'getCollectorConfigurationTypes' },
		default: '',
		displayOptions: { show: { syncCollector: [true], createUnmatched: [true] } },
		description:
			'Type of the collector\'s configuration when it has to be created. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...goneDeviceProperties,
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
			...pauseOptions,
			...syncPolicyOptions,
			...linkStorageOptions,
			saveApiTranscriptOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['syncAgent'] } },
	properties,
);

interface AgentOptions extends CreateFieldOptions, PolicyOptions {
	createManufacturers?: boolean;
	deviceDetails?: boolean;
	includeExcluded?: boolean;
	matchKeys?: MatchKey[];
	onlyActive?: boolean;
}

/**
 * Agents on the first output; with Output Device Details, their devices on the second. The API
 * transcript goes on the first agent.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await withApiTranscript(this, { operation: 'syncAgent' }, async (transcript) => {
		const { deviceDetails, ...options } = readAgentSyncOptions(this);
		const startedAt = new Date().toISOString();
		const pauseRun = startPauseRun(this, options.agents, options.dryRun, startedAt);
		const clients = await createSyncClients(this, transcript);
		const reports = await awaitRun(
			this,
			runAgentSync(clients, {
				...options,
				pausedAgentIds: pausedAgentIds(pauseRun),
				...rememberedCompanies(this),
			}),
		);
		if (options.formerAgentIds && !options.dryRun) {
			forgetAgentsGoneForGood(this, options.formerAgentIds, reports);
		}
		const pauses = finishPauseRun(this, pauseRun, reports, new Date().toISOString());
		const warning = await domotzPaceWarning(reports, options.mirrorInDomotz, clients.domotz);
		const pairedItem = pairedWithEveryInput(this);
		const agentItems: INodeExecutionData[] = [];
		const deviceItems: INodeExecutionData[] = [];
		for (const report of reports) {
			const key = agentSyncKey(report.agentId);
			const pause = pauses.get(report.agentId);
			if (report.status === 'failed') {
				const lastSuccessfulSync = readLastSuccessfulSync(this, key);
				agentItems.push(agentFailureItem(this, report, { lastSuccessfulSync, pause }, pairedItem));
				continue;
			}
			if (report.status === 'synced' && !options.dryRun && report.counts.failed === 0) {
				recordSuccessfulSync(this, key, startedAt);
			}
			const standing = { lastSuccessfulSync: readLastSuccessfulSync(this, key), pause };
			agentItems.push(agentItem(report, standing, { dryRun: options.dryRun, warning }, pairedItem));
			if (deviceDetails) {
				deviceItems.push(...deviceDetailItems(report, pairedItem));
			}
		}
		const chosen = options.agents === 'all' ? [] : options.agents;
		const links = chosen.map((agentId) => ({ agentId, companyLink: options.companyLink }));
		noteAgentsSharingOneCompany(this, links, agentItems);
		return [withSameColumns(agentItems), deviceItems];
	});
}

/** The run's options, and whether to output each device too. */
function readAgentSyncOptions(
	context: IExecuteFunctions,
): AgentSyncOptions & { deviceDetails: boolean } {
	const options = context.getNodeParameter('options', 0, {}) as AgentOptions;
	const createUnmatched = context.getNodeParameter('createUnmatched', 0, false) as boolean;
	const syncCollector = context.getNodeParameter('syncCollector', 0, true) as boolean;
	const allAgents = context.getNodeParameter('agentSelection', 0) === 'all';
	if (allAgents && context.getNodeParameter('companyLink', 0) === 'company') {
		throw allAgentsIntoOneCompany(context);
	}
	return {
		agents: allAgents ? 'all' : readAgentIds(context),
		companyLink: readCompanyLink(context, 0),
		keys: options.matchKeys ?? agentSyncDefaults.keys,
		onlyActive: options.onlyActive ?? agentSyncDefaults.onlyActive,
		policy: readSyncPolicy(context, options),
		dryRun: context.getNodeParameter('dryRun', 0, agentSyncDefaults.dryRun) as boolean,
		createMissingManufacturers:
			options.createManufacturers ?? agentSyncDefaults.createMissingManufacturers,
		...(createUnmatched ? { create: readCreateSettings(context, options) } : {}),
		includeExcluded: options.includeExcluded ?? agentSyncDefaults.includeExcluded,
		whenDeviceGone: readGoneDeviceRule(context),
		...(allAgents ? { formerAgentIds: readFormerAgentIds(context) } : {}),
		nextTurn: async () => await sleep(0),
		...(syncCollector
			? { collector: { typeId: readCollectorType(context, createUnmatched) } }
			: {}),
		...readLinkOptions(context),
		deviceDetails: options.deviceDetails ?? false,
	};
}

/** Every agent's devices matched (by IP too) and written into one company is never what is meant. */
function allAgentsIntoOneCompany(context: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		'Agents "All Agents With a Company" cannot go with Company Link "One Company": every agent\'s devices would be written into that one company',
		{
			description:
				'To sync one customer\'s agents into that company, set Agents to "Chosen Agents" and choose them. To sync every agent into its own company, set Company Link to "Agent Customer ID Is the Company Identifier" or "Table of Agents and Companies".',
		},
	);
}

/** The collector is only created, and so only needs a type, when unmatched devices are created. */
function readCollectorType(
	context: IExecuteFunctions,
	createUnmatched: boolean,
): number | undefined {
	return createUnmatched
		? parseNumericId(context.getNodeParameter('collectorType', 0, ''))
		: undefined;
}
