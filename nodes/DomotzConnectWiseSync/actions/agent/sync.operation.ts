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
	keptDetails,
	withSameColumns,
	type DeviceOutput,
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
import { runAgentSync, type AgentRunOptions } from '../../../../lib/sync/sync-agent';
import { agentSyncDefaults } from '../../../../lib/sync/options';

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
					'Whether to output devices (match, creation, field changes) on the second output: by default those that changed, failed or need a look',
			},
			{
				displayName: 'Output Device Details Of',
				name: 'deviceDetailScope',
				type: 'options',
				options: [
					{
						name: 'Devices With Changes or Problems',
						value: 'changesAndProblems',
						description:
							'Devices linked, created or updated (in a dry run: that would be), failed, or needing a look; each agent counts the others in devicesNotOutput',
					},
					{
						name: 'Every Device',
						value: 'everyDevice',
						description:
							'One item per device, those already in sync too: as many items as devices, which n8n saves with the execution',
					},
				],
				default: 'changesAndProblems',
				displayOptions: { show: { deviceDetails: [true] } },
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
	deviceDetailScope?: Exclude<DeviceOutput, 'none'>;
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
		const { deviceOutput, ...options } = readAgentSyncOptions(this);
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
		const warning = await domotzPaceWarning(reports, clients.domotz);
		const pairedItem = pairedWithEveryInput(this);
		const agentItems: INodeExecutionData[] = [];
		const deviceItems: INodeExecutionData[] = [];
		let devicesNotOutput = 0;
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
			const devices = deviceOutput === 'none' ? undefined : deviceDetailItems(report, pairedItem);
			const notOutput = deviceOutput === 'changesAndProblems' ? devices?.notOutput : undefined;
			const run = { dryRun: options.dryRun, warning, devicesNotOutput: notOutput };
			agentItems.push(agentItem(report, standing, run, pairedItem));
			for (const item of devices?.items ?? []) deviceItems.push(item);
			devicesNotOutput += notOutput ?? 0;
		}
		if (devicesNotOutput > 0) noteDevicesNotOutput(this, devicesNotOutput);
		const chosen = options.agents === 'all' ? [] : options.agents;
		const links = chosen.map((agentId) => ({ agentId, companyLink: options.companyLink }));
		noteAgentsSharingOneCompany(this, links, agentItems);
		return [withSameColumns(agentItems), deviceItems];
	});
}

/** The run's options, and which devices to output. */
function readAgentSyncOptions(
	context: IExecuteFunctions,
): AgentRunOptions & { deviceOutput: DeviceOutput } {
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
		...deviceOutputOptions(options),
	};
}

/** Which devices to output, and so which details the engine needs to keep. */
function deviceOutputOptions(options: AgentOptions): {
	deviceOutput: DeviceOutput;
	keepDeviceDetail: AgentRunOptions['keepDeviceDetail'];
} {
	const deviceOutput = options.deviceDetails
		? (options.deviceDetailScope ?? 'changesAndProblems')
		: 'none';
	return { deviceOutput, keepDeviceDetail: keptDetails[deviceOutput] };
}

/** Where the devices left off the Devices output went, once per run. */
function noteDevicesNotOutput(context: IExecuteFunctions, count: number): void {
	context.addExecutionHints({
		type: 'info',
		location: 'outputPane',
		message: `${count} devices already linked and in sync are not on the Devices output (each agent counts its own in devicesNotOutput). To list them too, set Options › Output Device Details Of to Every Device.`,
	});
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
