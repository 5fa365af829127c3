import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { createSyncClients } from '../../../shared/clients';
import { readNumericId } from '../../../shared/parameters';
import { deviceReferenceProperties, linkStorageOptions } from '../common.descriptions';
import { outputRun } from '../../helpers/outputs/items';
import { describeUnlink } from '../../helpers/outputs/link';
import { readItemRequests, readLinkOptions } from '../../helpers/parameters';
import { runUnlink, type UnlinkRequest } from '../../../../lib/sync/unlink';

const properties: INodeProperties[] = [
	{
		displayName: 'Unlink',
		name: 'unlinkScope',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'The Device of Each Item',
				value: 'device',
				description: 'Remove the link of the device each input item names',
			},
			{
				name: 'Every Device of the Agent',
				value: 'agent',
				description:
					'Remove every link of the agent of each input item: how to take an agent out of the integration cleanly',
			},
		],
		default: 'device',
		description:
			'Links are removed on both sides (the marker on the configuration and its mirror in Domotz); configurations are never deleted or deactivated. There is no confirmation.',
	},
	...deviceReferenceProperties.map((property) =>
		property.name === 'deviceId'
			? { ...property, displayOptions: { show: { unlinkScope: ['device'] } } }
			: property,
	),
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
	{ show: { resource: ['device'], operation: ['unlink'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const everyDevice = this.getNodeParameter('unlinkScope', 0) === 'agent';
	const requests = readItemRequests(
		this,
		(itemIndex): UnlinkRequest => ({
			itemIndex,
			agentId: readNumericId(this, 'agentId', itemIndex, 'Agent ID'),
			...(everyDevice ? {} : { deviceId: readNumericId(this, 'deviceId', itemIndex, 'Device ID') }),
		}),
	);
	const run = runUnlink(await createSyncClients(this), requests.valid, readLinkOptions(this));
	return [await outputRun(this, requests.invalid, run, describeUnlink)];
}
