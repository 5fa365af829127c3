import type { INodeProperties } from 'n8n-workflow';

import * as syncAgent from './sync.operation';

export { syncAgent };

export const description: INodeProperties[] = [
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
	...syncAgent.description,
];
