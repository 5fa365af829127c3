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

export type CompanyLink =
	| { kind: 'company'; companyId: number; siteId?: number }
	| { kind: 'customerId' }
	| { kind: 'agentName' }
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

export interface CompanyDirectory {
	byId(companyId: number): Promise<CompanySummary | undefined>;
	byIdentifier(identifier: string): Promise<CompanySummary[]>;
	byName(name: string): Promise<CompanySummary[]>;
}

/** A stable key for caching resolutions: two items with the same agent and link share one lookup. */
export function companyLinkKey(agentId: number, link: CompanyLink): string {
	if (link.kind === 'company') return `${agentId}|company|${link.companyId}|${link.siteId ?? ''}`;
	if (link.kind === 'mapping') {
		const row = link.links.find((candidate) => candidate.agentId === agentId);
		return `${agentId}|mapping|${row?.companyId ?? ''}|${row?.siteId ?? ''}`;
	}
	return `${agentId}|${link.kind}`;
}

export async function resolveCompany(
	agent: AgentSummary,
	link: CompanyLink,
	directory: CompanyDirectory,
): Promise<ResolvedCompany> {
	switch (link.kind) {
		case 'company':
			return await byId(link.companyId, link.siteId, 'company', directory);
		case 'mapping': {
			const row = link.links.find((candidate) => candidate.agentId === agent.id);
			if (!row) {
				return {
					kind: 'unresolved',
					reason: `agent ${agent.id} (${agent.name}) has no row in the agent links table`,
				};
			}
			return await byId(row.companyId, row.siteId, 'mapping', directory);
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
	siteId: number | undefined,
	via: CompanyLink['kind'],
	directory: CompanyDirectory,
): Promise<ResolvedCompany> {
	const company = await directory.byId(companyId);
	if (!company)
		return { kind: 'unresolved', reason: `ConnectWise has no company with ID ${companyId}` };
	return { kind: 'resolved', company, siteId, via };
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
