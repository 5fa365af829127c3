import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { type MatchKey, matchKeysByPriority } from '../../../../lib/match';
import { createSyncClients } from '../../../shared/clients';
import {
	companyLinkProperties,
	createSettingsProperties,
	deviceReferenceProperties,
	dryRunProperty,
	fieldOptions,
	linkStorageOptions,
	matchKeyProperty,
	saveApiTranscriptOption,
} from '../common.descriptions';
import { noteAgentsSharingOneCompany } from '../../helpers/one-company';
import { describeCreate } from '../../helpers/outputs/create';
import { outputRun } from '../../helpers/outputs/items';
import {
	readCreateSettings,
	readDeviceRequests,
	readLinkOptions,
	type CreateFieldOptions,
} from '../../helpers/parameters';
import { withApiTranscript } from '../../helpers/transcript';
import { runCreate } from '../../../../lib/sync/create';

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
			saveApiTranscriptOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['createConfigurations'] } },
	properties,
);

interface CreateOptions extends CreateFieldOptions {
	createManufacturers?: boolean;
	matchKeys?: MatchKey[];
	onlyActive?: boolean;
}

/** One output of devices; the API transcript goes on the first. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await withApiTranscript(
		this,
		{ operation: 'createConfigurations' },
		async (transcript) => {
			const requests = readDeviceRequests(this);
			const options = this.getNodeParameter('options', 0, {}) as CreateOptions;
			const run = runCreate(
				await createSyncClients(this, transcript),
				requests.valid.map((request) => ({
					...request,
					fallbackName: String(this.getNodeParameter('fallbackName', request.itemIndex, '')),
				})),
				{
					keys: options.matchKeys ?? matchKeysByPriority,
					onlyActive: options.onlyActive ?? true,
					...readLinkOptions(this),
					...readCreateSettings(this, options),
					createMissingManufacturers: options.createManufacturers ?? false,
					dryRun: this.getNodeParameter('dryRun', 0, false) as boolean,
				},
			);
			const devices = await outputRun(this, requests.invalid, run, describeCreate);
			noteAgentsSharingOneCompany(this, requests.valid, devices);
			return [devices];
		},
	);
}
