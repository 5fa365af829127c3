import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as updateField from './updateField.operation';

export { get, getAll, updateField };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one device of an agent',
				action: 'Get a device',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the devices of an agent, one item per device',
				action: 'Get devices',
			},
			{
				name: 'Update Field',
				value: 'updateField',
				description: 'Set one of the device fields Domotz lets the API write',
				action: 'Update a device field',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...updateField.description,
];
