import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { createDomotzClient } from '../../../shared/clients';
import { isAgentApiEnabled } from '../../../../lib/domotz/schemas';
import { mapItems } from '../../../shared/items';
import { toJson } from '../../../shared/output';
import { limitResults, returnAllOrLimit } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	...returnAllOrLimit('agents'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Only agents whose name contains this text (case-insensitive)',
			},
			{
				displayName: 'Only Agents With API Access',
				name: 'onlyApiEnabled',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out agents whose Domotz plan does not allow API access (they are listed with apiAccess false otherwise)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const domotz = await createDomotzClient(this);
	return await mapItems(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as {
			nameContains?: string;
			onlyApiEnabled?: boolean;
		};
		const agents = await domotz.listAgents({ displayName: filters.nameContains || undefined });
		const listed = agents
			.map((agent) => toJson({ ...agent, apiAccess: isAgentApiEnabled(agent) }))
			.filter((agent) => !filters.onlyApiEnabled || agent.apiAccess);
		return limitResults(this, itemIndex, listed);
	});
}
