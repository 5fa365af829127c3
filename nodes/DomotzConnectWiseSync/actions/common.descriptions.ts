import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	allowedDirections,
	syncFields,
	type FieldDirection,
} from '../../../lib/fields/sync-fields';
import { matchKeysByPriority } from '../../../lib/match';

import { agentLocator, companyLocator, siteLocator } from '../../shared/descriptions';

/**
 * Which device an input item stands for; the defaults read both the items of Domotz › Get Devices
 * (`agent_id`, `id`) and those of this node's actions (`agentId`, `deviceId`).
 */
export const deviceReferenceProperties: INodeProperties[] = [
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		default: '={{ $json.agentId ?? $json.agent_id }}',
		required: true,
		description: 'The Domotz agent of the device in this item',
	},
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		default: '={{ $json.deviceId ?? $json.id }}',
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
				description:
					"Every device goes to the company (and site) chosen here: for one customer's agents, never for all agents",
			},
			{
				name: 'Table of Agents and Companies',
				value: 'mapping',
				description: 'Link each agent to a company and an optional site',
			},
		],
		// Never every agent into one company by default: each agent must name its own.
		default: 'customerId',
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
		displayName: 'Default Site Name',
		name: 'siteName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Main Office',
		description:
			"Optional: the site of this name in each agent's company; a company without one gets its default site",
		displayOptions: { show: { companyLink: ['customerId', 'agentName'] } },
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
					// Named siteId as the plain ID field it replaces, so saved rows keep their site.
					{ ...siteLocator, name: 'siteId' },
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
		description:
			'Caption of the configuration custom field that holds the link: at most 25 characters, without " or \\',
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

/** Keys tried after an existing link, in the guide's order of priority. */
export const matchKeyProperty: INodeProperties = {
	displayName: 'Match On',
	name: 'matchKeys',
	type: 'multiOptions',
	options: [
		{
			name: 'Serial Number',
			value: 'serial',
			description: 'When both sides have a real serial (placeholders never match)',
		},
		{ name: 'MAC Address', value: 'mac', description: 'When the configuration has a MAC' },
		{ name: 'IP Address', value: 'ip', description: 'When the configuration has an IP' },
	],
	default: [...matchKeysByPriority],
	description:
		'Keys tried after an existing link, always in this order of priority: serial, then MAC, then IP',
};

/**
 * The sync fields as options, from the field table: every field, or only those whose values may
 * be shortened (a length limit and not a match key).
 */
export function fieldOptions(which: 'all' | 'truncatable'): INodePropertyOptions[] {
	return syncFields
		.filter((field) => which === 'all' || (field.maxLength !== undefined && !field.matchKey))
		.map((field) => ({ name: field.label, value: field.key }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** How new configurations are typed and given a status (Create Configurations and Sync Agent). */
export const createSettingsProperties: INodeProperties[] = [
	{
		displayName: 'Type Map',
		name: 'typeMap',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Type Mapping',
		default: {},
		description:
			'Which ConnectWise configuration type each Domotz device type becomes; devices of other types get the default type',
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Domotz Device Type Name or ID',
						name: 'domotzType',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getDeviceTypes' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Configuration Type Name or ID',
						name: 'configurationType',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getConfigurationTypes' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
				],
			},
		],
	},
	{
		displayName: 'Default Configuration Type Name or ID',
		name: 'defaultType',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDefaultConfigurationTypes' },
		default: '',
		description:
			'For devices whose type is not in the map; "None" skips them (they are reported). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Status Name or ID',
		name: 'status',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getNewConfigurationStatuses' },
		default: '',
		description:
			'Status of the new configurations. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

const directionNames: Record<FieldDirection, string> = {
	domotzToConnectWise: 'Domotz → ConnectWise',
	connectWiseToDomotz: 'ConnectWise → Domotz',
	skip: 'Skip',
};

function directionOption(direction: FieldDirection): INodePropertyOptions {
	return { name: directionNames[direction], value: direction };
}

/**
 * One direction picker per field of the field table, offering only the directions that field
 * allows (Domotz cannot write MAC, IPs or OS through its API, so those go one way only).
 */
const fieldDirectionProperties: INodeProperties[] = syncFields.map((field) => {
	const { defaultDirection } = field;
	return {
		displayName: field.label,
		name: `direction_${field.key}`,
		type: 'options',
		options: allowedDirections(field).map(directionOption),
		default: defaultDirection,
		description: `Domotz: ${field.domotzSource}. ConnectWise: ${field.connectWiseField}.`,
		displayOptions: { show: { syncMode: ['custom'] } },
	};
});

/** The guide's three synchronisation modes. */
export const syncModeProperties: INodeProperties[] = [
	{
		displayName: 'Sync Mode',
		name: 'syncMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Domotz → ConnectWise',
				value: 'domotzToConnectWise',
				description: 'What Domotz knows overrides the configuration',
			},
			{
				name: 'ConnectWise → Domotz',
				value: 'connectWiseToDomotz',
				description:
					'The configuration overrides the device, for the fields Domotz lets the API write',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'A direction per field',
			},
		],
		default: 'domotzToConnectWise',
	},
	...fieldDirectionProperties,
];

/** How values are written; shared by Sync Fields and Sync Agent. */
export const syncPolicyOptions: INodeProperties[] = [
	{
		displayName: 'Allow Blanking',
		name: 'allowBlanking',
		type: 'boolean',
		default: false,
		description:
			'Whether an empty source may empty a filled field on the other side. Off by default: an empty value never erases data. Names are never blanked and match keys never take junk.',
	},
	{
		displayName: 'Create Missing Manufacturers',
		name: 'createManufacturers',
		type: 'boolean',
		default: false,
		description:
			'Whether to add a manufacturer to ConnectWise when a device names one it does not know (needs Table Setup add). Otherwise the field is left as it is and reported.',
	},
	{
		displayName: 'Shorten Long Values',
		name: 'truncate',
		type: 'multiOptions',
		options: fieldOptions('truncatable'),
		default: [],
		description:
			"Fields whose values may be cut to ConnectWise's maximum length (each cut is reported). Other too-long values are not written and are reported.",
	},
];

export const dryRunProperty: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to only report what would be written (links, configurations, field changes) and write nothing',
};

/**
 * For support: an operation with this in its Options collection runs through
 * `withApiTranscript` (helpers/transcript.ts), which reads it.
 */
export const saveApiTranscriptOption: INodeProperties = {
	displayName: 'Save API Transcript',
	name: 'saveApiTranscript',
	type: 'boolean',
	default: false,
	description:
		'Whether to add the file apiTranscript to the output: every request to Domotz and ConnectWise with its answer, one JSON line each, credentials removed. It goes on the summary item, or on the first item of the first output where there is no summary. Attach it to a bug report.',
};
