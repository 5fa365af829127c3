import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseKnownCompanies } from '../../../lib/sync/known-companies';
import type { AgentSyncOptions } from '../../../lib/sync/options';

/**
 * The companies Sync Agent found by the agents' Customer IDs, kept in the workflow's static data
 * for the next run, which uses them only as far as its sweep vouches for them
 * (lib/sync/known-companies.ts says why). n8n keeps nothing a manual run changes.
 */
export function rememberedCompanies(
	context: IExecuteFunctions,
): Pick<AgentSyncOptions, 'knownCompanies' | 'onKnownCompanies'> {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	return {
		knownCompanies: parseKnownCompanies(data.knownCompanies),
		onKnownCompanies: (companies) => {
			if (Object.keys(companies).length === 0) delete data.knownCompanies;
			else data.knownCompanies = companies as unknown as IDataObject;
		},
	};
}
