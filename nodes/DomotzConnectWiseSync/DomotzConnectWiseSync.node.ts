import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as agent from './actions/agent/Agent.resource';
import * as device from './actions/device/Device.resource';
import * as setup from './actions/setup/Setup.resource';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

/**
 * The outputs of the chosen operation. n8n evaluates this in the editor and the engine from its
 * source text, so it must stay self-contained.
 */
const outputsOf = (parameters: { operation?: string }) => {
	const second = {
		matchConfigurations: 'Unmatched Configurations',
		syncFields: 'Summary',
		syncAgent: 'Devices',
	}[parameters.operation ?? 'matchConfigurations'];
	const first =
		{ syncAgent: 'Agents', checkSetup: 'Checks' }[parameters.operation ?? ''] ?? 'Devices';
	return second
		? [
				{ type: 'main', displayName: first },
				{ type: 'main', displayName: second },
			]
		: [{ type: 'main', displayName: first }];
};

export class DomotzConnectWiseSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Domotz ConnectWise Sync',
		name: 'domotzConnectWiseSync',
		icon: { light: 'file:../../icons/sync.svg', dark: 'file:../../icons/sync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { matchConfigurations: "Match to Configurations", createConfigurations: "Create Configurations", link: "Link", unlink: "Unlink", syncFields: "Sync Fields", syncAgent: "Sync Agent", checkSetup: "Check Setup" }[$parameter["operation"]] }}',
		description:
			'Match Domotz devices to ConnectWise PSA configurations and keep them linked and in sync',
		defaults: { name: 'Domotz ConnectWise Sync' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${outputsOf})($parameter)}}`,
		credentials: [
			{ name: 'domotzApi', required: true },
			{ name: 'connectWisePsaApi', required: true },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Agent',
						value: 'agent',
						description: 'Whole agents at once, as Domotz\'s "Sync now" does',
					},
					{
						name: 'Device',
						value: 'device',
						description: 'The devices of the input items',
					},
					{
						name: 'Setup',
						value: 'setup',
						description: 'Both accounts, before the first sync and whenever one fails',
					},
				],
				default: 'device',
			},
			...device.description,
			...agent.description,
			...setup.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
