import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as agent from './agent/Agent.resource';
import * as device from './device/Device.resource';
import type { DomotzNodeType } from './node.type';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const domotzNode = { resource, operation } as DomotzNodeType;

	switch (domotzNode.resource) {
		case 'agent':
			return [await agent[domotzNode.operation].execute.call(this)];
		case 'device':
			return [await device[domotzNode.operation].execute.call(this)];
		default:
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of "${resource}" is not supported`,
			);
	}
}
