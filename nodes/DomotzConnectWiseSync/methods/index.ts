import { searchCompanies, searchSites } from '../../shared/methods/connectwise';
import { searchAgents } from '../../shared/methods/domotz';

export const listSearch = { searchAgents, searchCompanies, searchSites };
