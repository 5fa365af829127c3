/**
 * Stand-ins for the n8n-nodes-base nodes the example workflows use, which n8n ships and this
 * repository does not install. Each keeps the parameters and outputs of n8n's node and leaves the
 * work to n8n-core as n8n's node does; the real nodes run in `npm run test:e2e`.
 */
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * n8n's If node, versions 2 to 2.2 (`nodes/If/V2/IfV2.node.ts`): its Conditions are a filter
 * parameter, which n8n-core evaluates per item when asked for its value (`extractValue`); items
 * that pass go to output 0 (`true`), the others to output 1 (`false`).
 */
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool -- a test stand-in for n8n's If node, never offered to anyone
export class IfStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'If',
		name: 'if',
		group: ['transform'],
		version: [2, 2.1, 2.2],
		description: "Stands in for n8n's If node",
		defaults: { name: 'If' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['true', 'false'],
		properties: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				type: 'filter',
				default: {},
				typeOptions: {
					filter: {
						caseSensitive: '={{!$parameter.options.ignoreCase}}',
						typeValidation: 'strict',
						version: '={{ $nodeVersion >= 2.2 ? 2 : 1 }}',
					},
				},
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'Ignore Case', name: 'ignoreCase', type: 'boolean', default: true },
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const passed: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];
		this.getInputData().forEach((item, itemIndex) => {
			let pass: boolean;
			try {
				pass = this.getNodeParameter('conditions', itemIndex, false, {
					extractValue: true,
				}) as boolean;
			} catch (error) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			const paired = { ...item, pairedItem: item.pairedItem ?? { item: itemIndex } };
			(pass ? passed : failed).push(paired);
		});
		return [passed, failed];
	}
}
