import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { contains } from '../../../lib/connectwise/conditions';
import { createConnectWiseClient } from '../clients';
import { parseNumericId } from '../parameters';

const SEARCH_LIMIT = 100;

export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connectwise = await createConnectWiseClient(this);
	const text = filter?.trim() ?? '';
	const companies = await connectwise.listCompanies({
		conditions: text === '' ? undefined : contains('name', text),
		orderBy: 'name asc',
		limit: SEARCH_LIMIT,
	});
	return {
		results: companies.map((company) => ({
			name: `${company.name} (${company.identifier})`,
			value: String(company.id),
		})),
	};
}

export async function searchSites(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const companyId = parseNumericId(
		this.getCurrentNodeParameter('company', { extractValue: true }) as unknown,
	);
	if (companyId === undefined) return { results: [] };
	const connectwise = await createConnectWiseClient(this);
	const wanted = filter?.trim().toLowerCase() ?? '';
	const sites = await connectwise.listSites(companyId);
	return {
		results: sites
			.filter((site) => wanted === '' || (site.name ?? '').toLowerCase().includes(wanted))
			.map((site) => ({ name: site.name ?? `Site ${site.id}`, value: String(site.id) })),
	};
}
