import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as createConfigurations from './actions/operations/createConfigurations.operation';
import * as link from './actions/operations/link.operation';
import * as matchConfigurations from './actions/operations/matchConfigurations.operation';
import * as syncAgent from './actions/operations/syncAgent.operation';
import * as syncFields from './actions/operations/syncFields.operation';
import * as unlink from './actions/operations/unlink.operation';
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
	const first = parameters.operation === 'syncAgent' ? 'Agents' : 'Devices';
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
			'={{ { matchConfigurations: "Match to Configurations", createConfigurations: "Create Configurations", link: "Link", unlink: "Unlink", syncFields: "Sync Fields", syncAgent: "Sync Agent" }[$parameter["operation"]] }}',
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
				],
				default: 'device',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['device'] } },
				options: [
					{
						name: 'Create Configurations',
						value: 'createConfigurations',
						description:
							'Create a configuration for each device that has none (matched again first, never twice) and link it',
						action: 'Create configurations for devices',
					},
					{
						name: 'Link',
						value: 'link',
						description: 'Link each device to a configuration you choose',
						action: 'Link a device to a configuration',
					},
					{
						name: 'Match to Configurations',
						value: 'matchConfigurations',
						description:
							'Find the configuration of each device: existing link, then serial, MAC, IP; report ambiguities',
						action: 'Match devices to configurations',
					},
					{
						name: 'Sync Fields',
						value: 'syncFields',
						description:
							'Bring linked devices and their configurations into agreement, field by field, in the chosen direction',
						action: 'Sync fields of linked devices',
					},
					{
						name: 'Unlink',
						value: 'unlink',
						description:
							'Remove the link of each device (or of every device of an agent) on both sides; configurations are kept',
						action: 'Unlink devices from configurations',
					},
				],
				default: 'matchConfigurations',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['agent'] } },
				options: [
					{
						name: 'Sync',
						value: 'syncAgent',
						description:
							'Sync now: match, link, optionally create, and sync fields for whole agents (and their collectors)',
						action: 'Sync agents',
					},
				],
				default: 'syncAgent',
			},
			...matchConfigurations.description,
			...createConfigurations.description,
			...link.description,
			...unlink.description,
			...syncFields.description,
			...syncAgent.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
