import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { createDomotzClient } from '../../../shared/clients';
import { agentLocator } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { readNumericId } from '../../../shared/parameters';
import { toJson } from '../../../shared/output';

const properties: INodeProperties[] = [agentLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const domotz = await createDomotzClient(this);
	return await mapItems(this, async (itemIndex) => {
		const agentId = readNumericId(this, 'agent', itemIndex, 'Agent');
		return toJson(await domotz.getAgent(agentId));
	});
}
