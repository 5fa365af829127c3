import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	getConfigurationStatuses,
	getConfigurationTypes,
	searchCompanies,
	searchConfigurations,
	searchSites,
} from '../../shared/methods/connectwise';
import { getAgents, getDeviceTypes, searchAgents } from '../../shared/methods/domotz';
import { RESUME_ALL } from '../helpers/paused-agents';

type LoadOptions = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

/** Resume Paused Agents: every paused agent at once, or agents of the account one by one. */
async function getAgentsToResume(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'All Paused Agents', value: RESUME_ALL }, ...(await getAgents.call(this))];
}

/**
 * A list led by a choice for the empty value, for a parameter that may be left empty: the editor
 * flags a value none of the options holds, the empty default too.
 */
function withEmptyChoice(name: string, load: LoadOptions): LoadOptions {
	return async function (this: ILoadOptionsFunctions) {
		return [{ name, value: '' }, ...(await load.call(this))];
	};
}

export const listSearch = { searchAgents, searchCompanies, searchConfigurations, searchSites };

export const loadOptions = {
	getAgents,
	getAgentsToResume,
	getCollectorConfigurationTypes: withEmptyChoice(
		'Same as Default Configuration Type',
		getConfigurationTypes,
	),
	getConfigurationStatuses,
	getConfigurationTypes,
	getDefaultConfigurationTypes: withEmptyChoice(
		'None: Skip Devices Not in the Type Map',
		getConfigurationTypes,
	),
	getDeviceTypes,
	getNewConfigurationStatuses: withEmptyChoice(
		"ConnectWise's Default Status",
		getConfigurationStatuses,
	),
};
