import type { INodeProperties } from 'n8n-workflow';

import { agentLocator, companyLocator, siteLocator } from '../../shared/descriptions';

/** Which device an input item stands for; defaults read the items that Domotz › Get Devices outputs. */
export const deviceReferenceProperties: INodeProperties[] = [
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		default: '={{ $json.agent_id }}',
		required: true,
		description: 'The Domotz agent of the device in this item',
	},
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		description: 'The Domotz device ID in this item',
	},
];

/** The guide's "Link Company": how each agent finds its ConnectWise company (and site). */
export const companyLinkProperties: INodeProperties[] = [
	{
		displayName: 'Company Link',
		name: 'companyLink',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Agent Customer ID Is the Company Identifier',
				value: 'customerId',
				description:
					'Read the Customer ID set on the agent in Domotz (Agent & Customer Configuration) as the ConnectWise company identifier',
			},
			{
				name: 'Agent Name Is the Company Name',
				value: 'agentName',
				description: 'The company whose name equals the agent name (case-insensitive)',
			},
			{
				name: 'One Company',
				value: 'company',
				description: 'Every device goes to the company (and site) chosen here',
			},
			{
				name: 'Table of Agents and Companies',
				value: 'mapping',
				description: 'Link each agent to a company and an optional site',
			},
		],
		default: 'company',
	},
	{
		...companyLocator,
		displayOptions: { show: { companyLink: ['company'] } },
	},
	{
		...siteLocator,
		displayOptions: { show: { companyLink: ['company'] } },
	},
	{
		displayName: 'Agent Links',
		name: 'agentLinks',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Agent Link',
		default: {},
		displayOptions: { show: { companyLink: ['mapping'] } },
		options: [
			{
				displayName: 'Link',
				name: 'links',
				values: [
					agentLocator,
					companyLocator,
					{
						displayName: 'Site ID',
						name: 'siteId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 31',
						description:
							'Optional ConnectWise site ID of the company; empty for the company default',
					},
				],
			},
		],
	},
];

/** Where the durable link lives; shared by every action that reads or writes links. */
export const linkStorageOptions: INodeProperties[] = [
	{
		displayName: 'Link Storage',
		name: 'linkStorage',
		type: 'options',
		options: [
			{
				name: 'Custom Field on the Configuration',
				value: 'customField',
				description:
					'A text custom field (created when missing) holds domotz:AGENT/DEVICE; read with the configuration list, so links cost no extra request',
			},
			{
				name: 'Device Identifier Field',
				value: 'deviceIdentifier',
				description:
					'The built-in Device Identifier field; only if no other tool (RMM, N-central, Automate) writes there',
			},
		],
		default: 'customField',
	},
	{
		displayName: 'Link Field Caption',
		name: 'linkFieldCaption',
		type: 'string',
		default: 'Domotz Link',
		description: 'Caption of the configuration custom field that holds the link',
		displayOptions: { show: { linkStorage: ['customField'] } },
	},
	{
		displayName: 'Mirror Link in Domotz',
		name: 'mirrorInDomotz',
		type: 'boolean',
		default: true,
		description:
			'Whether to also write the configuration ID to the Domotz inventory field "ConnectWise Configuration ID" so Domotz users see the link',
	},
];
