import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { SyncOperation } from './node.type';
import * as createConfigurations from './operations/createConfigurations.operation';
import * as link from './operations/link.operation';
import * as matchConfigurations from './operations/matchConfigurations.operation';
import * as syncAgent from './operations/syncAgent.operation';
import * as syncFields from './operations/syncFields.operation';
import * as unlink from './operations/unlink.operation';

const operations: Record<
	SyncOperation,
	{ execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> }
> = {
	matchConfigurations,
	createConfigurations,
	link,
	unlink,
	syncFields,
	syncAgent,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as SyncOperation;
	const selected = operations[operation];
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return await selected.execute.call(this);
}
