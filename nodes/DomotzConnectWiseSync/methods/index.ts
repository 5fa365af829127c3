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

/** Resume Paused Agents: every paused agent at once, or agents of the account one by one. */
async function getAgentsToResume(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'All Paused Agents', value: RESUME_ALL }, ...(await getAgents.call(this))];
}

export const listSearch = { searchAgents, searchCompanies, searchConfigurations, searchSites };

export const loadOptions = {
	getAgents,
	getAgentsToResume,
	getConfigurationStatuses,
	getConfigurationTypes,
	getDeviceTypes,
};
