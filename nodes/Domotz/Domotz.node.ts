import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as agent from './actions/agent/Agent.resource';
import * as device from './actions/device/Device.resource';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class Domotz implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Domotz',
		name: 'domotz',
		icon: { light: 'file:../../icons/domotz.svg', dark: 'file:../../icons/domotz.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read agents and the devices they discover, and edit device fields, in Domotz',
		defaults: { name: 'Domotz' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'domotzApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Device', value: 'device' },
				],
				default: 'device',
			},
			...agent.description,
			...device.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
