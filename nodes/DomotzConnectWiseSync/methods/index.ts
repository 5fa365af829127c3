import {
	getConfigurationStatuses,
	getConfigurationTypes,
	searchCompanies,
	searchConfigurations,
	searchSites,
} from '../../shared/methods/connectwise';
import { getAgents, getDeviceTypes, searchAgents } from '../../shared/methods/domotz';

export const listSearch = { searchAgents, searchCompanies, searchConfigurations, searchSites };

export const loadOptions = {
	getAgents,
	getConfigurationStatuses,
	getConfigurationTypes,
	getDeviceTypes,
};
