import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as agent from './agent/Agent.resource';
import * as device from './device/Device.resource';
import * as setup from './setup/Setup.resource';
import type { SyncNodeType } from './node.type';

interface Operation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const selected = operationOf({ resource, operation } as SyncNodeType);
	// A resource module exports its description too: only a member that executes is an operation.
	if (typeof selected?.execute !== 'function') {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return await selected.execute.call(this);
}

/** Undefined when the workflow names a resource or operation this node does not have. */
function operationOf(syncNode: SyncNodeType): Operation | undefined {
	switch (syncNode.resource) {
		case 'device':
			return device[syncNode.operation];
		case 'agent':
			return agent[syncNode.operation];
		case 'setup':
			return setup[syncNode.operation];
		default:
			return undefined;
	}
}
