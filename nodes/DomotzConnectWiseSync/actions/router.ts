import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { SyncOperation } from './node.type';
import * as matchConfigurations from './operations/matchConfigurations.operation';

const operations: Record<
	SyncOperation,
	{ execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> }
> = {
	matchConfigurations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as SyncOperation;
	const selected = operations[operation];
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return await selected.execute.call(this);
}
