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
} from '../common.descriptions';
import { readDeviceRequests, readLinkSettings, toItemResults } from '../../helpers/requests';

const properties: INodeProperties[] = [
	...deviceReferenceProperties,
	...companyLinkProperties,
	{
		displayName: 'Match On',
		name: 'matchKeys',
		type: 'multiOptions',
		options: [
			{
				name: 'Serial Number',
				value: 'serial',
				description: 'When both sides have a real serial (placeholders never match)',
			},
			{ name: 'MAC Address', value: 'mac', description: 'When the configuration has a MAC' },
			{ name: 'IP Address', value: 'ip', description: 'When the configuration has an IP' },
		],
		default: ['serial', 'mac', 'ip'],
		description:
			'Keys tried after an existing link, always in this order of priority: serial, then MAC, then IP',
	},
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
