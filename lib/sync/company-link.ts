/**
 * How an agent finds its ConnectWise company and site (the Domotz guide's "Link Company").
 * Resolution is data in, data out; the lookups it needs are passed in by the caller.
 */

import { isQueryableText } from '../connectwise/conditions';

export interface AgentCompanyLink {
	agentId: number;
	companyId: number;
	siteId?: number;
}

/** `siteName`: the site of that name in each agent's company where it has one, else its default. */
export type CompanyLink =
	| { kind: 'company'; companyId: number; siteId?: number }
	| { kind: 'customerId'; siteName?: string }
	| { kind: 'agentName'; siteName?: string }
	| { kind: 'mapping'; links: AgentCompanyLink[] };

export interface CompanySummary {
	id: number;
	identifier: string;
	name: string;
}

export type ResolvedCompany =
	| { kind: 'resolved'; company: CompanySummary; siteId?: number; via: CompanyLink['kind'] }
	| { kind: 'unresolved'; reason: string };

export interface AgentSummary {
	id: number;
	name: string;
	customerId?: string | null;
}

export interface CompanySite {
	id: number;
	name: string;
}

export interface CompanyDirectory {
	byId(companyId: number): Promise<CompanySummary | undefined>;
	byIdentifier(identifier: string): Promise<CompanySummary[]>;
	byName(name: string): Promise<CompanySummary[]>;
	sitesOf(companyId: number): Promise<CompanySite[]>;
}

/** A stable key for caching resolutions: two items with the same agent and link share one lookup. */
export function companyLinkKey(agentId: number, link: CompanyLink): string {
	if (link.kind === 'company') return `${agentId}|company|${link.companyId}|${link.siteId ?? ''}`;
	if (link.kind === 'mapping') {
		const row = link.links.find((candidate) => candidate.agentId === agentId);
		return `${agentId}|mapping|${row?.companyId ?? ''}|${row?.siteId ?? ''}`;
	}
	return `${agentId}|${link.kind}|${link.siteName ?? ''}`;
}

/** The agent's company, and its site when the link names one, which must be the company's. */
export async function resolveCompany(
	agent: AgentSummary,
	link: CompanyLink,
	directory: CompanyDirectory,
): Promise<ResolvedCompany> {
	const resolved = await companyOf(agent, link, directory);
	if (resolved.kind === 'unresolved') return resolved;
	return await withSite(resolved, agent.id, siteChoice(agent.id, link), directory);
}

async function companyOf(
	agent: AgentSummary,
	link: CompanyLink,
	directory: CompanyDirectory,
): Promise<ResolvedCompany> {
	switch (link.kind) {
		case 'company':
			return await byId(link.companyId, 'company', directory);
		case 'mapping': {
			const row = link.links.find((candidate) => candidate.agentId === agent.id);
			if (!row) {
				return {
					kind: 'unresolved',
					reason: `agent ${agent.id} (${agent.name}) has no row in the agent links table`,
				};
			}
			return await byId(row.companyId, 'mapping', directory);
		}
		case 'customerId': {
			const identifier = agent.customerId?.trim() ?? '';
			if (identifier === '') {
				return {
					kind: 'unresolved',
					reason: `agent ${agent.id} (${agent.name}) has no Customer ID set in Domotz`,
				};
			}
			if (!isQueryableText(identifier)) return unaskable(`Customer ID "${identifier}"`, agent);
			const found = (await directory.byIdentifier(identifier)).filter(
				(company) => company.identifier.trim().toLowerCase() === identifier.toLowerCase(),
			);
			return single(found, `identifier "${identifier}"`, 'customerId', agent);
		}
		case 'agentName': {
			const name = agent.name.trim();
			if (!isQueryableText(name)) return unaskable(`name "${name}"`, agent);
			const found = (await directory.byName(name)).filter(
				(company) => company.name.trim().toLowerCase() === name.toLowerCase(),
			);
			return single(found, `name "${name}"`, 'agentName', agent);
		}
	}
}

