import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { MatchKey } from '../../../../lib/match/types';
import { runMatch } from '../../../../lib/sync/match-run';
import { toNodeError } from '../../../shared/errors';
import { createConnectWiseClient, createDomotzClient } from '../../../shared/clients';
import {
	companyLinkProperties,
	deviceReferenceProperties,
	linkStorageOptions,
	matchKeyProperty,
} from '../common.descriptions';
import { readDeviceRequests, readLinkSettings, toItemResults } from '../../helpers/requests';

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
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['matchConfigurations'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const requests = readDeviceRequests(this);
	const settings = readLinkSettings(this);
	const report = await runMatch(
		{ domotz: await createDomotzClient(this), connectwise: await createConnectWiseClient(this) },
		requests.valid,
		{
			keys: this.getNodeParameter('matchKeys', 0, ['serial', 'mac', 'ip']) as MatchKey[],
			onlyActive: settings.onlyActive,
			scope: settings.scope,
			saveLinks: this.getNodeParameter('saveLinks', 0, false) as boolean,
			linkStore: settings.linkStore,
			mirrorInDomotz: settings.mirrorInDomotz,
		},
	).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	return toItemResults(this, requests, report);
}
