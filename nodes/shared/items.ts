import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import { toNodeError, type NodeError } from './errors';

/**
 * The one per-item loop of the package: each input item yields zero or more output items paired
 * to it; a failure becomes an error item when "continue on fail" is set, otherwise an n8n error
 * that names the item.
 */
export async function mapItems(
	context: IExecuteFunctions,
	handle: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const itemCount = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const outcome = await handle(itemIndex).then(
			(json) => ({ ok: true as const, json }),
			(error: unknown) => ({ ok: false as const, error }),
		);
		if (outcome.ok) {
			const results = Array.isArray(outcome.json) ? outcome.json : [outcome.json];
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
			continue;
		}
		const nodeError = toNodeError(context.getNode(), outcome.error, itemIndex);
		if (!context.continueOnFail()) throw nodeError;
		output.push(errorItem(nodeError, itemIndex));
	}
	return output;
}

/**
 * The item of a failed input under "continue on fail". Its json holds only `error` and `details`,
 * the shape n8n's error output ("On Error › Continue (using error output)") recognises.
 */
export function errorItem(
	error: NodeError,
	pairedItem: number | IPairedItemData[],
): INodeExecutionData {
	return {
		json: { error: error.message, ...(error.description ? { details: error.description } : {}) },
		pairedItem: typeof pairedItem === 'number' ? { item: pairedItem } : pairedItem,
	};
}
