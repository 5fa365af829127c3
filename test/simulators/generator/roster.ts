/** Customers and their Domotz agents: which agent finds which company, and how. */
import type { AgentDetail } from '../domotz/index';
import {
	AGENT_LOCATION_SUFFIXES,
	CITIES,
	COMPANY_NAMES,
	MSP,
	ORPHAN_AGENT_NAMES,
	SITE_NAMES,
	TIMEZONES,
	UNKNOWN_CUSTOMER_IDS,
} from './catalogue';
import { AddressPlan, daysBefore, domotzTime } from './identifiers';
import {
	defined,
	type AgentDraft,
	type CompanyDraft,
	type SiteDraft,
	type TenantBuilder,
} from './tenant-builder';
import type { AgentRole, MspTenantOptions } from './types';

const MAX_IDENTIFIER_LENGTH = 30;
const MAX_SITES = 3;

/**
 * Roles by position: the last agent has no API access, every tenth (from the fourth) has no
 * company, every eighth (from the seventh) is a branch, and a quarter find their company by name.
 */
function roleFor(index: number, count: number): AgentRole {
	if (count >= 3 && index === count - 1) return 'apiDisabled';
	if (index % 10 === 3)
		return Math.floor(index / 10) % 2 === 0 ? 'noCustomerId' : 'unknownCustomerId';
	if (index % 8 === 6) return 'branch';
	if (index % 4 === 1) return 'agentName';
	return 'customerId';
}

function companyName(position: number): string {
	const base = COMPANY_NAMES[position % COMPANY_NAMES.length];
	const round = Math.floor(position / COMPANY_NAMES.length);
	return round === 0 ? base : `${base} ${round + 1}`;
}

/** `Acme Corporation` → `AcmeCorporation`: how PSA identifiers usually look; unique, ≤ 30 chars. */
function identifierFor(name: string, taken: ReadonlySet<string>): string {
	const base = name
		.replace(/&/g, 'And')
		.split(/[^A-Za-z0-9]+/)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join('')
		.slice(0, MAX_IDENTIFIER_LENGTH - 3);
	let identifier = base;
	for (let suffix = 2; taken.has(identifier.toLowerCase()); suffix += 1)
		identifier = `${base}${suffix}`;
	return identifier;
}

function codeFor(name: string): string {
	return name
		.replace(/[^A-Za-z]/g, '')
		.slice(0, 4)
		.toUpperCase();
}

class Roster {
	private companyId: number;
	private siteId: number;
	private agentId: number;
	private readonly identifiers = new Set<string>();

	constructor(private readonly tenant: TenantBuilder) {
		this.companyId = 18 + tenant.draw.integer(0, 5);
		this.siteId = 100;
		this.agentId = 40_000 + tenant.draw.integer(0, 999);
	}

	addCompany(): CompanyDraft {
		const { draw } = this.tenant;
		const position = this.tenant.companies.length;
		const name = companyName(position);
		const identifier = identifierFor(name, this.identifiers);
		this.identifiers.add(identifier.toLowerCase());
		this.companyId += draw.integer(1, 3);
		const siteNames = [SITE_NAMES[0], ...draw.shuffled(SITE_NAMES.slice(1))].slice(
			0,
			draw.integer(1, MAX_SITES),
		);
		const sites = siteNames.map(
			(siteName, index): SiteDraft => ({
				id: (this.siteId += draw.integer(1, 4)),
				name: siteName,
				city: draw.pick(CITIES),
				primary: index === 0,
			}),
		);
		const company: CompanyDraft = {
			id: this.companyId,
			identifier,
			name,
			code: codeFor(name),
			sites,
			agents: [],
			configurations: [],
			addresses: new AddressPlan((position % 250) + 1),
			createdAt: daysBefore(draw, 400, 3000),
		};
		this.tenant.companies.push(company);
		return company;
	}

	addAgent(role: AgentRole, company: CompanyDraft | undefined): AgentDraft {
		const { tenant } = this;
		const index = tenant.agents.length;
		this.agentId += tenant.draw.integer(1, 40);
		const naming = this.naming(role, company);
		const agent: AgentDraft = {
			index,
			id: this.agentId,
			role,
			company,
			code: company?.code ?? codeFor(naming.name),
			addresses: new AddressPlan(index + 1),
			devices: [],
			body: this.agentBody(this.agentId, index, role, naming),
		};
		company?.agents.push(agent);
		tenant.agents.push(agent);
		return agent;
	}

