import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

type ParameterContext = Pick<IExecuteFunctions, 'getNodeParameter' | 'getNode'>;

/** A resource locator or number parameter holding a numeric ID; anything else is a clear item error. */
export function readNumericId(
	context: ParameterContext,
	parameterName: string,
	itemIndex: number,
	label: string,
): number {
	const value = context.getNodeParameter(parameterName, itemIndex, undefined, {
		extractValue: true,
	}) as unknown;
	const parsed = parseNumericId(value);
	if (parsed === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex}: "${label}" must be a numeric ID, got ${describeValue(value)}`,
			{ itemIndex, description: `Check the "${label}" parameter or the expression that fills it.` },
		);
	}
	return parsed;
}

/** Like readNumericId, but an empty value means "not set". */
export function readOptionalNumericId(
	context: ParameterContext,
	parameterName: string,
	itemIndex: number,
	label: string,
): number | undefined {
	const value = context.getNodeParameter(parameterName, itemIndex, '', {
		extractValue: true,
	}) as unknown;
	if (value === '' || value === undefined || value === null) return undefined;
	return readNumericId(context, parameterName, itemIndex, label);
}

export function parseNumericId(value: unknown): number | undefined {
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
	if (typeof value !== 'string' || !/^\s*\d+\s*$/.test(value)) return undefined;
	const parsed = Number(value.trim());
	return Number.isSafeInteger(parsed) ? parsed : undefined;
}

function describeValue(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'nothing';
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

export function returnAllOrLimit(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
			hint: `Counted per input item, after filtering the ${what}`,
		},
	];
}

export function limitResults<T>(context: ParameterContext, itemIndex: number, results: T[]): T[] {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return results;
	return results.slice(0, context.getNodeParameter('limit', itemIndex, 50) as number);
}
