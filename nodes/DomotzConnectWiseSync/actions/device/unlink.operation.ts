import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { createSyncClients } from '../../../shared/clients';
import { readNumericId } from '../../../shared/parameters';
import {
	deviceReferenceProperties,
	dryRunProperty,
	linkStorageOptions,
} from '../common.descriptions';
import { awaitRun, outputRun, pairedWithEveryInput } from '../../helpers/outputs/items';
import { describeUnlink } from '../../helpers/outputs/link';
import { describeRemoval } from '../../helpers/outputs/remove-integration';
import { readItemRequests, readLinkOptions } from '../../helpers/parameters';
import { runRemoveIntegration } from '../../../../lib/sync/remove-integration';
import { runUnlink, type UnlinkRequest } from '../../../../lib/sync/unlink';

/** Which input items' parameters each scope reads. */
const itemParameterScopes = { agentId: ['device', 'agent'], deviceId: ['device'] };

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
			{
				name: 'Every Agent (Remove the Integration)',
				value: 'everyAgent',
				description:
					"Remove every link of every agent across the account, once whatever the input: the Domotz guide's Remove Integration",
			},
		],
		default: 'device',
		description:
			'Links are removed on both sides (the marker on the configuration and its mirror in Domotz); configurations are never deleted or deactivated. There is no confirmation.',
	},
	...deviceReferenceProperties.map((property) => ({
		...property,
		displayOptions: {
			show: { unlinkScope: itemParameterScopes[property.name as keyof typeof itemParameterScopes] },
		},
	})),
	{
		displayName: 'Remove Field Definitions',
		name: 'removeFieldDefinitions',
		type: 'boolean',
		default: false,
		displayOptions: { show: { unlinkScope: ['everyAgent'] } },
		description:
			'Whether to also delete the ConnectWise link field and the Domotz inventory field "ConnectWise Configuration ID", each only when a read after the clears shows no value left in it',
	},
	{
		...dryRunProperty,
		description: 'Whether to only report what would be removed and write nothing',
		displayOptions: { show: { unlinkScope: ['everyAgent'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: linkStorageOptions.map((option) =>
			option.name === 'mirrorInDomotz'
				? { ...option, displayOptions: { hide: { '/unlinkScope': ['everyAgent'] } } }
				: option,
		),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['unlink'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const scope = this.getNodeParameter('unlinkScope', 0);
	if (scope === 'everyAgent') return [await removeIntegration(this)];
	const requests = readItemRequests(
		this,
		(itemIndex): UnlinkRequest => ({
			itemIndex,
			agentId: readNumericId(this, 'agentId', itemIndex, 'Agent ID'),
			...(scope === 'agent'
				? {}
				: { deviceId: readNumericId(this, 'deviceId', itemIndex, 'Device ID') }),
		}),
	);
	const run = runUnlink(await createSyncClients(this), requests.valid, readLinkOptions(this));
	return [await outputRun(this, requests.invalid, run, describeUnlink)];
}

/** One summary item for the whole account, whatever the input items. */
async function removeIntegration(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const report = await awaitRun(
		context,
		runRemoveIntegration(await createSyncClients(context), {
			linkStore: readLinkOptions(context).linkStore,
			dryRun: context.getNodeParameter('dryRun', 0, false) as boolean,
			removeFieldDefinitions: context.getNodeParameter(
				'removeFieldDefinitions',
				0,
				false,
			) as boolean,
		}),
	);
	return [{ json: describeRemoval(report), pairedItem: pairedWithEveryInput(context) }];
}
