/**
 * Crash and retry through n8n-core: a Create Configurations or Sync Agent run is killed after each
 * of its requests in turn (every point of the request stream, so also between a create and its
 * Domotz mirror and between a link and its mirror), then run again. The second run must leave the
 * tenant exactly as one uninterrupted run does: one configuration per device, the same links on
 * both sides (a marker left pending by the kill has its mirror written and is confirmed), nothing
 * lost. One thing may stay: a run killed after its last create landed but before it deleted its
 * lease ticket leaves that ticket, as a re-run with nothing left to create there takes no lease.
 * It blocks no one beyond the TTL, and the next run that creates in the company deletes it
 * (concurrent-runs.test.ts: "keeps the next run waiting until its ticket expires…").
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type * as Transport from '../../nodes/shared/transport';
import type * as Lease from '../../lib/sync/lease';
import { domotzLinkInventoryField, parseMarker } from '../../lib/links/marker';
import { byId } from '../nodes/support';
import { runSync, UnthrottledTenant } from '../nodes/sync-fixtures';
import { generateMspTenant, type GeneratedTenant } from '../simulators/generator';
import { LINK_STORE } from '../soak/scenario';
import { compareSnapshots, snapshotTenant, type Difference } from '../soak/snapshot';
import { killSwitch, type KillSwitch } from './kill-switch';
import { recordReliability } from './record';

// Every HTTP port the node makes (its seam to n8n's requests) goes through the kill switch.
jest.mock('../../nodes/shared/transport', () => {
	const actual = jest.requireActual<typeof Transport>('../../nodes/shared/transport');
	const shared = jest.requireActual<{ killSwitch: KillSwitch }>('./kill-switch').killSwitch;
	return {
		...actual,
		n8nHttpPort: (...args: Parameters<typeof actual.n8nHttpPort>) =>
			shared.guard(actual.n8nHttpPort(...args)),
	};
});

// A run killed while it holds a company's creation lease leaves its ticket, which the re-run waits
// out: a TTL of a second instead of two minutes (concurrent-runs.test.ts tests the lease itself).
jest.mock('../../lib/sync/lease', () => {
	const actual = jest.requireActual<typeof Lease>('../../lib/sync/lease');
	const withCreationLease: typeof actual.withCreationLease = async (
		client,
		companyId,
		work,
		settings,
	) =>
		await actual.withCreationLease(
			client,
			companyId,
			work,
			settings ?? { ttlSeconds: 1, pollSeconds: 0.25 },
		);
	return { ...actual, withCreationLease };
});

const tenant = new UnthrottledTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

/** Configuration types of a generated tenant. */
const CONFIGURATION_TYPES = { workstation: 1, server: 2, managedDevice: 15 } as const;

const creation = {
	typeMap: {
		mappings: [{ domotzType: '5', configurationType: String(CONFIGURATION_TYPES.server) }],
	},
	defaultType: String(CONFIGURATION_TYPES.workstation),
};

/**
 * A first sync: three agents (two sync, the last has no API access) of 16 devices each, no
 * link field and no Domotz mirror field yet, so the setup writes can be cut off too.
 */
const generated: GeneratedTenant = generateMspTenant({
	seed: 4_242,
	agents: 3,
	devicesPerAgent: 16,
	linkStore: 'none-yet',
});
const firstAgentId = generated.domotz.agents![0].id;
const firstCompanyId = generated.truth.agentCompanies[firstAgentId]!;

interface Scenario {
	name: string;
	parameters: INodeParameters;
	input: IDataObject[];
}

const scenarios: Scenario[] = [
	{
		name: 'Create Configurations',
		parameters: {
			operation: 'createConfigurations',
			companyLink: 'company',
			company: byId(firstCompanyId),
			...creation,
			options: { createManufacturers: true },
		},
		input: generated.domotz.devices![firstAgentId].map((device) => ({
			id: device.id,
			agent_id: firstAgentId,
		})),
	},
	{
		name: 'Sync Agent',
		parameters: {
			resource: 'agent',
			operation: 'syncAgent',
			agentSelection: 'all',
			companyLink: 'mapping',
			agentLinks: {
				links: Object.entries(generated.truth.agentCompanies).flatMap(([agentId, companyId]) =>
					companyId === null
						? []
						: [{ agent: byId(agentId), company: byId(companyId), siteId: '' }],
				),
			},
			createUnmatched: true,
			...creation,
			collectorType: String(CONFIGURATION_TYPES.managedDevice),
			options: { createManufacturers: true },
		},
		input: [{}],
	},
];

const tenantConfigurationIds = new Set(
	(generated.connectwise.configurations ?? []).map((configuration) => configuration.id as number),
);
const snapshot = () =>
	snapshotTenant(tenant.domotz, tenant.connectwise, { store: LINK_STORE, tenantConfigurationIds });

/** Configurations that carry a link marker while their device has no mirror yet. */
function linksWithoutMirror(): number {
	return tenant.connectwise.state.configurations().filter((configuration) => {
		const stored = parseMarker(
			tenant.connectwise.state.customFieldValue(configuration.id, LINK_STORE.caption),
		);
		if (stored.kind !== 'device') return false;
		const mirror = tenant.domotz.state
			.deviceInventory(stored.device.agentId, stored.device.deviceId)
			?.find((field) => field.key === domotzLinkInventoryField.key)?.value;
		return mirror === undefined || mirror === null;
	}).length;
}

/** Configurations whose marker still says their Domotz mirror is pending. */
function pendingMarkers(): number {
	return tenant.connectwise.state.configurations().filter((configuration) => {
		const stored = parseMarker(
			tenant.connectwise.state.customFieldValue(configuration.id, LINK_STORE.caption),
		);
		return stored.kind === 'device' && stored.mirror === 'pending';
	}).length;
}

