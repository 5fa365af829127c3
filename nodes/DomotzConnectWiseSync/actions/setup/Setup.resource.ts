import type { INodeProperties } from 'n8n-workflow';

import * as checkSetup from './checkSetup.operation';

export { checkSetup };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['setup'] } },
		options: [
			{
				name: 'Check Setup',
				value: 'checkSetup',
				description:
					'Check both accounts before the first sync: keys, rights, link field, quota, company links. Writes nothing unless Probe Writes is on.',
				action: 'Check setup',
			},
		],
		default: 'checkSetup',
	},
	...checkSetup.description,
];
