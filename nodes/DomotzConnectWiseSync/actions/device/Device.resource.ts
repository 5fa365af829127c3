import type { INodeProperties } from 'n8n-workflow';

import * as createConfigurations from './createConfigurations.operation';
import * as link from './link.operation';
import * as matchConfigurations from './matchConfigurations.operation';
import * as syncFields from './syncFields.operation';
import * as unlink from './unlink.operation';

export { createConfigurations, link, matchConfigurations, syncFields, unlink };

export const description: INodeProperties[] = [
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
	...matchConfigurations.description,
	...createConfigurations.description,
	...link.description,
	...unlink.description,
	...syncFields.description,
];
