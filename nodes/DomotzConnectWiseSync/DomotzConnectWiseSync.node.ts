import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as matchConfigurations from './actions/operations/matchConfigurations.operation';
import { router } from './actions/router';
import { listSearch } from './methods';

export class DomotzConnectWiseSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Domotz ConnectWise Sync',
		name: 'domotzConnectWiseSync',
		icon: { light: 'file:../../icons/sync.svg', dark: 'file:../../icons/sync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Match Domotz devices to ConnectWise PSA configurations and keep them linked and in sync',
		defaults: { name: 'Domotz ConnectWise Sync' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Devices', 'Unmatched Configurations'],
		credentials: [
			{ name: 'domotzApi', required: true },
			{ name: 'connectWisePsaApi', required: true },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Match to Configurations',
						value: 'matchConfigurations',
						description:
							'Find the configuration of each device: existing link, then serial, MAC, IP; report ambiguities',
						action: 'Match devices to configurations',
					},
				],
				default: 'matchConfigurations',
			},
			...matchConfigurations.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
