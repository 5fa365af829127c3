import type { INodeProperties } from 'n8n-workflow';

/** A resource locator with a searchable list and a numeric ID mode, built the same way everywhere. */
function resourceLocator(options: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	listPlaceholder: string;
	idPlaceholder: string;
	what: string;
	required?: boolean;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: options.listPlaceholder,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.idPlaceholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*\\d+\\s*$',
							errorMessage: `Not a valid ${options.what} ID (digits only)`,
						},
					},
				],
			},
		],
	};
}

export const agentLocator: INodeProperties = resourceLocator({
	displayName: 'Agent',
	name: 'agent',
	description: 'The Domotz agent (collector) of a customer network',
	searchListMethod: 'searchAgents',
	listPlaceholder: 'Select an agent...',
	idPlaceholder: 'e.g. 12345',
	what: 'agent',
});

export const deviceLocator: INodeProperties = resourceLocator({
	displayName: 'Device',
	name: 'device',
	description: 'A device discovered by the chosen agent',
	searchListMethod: 'searchDevices',
	listPlaceholder: 'Select a device...',
	idPlaceholder: 'e.g. 678',
	what: 'device',
});

export const companyLocator: INodeProperties = resourceLocator({
	displayName: 'Company',
	name: 'company',
	description: 'The ConnectWise PSA company the agent documents its devices in',
	searchListMethod: 'searchCompanies',
	listPlaceholder: 'Select a company...',
	idPlaceholder: 'e.g. 250',
	what: 'company',
});

export const siteLocator: INodeProperties = resourceLocator({
	displayName: 'Site',
	name: 'site',
	description: 'Optional site of the company; leave empty for the company default',
	searchListMethod: 'searchSites',
	listPlaceholder: 'Select a site...',
	idPlaceholder: 'e.g. 31',
	what: 'site',
	required: false,
});

export const configurationLocator: INodeProperties = resourceLocator({
	displayName: 'Configuration',
	name: 'configuration',
	description: 'The ConnectWise PSA configuration to link the device to',
	searchListMethod: 'searchConfigurations',
	listPlaceholder: 'Select a configuration...',
	idPlaceholder: 'e.g. 4012',
	what: 'configuration',
});
