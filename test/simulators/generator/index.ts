/**
 * A deterministic MSP tenant on both sides (Domotz and ConnectWise PSA) with the known answer of
 * matching its devices to configurations. Same options, same bytes: every choice comes from
 * `seededRandom`, every timestamp from a fixed base time.
 */
import {
	addCompanyWithoutAgentConfigurations,
	addLeftoverConfigurations,
	buildSeenByOtherAgent,
	buildUnpairableDevice,
	CASE_BUILDERS,
	FILLER_CASES,
	SPECIAL_CASES,
	type CaseScope,
} from './cases';
import { createDraw } from './draw';
import { emitTenant } from './emit';
import { buildRoster } from './roster';
import { TenantBuilder, type AgentDraft, type CompanyDraft } from './tenant-builder';
import type { GeneratedTenant, MspTenantOptions } from './types';

export type * from './types';

const MAX_AGENTS = 200;
const RECORDS_WITHOUT_AGENT: readonly [number, number] = [4, 10];

/** What a newcomer sees in the demo: six customers, a few hundred devices, every quirk. */
export const DEMO_MSP_OPTIONS: MspTenantOptions = {
	seed: 20_250_601,
	agents: 6,
	devicesPerAgent: [50, 70],
	linkStore: 'customField',
};

/** Benchmark size: fifty agents of about two hundred devices each. */
export const LARGE_MSP_OPTIONS: MspTenantOptions = {
	seed: 50_200,
	agents: 50,
	devicesPerAgent: [170, 230],
	linkStore: 'customField',
};

export function demoMsp(overrides: Partial<MspTenantOptions> = {}): GeneratedTenant {
	return generateMspTenant({ ...DEMO_MSP_OPTIONS, ...overrides });
}

export function largeMsp(overrides: Partial<MspTenantOptions> = {}): GeneratedTenant {
	return generateMspTenant({ ...LARGE_MSP_OPTIONS, ...overrides });
}

function resolveOptions(options: MspTenantOptions): Required<MspTenantOptions> {
	const range =
		typeof options.devicesPerAgent === 'number'
			? ([options.devicesPerAgent, options.devicesPerAgent] as const)
			: options.devicesPerAgent;
	const problems = [
		!Number.isInteger(options.agents) || options.agents < 1 || options.agents > MAX_AGENTS
			? `agents must be an integer from 1 to ${MAX_AGENTS}`
			: undefined,
		!range.every(Number.isInteger) || range[0] < 0 || range[0] > range[1]
			? 'devicesPerAgent must be a count or a [min, max] range of counts'
			: undefined,
	].filter((problem) => problem !== undefined);
	if (problems.length > 0) throw new RangeError(problems.join('; '));
	return {
		seed: options.seed,
		agents: options.agents,
		devicesPerAgent: options.devicesPerAgent,
		linkStore: options.linkStore,
		companiesWithoutAgent:
			options.companiesWithoutAgent ?? Math.max(1, Math.round(options.agents / 10)),
		extraConfigurationsPerCompany: options.extraConfigurationsPerCompany ?? [2, 4],
	};
}

function populateResolvedAgent(
	scope: CaseScope,
	count: number,
	sharesHardwareWith: AgentDraft | undefined,
): void {
	const { tenant, agent } = scope;
	const target = agent.devices.length + count;
	const source = sharesHardwareWith?.devices.find(
		(device) => device.case === 'serial' && device.subtype === 'local',
	);
	if (source && count > 0) buildSeenByOtherAgent(scope, source);
	for (const planned of SPECIAL_CASES) {
		const builder = CASE_BUILDERS[planned.case];
		if (agent.devices.length + builder.devices > target) continue;
		builder.build({ ...scope, profileKind: planned.profileKind });
	}
	while (agent.devices.length < target) {
		const drawn = CASE_BUILDERS[tenant.draw.weighted(FILLER_CASES).case];
		const builder = agent.devices.length + drawn.devices > target ? CASE_BUILDERS.unmatched : drawn;
		builder.build(scope);
	}
}

/**
 * Devices of every agent. Pairs of consecutive agents of different companies share one physical
 * device: the second agent sees a device the first one matched.
 */
function populateDevices(tenant: TenantBuilder, options: Required<MspTenantOptions>): void {
	const { draw } = tenant;
	const [min, max] =
		typeof options.devicesPerAgent === 'number'
			? [options.devicesPerAgent, options.devicesPerAgent]
			: options.devicesPerAgent;
	const resolved = tenant.agents.filter((agent) => agent.company && agent.role !== 'apiDisabled');
	const sharesHardwareWith = new Map<AgentDraft, AgentDraft>();
	for (let index = 0; index + 1 < resolved.length; index += 2) {
		const [first, second] = [resolved[index], resolved[index + 1]];
		if (first.company !== second.company) sharesHardwareWith.set(second, first);
	}
	for (const agent of tenant.agents) {
		const count = draw.integer(min, max);
		const company: CompanyDraft | undefined = agent.company;
		if (company === undefined || agent.role === 'apiDisabled') {
			const deviceCase = company === undefined ? 'unresolvedCompany' : 'unlistable';
			for (let index = 0; index < count; index += 1)
				buildUnpairableDevice(tenant, agent, deviceCase);
			continue;
		}
		populateResolvedAgent({ tenant, agent, company }, count, sharesHardwareWith.get(agent));
	}
}

function addCompanyRecords(tenant: TenantBuilder, options: Required<MspTenantOptions>): void {
	const [min, max] = options.extraConfigurationsPerCompany;
	for (const company of tenant.companies) {
		if (company.agents.length === 0) {
			addCompanyWithoutAgentConfigurations(
				tenant,
				company,
				tenant.draw.integer(...RECORDS_WITHOUT_AGENT),
			);
		}
		addLeftoverConfigurations(tenant, company, tenant.draw.integer(min, max));
	}
}

export function generateMspTenant(options: MspTenantOptions): GeneratedTenant {
	const settings = resolveOptions(options);
	const tenant = new TenantBuilder(createDraw(settings.seed), settings.linkStore);
	buildRoster(tenant, settings);
	populateDevices(tenant, settings);
	addCompanyRecords(tenant, settings);
	tenant.finalize();
	return emitTenant(tenant, settings);
}
