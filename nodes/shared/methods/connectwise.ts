import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import {
	and,
	contains,
	eq,
	queryablePart,
	type Comparison,
} from '../../../lib/connectwise/conditions';
import type { CwConfiguration } from '../../../lib/connectwise/schemas';
import { createConnectWiseClient } from '../clients';
import { parseNumericId } from '../parameters';

const SEARCH_LIMIT = 100;

/**
 * Names containing the typed text. A text with `"` or `\` cannot be asked about: its longest part
 * without them is, and the answer is narrowed to the whole text here.
 */
function nameSearch(text: string): {
	condition?: Comparison;
	keeps: (name: string | null | undefined) => boolean;
} {
	const part = queryablePart(text).trim();
	const wanted = text.toLowerCase();
	return {
		condition: part === '' ? undefined : contains('name', part),
		keeps: (name) => (name ?? '').toLowerCase().includes(wanted),
	};
}

export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connectwise = await createConnectWiseClient(this);
	const search = nameSearch(filter?.trim() ?? '');
	const companies = await connectwise.listCompanies({
		conditions: search.condition,
		orderBy: 'name asc',
		limit: SEARCH_LIMIT,
	});
	return {
		results: companies
			.filter((company) => search.keeps(company.name))
			.map((company) => ({
				name: `${company.name} (${company.identifier})`,
				value: String(company.id),
			})),
	};
}

/**
 * The company a site picker lists sites of: the Company beside it in an Agent Links row (`&` reads
 * a sibling of the picker, and nothing at the top level), else the node's Company.
 */
function chosenCompanyId(context: ILoadOptionsFunctions): number | undefined {
	const company = (context.getCurrentNodeParameter('&company') ??
		context.getCurrentNodeParameter('company')) as unknown;
	const value =
		typeof company === 'object' && company !== null
			? (company as { value?: unknown }).value
			: company;
	return parseNumericId(value);
}

export async function searchSites(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const companyId = chosenCompanyId(this);
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

/** Configurations for the Link action, limited to the company chosen beside it when there is one. */
export async function searchConfigurations(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const companyId = parseNumericId(
		this.getCurrentNodeParameter('onlyCompany', { extractValue: true }) as unknown,
	);
	const search = nameSearch(filter?.trim() ?? '');
	const parts = [
		...(companyId === undefined ? [] : [eq('company/id', companyId)]),
		...(search.condition === undefined ? [] : [search.condition]),
	];
	const connectwise = await createConnectWiseClient(this);
	const configurations = await connectwise.listConfigurations({
		conditions: parts.length === 0 ? undefined : and(...parts),
		fields: ['name', 'company', 'type', 'serialNumber'],
		orderBy: 'name asc',
		limit: SEARCH_LIMIT,
	});
	return {
		results: configurations
			.slice(0, SEARCH_LIMIT)
			.filter((configuration) => search.keeps(configuration.name))
			.map((configuration) => ({
				name: configurationLabel(configuration),
				value: String(configuration.id),
			})),
	};
}

function configurationLabel(configuration: CwConfiguration): string {
	const details = [configuration.type?.name, configuration.company?.name].filter(Boolean);
	const name = configuration.name ?? `Configuration ${configuration.id}`;
	return details.length > 0 ? `${name} (${details.join(', ')})` : name;
}

/** Values are strings, as IDs are saved: the editor flags a saved value no option equals strictly. */
export async function getConfigurationTypes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const connectwise = await createConnectWiseClient(this);
	const types = await connectwise.listConfigurationTypes();
	return types
		.filter((type) => type.inactiveFlag !== true)
		.map((type) => ({ name: type.name, value: String(type.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getConfigurationStatuses(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const connectwise = await createConnectWiseClient(this);
	const statuses = await connectwise.listConfigurationStatuses();
	return (
		statuses
			// The specification's statuses have no inactiveFlag; a tenant that adds one is honoured.
			.filter((status) => status.inactiveFlag !== true)
			.map((status) => ({
				name: status.defaultFlag ? `${status.description} (default)` : status.description,
				value: String(status.id),
			}))
			.sort((a, b) => a.name.localeCompare(b.name))
	);
}
