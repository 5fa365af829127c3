import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { runUnlink, type UnlinkRequest, type UnlinkRunItem } from '../../../../lib/sync/link-run';
import { createConnectWiseClient, createDomotzClient } from '../../../shared/clients';
import { toNodeError } from '../../../shared/errors';
import { readNumericId } from '../../../shared/parameters';
import { deviceReferenceProperties, linkStorageOptions } from '../common.descriptions';
import { readItemRequests, readLinkSettings, toOutputItems } from '../../helpers/requests';

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

export const description = updateDisplayOptions({ show: { operation: ['unlink'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = readLinkSettings(this);
	const everyDevice = this.getNodeParameter('unlinkScope', 0) === 'agent';
	const requests = readItemRequests(
		this,
		(itemIndex): UnlinkRequest => ({
			itemIndex,
			agentId: readNumericId(this, 'agentId', itemIndex, 'Agent ID'),
			...(everyDevice ? {} : { deviceId: readNumericId(this, 'deviceId', itemIndex, 'Device ID') }),
		}),
	);
	const results = await runUnlink(
		{ domotz: await createDomotzClient(this), connectwise: await createConnectWiseClient(this) },
		requests.valid,
		settings,
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
					: { itemIndex: result.itemIndex, json: describeUnlink(result) },
			),
		),
	];
}

function describeUnlink(result: UnlinkRunItem): IDataObject {
	const { outcome } = result;
	const base: IDataObject = {
		agentId: result.agentId,
		deviceId: result.deviceId ?? null,
		status: outcome.status,
	};
	if (outcome.status !== 'unlinked') return base;
	return {
		...base,
		configurationIds: outcome.configurations.map((configuration) => configuration.id),
		configurationNames: outcome.configurations.map((configuration) => configuration.name),
		mirrorCleared: outcome.mirrorCleared,
		...(outcome.problems.length > 0 ? { problems: outcome.problems } : {}),
	};
}
