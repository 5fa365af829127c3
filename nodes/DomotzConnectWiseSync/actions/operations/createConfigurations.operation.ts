import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { SyncFieldKey } from '../../../../lib/fields/sync-fields';
import type { MatchKey } from '../../../../lib/match/types';
import { runCreate, type CreateRunItem } from '../../../../lib/sync/create-run';
import { createConnectWiseClient, createDomotzClient } from '../../../shared/clients';
import { toNodeError } from '../../../shared/errors';
import {
	companyLinkProperties,
	createSettingsProperties,
	deviceReferenceProperties,
	dryRunProperty,
	fieldOptions,
	linkStorageOptions,
	matchKeyProperty,
} from '../common.descriptions';
import { readDeviceRequests, readLinkSettings, toOutputItems } from '../../helpers/requests';
import { readCreateSettings } from '../../helpers/settings';
import { toJson, toJsonList } from '../../../shared/output';

const properties: INodeProperties[] = [
	...deviceReferenceProperties,
	...companyLinkProperties,
	...createSettingsProperties,
	{
		displayName: 'Fallback Name',
		name: 'fallbackName',
		type: 'string',
		default: "={{ 'Domotz device ' + ($json.deviceId ?? $json.id) }}",
		description: 'Name of the configuration when the device has no name in Domotz',
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
				displayName: 'Create Missing Manufacturers',
				name: 'createManufacturers',
				type: 'boolean',
				default: false,
				description:
					'Whether to add a manufacturer to ConnectWise when a device names one it does not know (needs Table Setup add). Otherwise the manufacturer is left empty and reported.',
			},
			{
				displayName: 'Fields to Leave Empty',
				name: 'exclude',
				type: 'multiOptions',
				options: fieldOptions('all'),
				default: [],
				description: 'Fields not filled from Domotz on the new configurations',
			},
			{ ...matchKeyProperty, description: 'Keys used to find an existing configuration first' },
			{
				displayName: 'Only Active Configurations',
				name: 'onlyActive',
				type: 'boolean',
				default: true,
				description:
					'Whether an inactive configuration with the same key is ignored when looking for an existing one',
			},
			{
				displayName: 'Shorten Long Values',
				name: 'truncate',
				type: 'multiOptions',
				options: fieldOptions('truncatable'),
				default: [],
				description:
					"Fields whose values may be cut to ConnectWise's maximum length (each cut is reported). Other too-long values are left out and reported.",
			},
			...linkStorageOptions,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['createConfigurations'] } },
	properties,
);

interface CreateOptions {
	createManufacturers?: boolean;
	exclude?: SyncFieldKey[];
	matchKeys?: MatchKey[];
	onlyActive?: boolean;
	truncate?: SyncFieldKey[];
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const requests = readDeviceRequests(this);
	const settings = readLinkSettings(this);
	const options = this.getNodeParameter('options', 0, {}) as CreateOptions;
	const results = await runCreate(
		{ domotz: await createDomotzClient(this), connectwise: await createConnectWiseClient(this) },
		requests.valid.map((request) => ({
			...request,
			fallbackName: String(this.getNodeParameter('fallbackName', request.itemIndex, '')),
		})),
		{
			keys: options.matchKeys ?? ['serial', 'mac', 'ip'],
			onlyActive: options.onlyActive ?? true,
			linkStore: settings.linkStore,
			mirrorInDomotz: settings.mirrorInDomotz,
			...readCreateSettings(this),
			createMissingManufacturers: options.createManufacturers ?? false,
			truncate: new Set(options.truncate ?? []),
			exclude: new Set(options.exclude ?? []),
			dryRun: this.getNodeParameter('dryRun', 0, false) as boolean,
		},
	).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	return [
		toOutputItems(
			this,
			requests.invalid,
			results.map((result) =>
				result.outcome.status === 'failed'
					? { itemIndex: result.itemIndex, error: result.outcome.error }
					: { itemIndex: result.itemIndex, json: describeCreate(result) },
			),
		),
	];
}

function describeCreate(result: CreateRunItem): IDataObject {
	const { outcome } = result;
	const json: IDataObject = {
		agentId: result.agentId,
		deviceId: result.deviceId,
		deviceName: result.device ? result.device.user_data?.name || result.device.display_name : null,
		companyId: result.company?.id ?? null,
		companyName: result.company?.name ?? null,
		status: outcome.status,
	};
	switch (outcome.status) {
		case 'created':
			return {
				...json,
				configurationId: outcome.configuration.id,
				configurationName: outcome.configuration.name ?? null,
				recovered: outcome.recovered,
				filledFields: outcome.filled,
				shortened: toJsonList(outcome.truncated),
				skippedFields: toJsonList(outcome.skippedFields),
				link: toJson(outcome.link),
			};
		case 'wouldCreate':
			return {
				...json,
				configuration: toJson(outcome.body),
				filledFields: outcome.filled,
				shortened: toJsonList(outcome.truncated),
				skippedFields: toJsonList(outcome.skippedFields),
			};
		case 'wouldLink':
			return {
				...json,
				configurationId: outcome.configurationId,
				configurationName: outcome.configurationName,
				matchedBy: outcome.matchedBy,
			};
		case 'unmatched':
			return json;
		case 'alreadyLinked':
			return {
				...json,
				configurationId: outcome.configurationId,
				configurationName: outcome.configurationName,
			};
		case 'linkedExisting':
			return {
				...json,
				configurationId: outcome.configurationId,
				configurationName: outcome.configurationName,
				matchedBy: outcome.matchedBy,
				link: toJson(outcome.link),
			};
		case 'skipped':
			return {
				...json,
				reason: outcome.reason,
				...(outcome.matchStatus ? { matchStatus: outcome.matchStatus } : {}),
			};
		case 'failed':
			return json;
	}
}