	private naming(
		role: AgentRole,
		company: CompanyDraft | undefined,
	): { name: string; customerId?: string } {
		const { tenant } = this;
		const companyName = company?.name ?? '';
		const identifier = company?.identifier;
		const names: Record<AgentRole, () => { name: string; customerId?: string }> = {
			customerId: () => ({
				name: `${companyName} - ${tenant.cycle('agentSuffix', AGENT_LOCATION_SUFFIXES)}`,
				customerId: identifier,
			}),
			agentName: () => ({ name: companyName }),
			branch: () => ({
				name: `${companyName} - Branch ${company?.agents.length ?? 1}`,
				customerId: identifier,
			}),
			apiDisabled: () => ({ name: `${companyName} - Lab (Basic plan)`, customerId: identifier }),
			noCustomerId: () => ({ name: this.orphanName() }),
			unknownCustomerId: () => ({
				name: this.orphanName(),
				customerId: tenant.cycle('unknownCustomerId', UNKNOWN_CUSTOMER_IDS),
			}),
		};
		return names[role]();
	}

	private orphanName(): string {
		const used = this.tenant.agents.filter((agent) => agent.company === undefined).length;
		const base = ORPHAN_AGENT_NAMES[used % ORPHAN_AGENT_NAMES.length];
		const round = Math.floor(used / ORPHAN_AGENT_NAMES.length);
		return round === 0 ? base : `${base} ${round + 1}`;
	}

	private agentBody(
		id: number,
		index: number,
		role: AgentRole,
		naming: { name: string; customerId?: string },
	): AgentDetail {
		const { draw, unique } = this.tenant;
		const created = daysBefore(draw, 90, 1400);
		const euCell = draw.chance(0.3);
		const contractId = draw.chance(0.5)
			? `MSA-${2020 + draw.integer(0, 5)}-${String(index + 1).padStart(3, '0')}`
			: undefined;
		const customerInfo =
			naming.customerId !== undefined || contractId !== undefined
				? { customer_id: naming.customerId, contract_id: contractId }
				: undefined;
		return {
			id,
			display_name: naming.name,
			creation_time: domotzTime(created, euCell ? 'zulu' : 'offset'),
			access_right: {
				api_enabled: role !== 'apiDisabled',
				status: draw.pick(['OWNED', 'GRANTED', 'ASSIGNED'] as const),
			},
			...(customerInfo && { installation_info: defined(customerInfo) }),
			licence: {
				id: 88_000 + index,
				code: `DMZ-${String(index + 1).padStart(4, '0')}`,
				activation_time: domotzTime(created + 60_000, euCell ? 'zulu' : 'offset'),
				...(euCell
					? { type: 'MONTHLY' }
					: { expiration_time: domotzTime(created + 3 * 365 * 86_400_000, 'offset') }),
			},
			organization: { id: 1, name: MSP.name },
			status: {
				value: draw.chance(0.9) ? 'ONLINE' : 'OFFLINE',
				last_change: domotzTime(daysBefore(draw, 0, 20), 'offset'),
			},
			timezone: draw.pick(TIMEZONES),
			version: { agent: draw.pick(['3.9.4', '3.8.1']), package: '6.2.0-b002' },
			wan_info: {
				hostname: `${codeFor(naming.name).toLowerCase() || 'agent'}-${index + 1}.example.net`,
				ip: unique.publicAddress(),
			},
			listen_on: `10.${index + 1}.1.1:3000`,
		};
	}
}

/** Creates every company (with sites) and agent; devices come later. */
export function buildRoster(tenant: TenantBuilder, options: Required<MspTenantOptions>): void {
	const roster = new Roster(tenant);
	let lastCustomerIdCompany: CompanyDraft | undefined;
	for (let index = 0; index < options.agents; index += 1) {
		const planned = roleFor(index, options.agents);
		const role = planned === 'branch' && !lastCustomerIdCompany ? 'customerId' : planned;
		const needsCompany = role === 'customerId' || role === 'agentName' || role === 'apiDisabled';
		const company = needsCompany
			? roster.addCompany()
			: role === 'branch'
				? lastCustomerIdCompany
				: undefined;
		if (role === 'customerId') lastCustomerIdCompany = company;
		roster.addAgent(role, company);
	}
	for (let index = 0; index < options.companiesWithoutAgent; index += 1) roster.addCompany();
}
