import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import { toNodeError } from '../../../shared/errors';
import { errorItem } from '../../../shared/items';
import type { InvalidItem } from '../parameters';

/** An item of a lib run: a failed outcome carries its error. */
export interface RunItem {
	itemIndex: number;
	outcome: { status: string; error?: unknown };
}

/** How an operation shows one item's result; an Error fails the item (Link's refusals). */
export type Describe<Result> = (result: Result) => IDataObject | Error;

type ItemResult = { itemIndex: number; json: IDataObject } | { itemIndex: number; error: unknown };

/**
 * A failure of the run as a whole (one item's failure is in its result) fails the node with the
 * n8n form of the error.
 */
export async function awaitRun<Result>(
	context: IExecuteFunctions,
	run: Promise<Result>,
): Promise<Result> {
	return await run.catch((error: unknown) => {
		throw toNodeError(context.getNode(), error);
	});
}

/** The end of an operation with one output: the run's items, each described or failed. */
export async function outputRun<Result extends RunItem>(
	context: IExecuteFunctions,
	invalid: readonly InvalidItem[],
	run: Promise<readonly Result[]>,
	describe: Describe<Result>,
): Promise<INodeExecutionData[]> {
	return toOutputItems(context, invalid, await awaitRun(context, run), describe);
}

/**
 * One output of results paired to their items, the unreadable items among them. Without "continue
 * on fail" the first failing item (in input order) fails the run, naming that item.
 */
export function toOutputItems<Result extends RunItem>(
	context: IExecuteFunctions,
	invalid: readonly InvalidItem[],
	results: readonly Result[],
	describe: Describe<Result>,
): INodeExecutionData[] {
	const entries: ItemResult[] = [
		...invalid,
		...results.map((result) => toItemResult(result, describe)),
	].sort((a, b) => a.itemIndex - b.itemIndex);
	const output: INodeExecutionData[] = [];
	for (const entry of entries) {
		if ('json' in entry) {
			output.push({ json: entry.json, pairedItem: { item: entry.itemIndex } });
			continue;
		}
		const error = toNodeError(context.getNode(), entry.error, entry.itemIndex);
		if (!context.continueOnFail()) throw error;
		output.push(errorItem(error, entry.itemIndex));
	}
	return output;
}

function toItemResult<Result extends RunItem>(
	result: Result,
	describe: Describe<Result>,
): ItemResult {
	const { itemIndex, outcome } = result;
	if (outcome.status === 'failed') return { itemIndex, error: outcome.error };
	const described = describe(result);
	return described instanceof Error
		? { itemIndex, error: described }
		: { itemIndex, json: described };
}

/** The pairing of an item that stands for the whole run (a summary, an agent). */
export function pairedWithEveryInput(context: IExecuteFunctions): IPairedItemData[] {
	return context.getInputData().map((_item, itemIndex) => ({ item: itemIndex }));
}
