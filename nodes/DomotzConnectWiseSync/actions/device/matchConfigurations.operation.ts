import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { type MatchKey, matchKeysByPriority, type MatchScope } from '../../../../lib/match';
import { createSyncClients } from '../../../shared/clients';
import {
	companyLinkProperties,
	deviceReferenceProperties,
	linkStorageOptions,
	matchKeyProperty,
	saveApiTranscriptOption,
} from '../common.descriptions';
import { noteAgentsSharingOneCompany } from '../../helpers/one-company';
import { awaitRun } from '../../helpers/outputs/items';
import { toMatchOutputs } from '../../helpers/outputs/match';
import { readDeviceRequests, readLinkOptions } from '../../helpers/parameters';
import { withApiTranscript } from '../../helpers/transcript';
import { runMatch } from '../../../../lib/sync/match';

const properties: INodeProperties[] = [
	...deviceReferenceProperties,
	...companyLinkProperties,
	matchKeyProperty,
	{
		displayName: 'Save Matches as Links',
		name: 'saveLinks',
		type: 'boolean',
		default: false,
		description:
			'Whether to make automatic matches durable by writing the link to the configuration (and mirroring it in Domotz). Ambiguous matches are never saved.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Only Active Configurations',
				name: 'onlyActive',
				type: 'boolean',
				default: true,
				description:
					'Whether to ignore inactive configurations when matching by key (an existing link to one is still reported)',
			},
			{
				displayName: 'Match Within',
				name: 'scope',
				type: 'options',
				options: [
					{
						name: 'The Linked Company',
						value: 'company',
						description: "Only the configurations of the agent's company",
					},
					{
						name: 'All Companies',
						value: 'allCompanies',
						description: 'Every configuration of the tenant (one full read)',
					},
				],
				default: 'company',
			},
			...linkStorageOptions,
			saveApiTranscriptOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['matchConfigurations'] } },
	properties,
);

/**
 * Devices on the first output, unmatched configurations on the second; the API transcript goes on
 * the first device.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await withApiTranscript(this, { operation: 'matchConfigurations' }, async (transcript) => {
		const requests = readDeviceRequests(this);
		const options = this.getNodeParameter('options', 0, {}) as {
			onlyActive?: boolean;
			scope?: MatchScope;
		};
		const report = await awaitRun(
			this,
			runMatch(await createSyncClients(this, transcript), requests.valid, {
				keys: this.getNodeParameter('matchKeys', 0, matchKeysByPriority) as readonly MatchKey[],
				onlyActive: options.onlyActive ?? true,
				scope: options.scope ?? 'company',
				saveLinks: this.getNodeParameter('saveLinks', 0, false) as boolean,
				...readLinkOptions(this),
			}),
		);
		const outputs = toMatchOutputs(this, requests.invalid, report);
		noteAgentsSharingOneCompany(this, requests.valid, outputs[0]);
		return outputs;
	});
}
