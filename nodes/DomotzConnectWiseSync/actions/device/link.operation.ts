import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { createSyncClients } from '../../../shared/clients';
import { companyLocator, configurationLocator } from '../../../shared/descriptions';
import { readNumericId, readOptionalNumericId } from '../../../shared/parameters';
import { deviceReferenceProperties, linkStorageOptions } from '../common.descriptions';
import { outputRun } from '../../helpers/outputs/items';
import { describeLink } from '../../helpers/outputs/link';
import { readItemRequests, readLinkOptions } from '../../helpers/parameters';
import { runLink, type LinkRequest } from '../../../../lib/sync/link';

const properties: INodeProperties[] = [
	...deviceReferenceProperties,
	{
		...companyLocator,
		name: 'onlyCompany',
		displayName: 'Company',
		required: false,
		description:
			"Optional: lists only this company's configurations, and refuses a configuration of another company",
	},
	configurationLocator,
	{
		displayName: 'Move Link',
		name: 'moveLink',
		type: 'boolean',
		default: false,
		description:
			'Whether to take the configuration over when it is linked to another device (that device is unlinked). Otherwise such an item fails with an error naming the other device.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: linkStorageOptions,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['link'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const requests = readItemRequests(
		this,
		(itemIndex): LinkRequest => ({
			itemIndex,
			agentId: readNumericId(this, 'agentId', itemIndex, 'Agent ID'),
			deviceId: readNumericId(this, 'deviceId', itemIndex, 'Device ID'),
			configurationId: readNumericId(this, 'configuration', itemIndex, 'Configuration'),
			companyId: readOptionalNumericId(this, 'onlyCompany', itemIndex, 'Company'),
		}),
	);
	const run = runLink(await createSyncClients(this), requests.valid, {
		...readLinkOptions(this),
		moveLink: this.getNodeParameter('moveLink', 0, false) as boolean,
	});
	return [await outputRun(this, requests.invalid, run, describeLink)];
}