interface KillPoint {
	requestsBeforeKill: number;
	/** Links on configurations whose Domotz mirror the killed run did not write. */
	unmirroredAtKill: number;
	configurationsAtKill: number;
	/** Markers the killed run left pending, and those the re-run left pending. */
	pendingAtKill: number;
	pendingAfterRerun: number;
	/** Differences from the uninterrupted run after the re-run, lease tickets apart. */
	differences: Difference[];
	/** Lease tickets left after the re-run, by company, and those the killed run had left. */
	ticketsAfterRerun: Array<[string, string]>;
	ticketsAtKill: Array<[string, string]>;
	/** The companies whose every configuration the killed run had already created. */
	companiesCompleteAtKill: string[];
}

/** Configurations by `company #ID`, as the snapshot names companies. */
function configurationsByCompany(): Map<string, number> {
	const counts = new Map<string, number>();
	for (const configuration of tenant.connectwise.state.configurations()) {
		const company = `company #${String(configuration.company?.id)}`;
		counts.set(company, (counts.get(company) ?? 0) + 1);
	}
	return counts;
}

const leaseTickets = (): Array<[string, string]> =>
	[...snapshot().leaseNotes].flatMap(([company, texts]) =>
		texts.map((text): [string, string] => [company, text]),
	);

describe.each(scenarios)('$name killed after each request, then run again', (scenario) => {
	let requestsPerRun = 0;
	let referenceDifferences: Difference[] = [];
	const points: KillPoint[] = [];

	beforeAll(async () => {
		tenant.load(generated.domotz, generated.connectwise);
		killSwitch.disarm();
		const uninterrupted = await runSync(tenant, scenario.parameters, scenario.input);
		expect(uninterrupted.error).toBeUndefined();
		requestsPerRun = killSwitch.requestsSent;
		const reference = snapshot();
		const referenceCounts = configurationsByCompany();
		await runSync(tenant, scenario.parameters, scenario.input);
		referenceDifferences = compareSnapshots(reference, snapshot());

		for (let requestsBeforeKill = 0; requestsBeforeKill < requestsPerRun; requestsBeforeKill++) {
			tenant.load(generated.domotz, generated.connectwise);
			killSwitch.arm(requestsBeforeKill);
			await runSync(tenant, scenario.parameters, scenario.input);
			const atKill = {
				unmirroredAtKill: linksWithoutMirror(),
				configurationsAtKill: tenant.connectwise.state.configurationCount,
				pendingAtKill: pendingMarkers(),
				ticketsAtKill: leaseTickets(),
				companiesCompleteAtKill: [...configurationsByCompany()].flatMap(([company, count]) =>
					count === referenceCounts.get(company) ? [company] : [],
				),
			};
			killSwitch.disarm();
			await runSync(tenant, scenario.parameters, scenario.input);
			points.push({
				requestsBeforeKill,
				...atKill,
				pendingAfterRerun: pendingMarkers(),
				differences: compareSnapshots(reference, snapshot()).filter(
					(difference) => difference.kind !== 'lease',
				),
				ticketsAfterRerun: leaseTickets(),
			});
		}
		killSwitch.disarm();
		recordReliability(`crashRetry ${scenario.name}`, {
			killPoints: points.length,
			differences: points.reduce((sum, point) => sum + point.differences.length, 0),
			pendingAfterRerun: points.reduce((sum, point) => sum + point.pendingAfterRerun, 0),
			ticketsLeftAfterRerun: points.flatMap((point) =>
				point.ticketsAfterRerun.map(
					([company]) => `killed after ${point.requestsBeforeKill}: ${company}`,
				),
			),
		});
		// Two runs per kill point, up to ninety-one points: minutes on a loaded two-core machine.
	}, 600_000);

	it('is compared with an uninterrupted run that a second run leaves as it is', () => {
		expect(referenceDifferences).toEqual([]);
		expect(requestsPerRun).toBeGreaterThanOrEqual(25);
	});

	it('is killed at every request of the run, including between writes and their mirrors', () => {
		expect(points.map((point) => point.requestsBeforeKill)).toEqual(
			Array.from({ length: requestsPerRun }, (_unused, index) => index),
		);
		expect(points.some((point) => point.unmirroredAtKill > 0)).toBe(true);
		expect(points.some((point) => point.pendingAtKill > 0)).toBe(true);
		expect(new Set(points.map((point) => point.configurationsAtKill)).size).toBeGreaterThan(2);
	});

	it('leaves, after the re-run, one configuration per device, the links, mirrors, fields, sites and setup of an uninterrupted run', () => {
		expect(
			points.flatMap((point) =>
				point.differences.map((difference) => ({
					killedAfter: point.requestsBeforeKill,
					difference,
				})),
			),
		).toEqual([]);
	});

	it('leaves no lease ticket of the re-run, and of the killed run only one cut off between its last create and its release', () => {
		const stray = points.flatMap((point) =>
			point.ticketsAfterRerun.map(([company, text]) => ({
				killedAfter: point.requestsBeforeKill,
				company,
				leftByKilledRun: point.ticketsAtKill.some(
					([killedCompany, killedText]) => killedCompany === company && killedText === text,
				),
				createsDoneAtKill: point.companiesCompleteAtKill.includes(company),
			})),
		);
		expect(stray.filter((ticket) => !ticket.leftByKilledRun || !ticket.createsDoneAtKill)).toEqual(
			[],
		);
	});

	it('leaves every link mirrored in Domotz and confirmed on its configuration after the re-run', () => {
		expect(
			points.flatMap((point) =>
				point.pendingAfterRerun > 0 ? [[point.requestsBeforeKill, point.pendingAfterRerun]] : [],
			),
		).toEqual([]);
	});
});