/** A value no documented ConnectWise condition can hold is never sent. */
function unaskable(described: string, agent: AgentSummary): ResolvedCompany {
	return {
		kind: 'unresolved',
		reason: `the ${described} of agent ${agent.id} contains a double quote or a backslash, which ConnectWise cannot be asked about; link the agent to its company with One Company or the Agent Links table`,
	};
}

async function byId(
	companyId: number,
	via: CompanyLink['kind'],
	directory: CompanyDirectory,
): Promise<ResolvedCompany> {
	const company = await directory.byId(companyId);
	if (!company)
		return { kind: 'unresolved', reason: `ConnectWise has no company with ID ${companyId}` };
	return { kind: 'resolved', company, via };
}

type SiteChoice = { siteId: number } | { siteName: string } | undefined;

function siteChoice(agentId: number, link: CompanyLink): SiteChoice {
	if (link.kind === 'company')
		return link.siteId === undefined ? undefined : { siteId: link.siteId };
	if (link.kind === 'mapping') {
		const siteId = link.links.find((row) => row.agentId === agentId)?.siteId;
		return siteId === undefined ? undefined : { siteId };
	}
	const siteName = link.siteName?.trim() ?? '';
	return siteName === '' ? undefined : { siteName };
}

/** Shown with a refused site, so the user can pick one of the company's. */
const LISTED_SITES = 5;

/**
 * A chosen site must be one of the company's: ConnectWise would file the configurations under
 * another customer's site. A site name is looked up in the company, whose default it falls back to.
 */
async function withSite(
	resolved: Extract<ResolvedCompany, { kind: 'resolved' }>,
	agentId: number,
	choice: SiteChoice,
	directory: CompanyDirectory,
): Promise<ResolvedCompany> {
	if (choice === undefined) return resolved;
	const { company } = resolved;
	const sites = await directory.sitesOf(company.id);
	if ('siteName' in choice) {
		const wanted = choice.siteName.toLowerCase();
		const named = sites.find((site) => site.name.trim().toLowerCase() === wanted);
		return named ? { ...resolved, siteId: named.id } : resolved;
	}
	if (sites.some((site) => site.id === choice.siteId))
		return { ...resolved, siteId: choice.siteId };
	const listed = sites.slice(0, LISTED_SITES).map((site) => `${site.name} (${site.id})`);
	const more = sites.length > LISTED_SITES ? ', …' : '';
	return {
		kind: 'unresolved',
		reason: `site ${choice.siteId}, chosen for agent ${agentId}, is not a site of company ${company.name} (ID ${company.id}); its sites: ${listed.length > 0 ? `${listed.join(', ')}${more}` : 'none'}`,
	};
}

function single(
	found: CompanySummary[],
	described: string,
	via: CompanyLink['kind'],
	agent: AgentSummary,
): ResolvedCompany {
	if (found.length === 1) return { kind: 'resolved', company: found[0], via };
	if (found.length === 0) {
		return {
			kind: 'unresolved',
			reason: `no ConnectWise company has the ${described} of agent ${agent.id} (${agent.name})`,
		};
	}
	return {
		kind: 'unresolved',
		reason: `${found.length} ConnectWise companies have the ${described} (IDs ${found.map((company) => company.id).join(', ')}); link agent ${agent.id} explicitly`,
	};
}

/**
 * With One Company, the agents whose devices a run sends to the same company, for each company
 * that receives the devices of several agents: deliberate for one customer's collectors, a
 * mistake otherwise, so the run names them.
 */
export function agentsSharingOneCompany(
	requests: ReadonlyArray<{ agentId: number; companyLink: CompanyLink }>,
): Array<{ companyId: number; agentIds: number[] }> {
	const agentsByCompany = new Map<number, Set<number>>();
	for (const { agentId, companyLink } of requests) {
		if (companyLink.kind !== 'company') continue;
		const agents = agentsByCompany.get(companyLink.companyId) ?? new Set<number>();
		agents.add(agentId);
		agentsByCompany.set(companyLink.companyId, agents);
	}
	return [...agentsByCompany]
		.filter(([, agents]) => agents.size > 1)
		.map(([companyId, agents]) => ({
			companyId,
			agentIds: [...agents].sort((left, right) => left - right),
		}));
}
