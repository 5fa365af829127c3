/**
 * Two request counts and two time bounds per run, derived from the tenant as built, never from a
 * run: the API minimum (the fewest requests the two APIs allow for the run's work) and our plan
 * (the API minimum plus each request the package adds for its own safety, itemised).
 *
 * The API minimum assumes ConnectWise's documented `pageSize=1000`, Domotz's agent pages of 100,
 * `fields=` (smaller answers, not fewer), one PATCH carrying every changed field and the link, a
 * create carrying its link marker in its final form, and the codebase and the company ids known
 * from an earlier run. It reads:
 * - Domotz: the agent list (the only place the run learns which agents exist and their Customer
 *   IDs), one device list per agent (the API has no bulk device read); with the link mirror, the
 *   inventory field list, the field created when missing, and one write per mirrored device.
 * - ConnectWise: the agents' configurations in one sweep filtered by `company/id in (…)`; the
 *   manufacturer list when configurations are created or a device names a manufacturer its
 *   configuration lacks: a create or a PATCH names its manufacturer by reference, and the
 *   Developer Guide shows references given by id (a company's also by identifier), never a
 *   manufacturer's by name (reference §2.7); and a manufacturer missing from the last run's list
 *   may have been entered since. Devices no key tells apart (cloned VMs, configurations entered
 *   twice) are left alone: no write.
 * It reads every configuration although few change: `lastUpdated >= […]` would spare that only
 * with a copy of every configuration kept between runs, which is not the API's doing.
 *
 * Our plan counts runs as the node makes them, keeping between runs (in the workflow's static data)
 * the codebase, the companies found by Customer ID and Domotz's `concurrent_allowed`: a workflow's
 * first run discovers, looks up and reads them; the runs after it only what their sweep cannot
 * vouch for, and the usage report only before a Domotz write.
 *
 * Not in either count: ConnectWise's 429s and their retries, and the creation lease's renewals
 * after its first (a PATCH of its note per 40 seconds a company's creates take) and its waits
 * behind another run's lease. They depend on timing; the measured requests include them.
 *
 * Time: each request takes one latency; Domotz serves at most 4 at once, ConnectWise no more than
 * 1000 in any minute (nothing else limits it); a request waits for the answers it depends on. The
 * bound is the longest of the Domotz chain, the ConnectWise chain and ConnectWise's budget (the
 * budgeted request numbered n, from 0, cannot start before ⌊n / 1000⌋ minutes).
 */

import { zeroAgentCounts } from '../lib/sync/sync-agent';
import { VALUES_PER_QUERY } from '../lib/sync/company-batches';
import type { RunMeasurement, RunName } from './engine-runs';
import {
	devicesToRename,
	outcomeOf,
	type DeviceOutcome,
	type PlannedDevice,
	type TenantPlan,
} from './msp-tenant';
import { limits, type Scenario } from './scenarios';

export interface RunWork {
	/**
	 * Configurations of each agent's company when the run starts, in the agents' order (the first
	 * sync adds some).
	 */
	configurationsByCompany: readonly number[];
	creates: number;
	/** Companies that get new configurations: each takes its creation lease. */
	creatingCompanies: number;
	/** Configurations whose link or fields change. */
	updates: number;
	/**
	 * The manufacturer list is read: configurations are created, or a device names a manufacturer
	 * its configuration lacks.
	 */
	readsManufacturers: boolean;
	/** Links mirrored in Domotz (0 without the mirror). */
	mirrored: number;
	/** The Domotz inventory field that mirrors links does not exist yet. */
	createsMirrorField: boolean;
	/**
	 * An earlier run of the workflow kept its codebase, its companies found by Customer ID and
	 * Domotz's `concurrent_allowed`: every run but the first.
	 */
	remembered: boolean;
}

interface Kinds {
	read: number;
	create: number;
	update: number;
}

export interface Bound {
	Domotz: Kinds;
	ConnectWise: Kinds;
	total: number;
	timeMs: number;
}

export const overheadNames = [
	'domotzUsage',
	'codebaseDiscovery',
	'companyLookup',
	'sweepBatches',
	'creationLease',
	'markersUnderLease',
	'mirrorConfirmation',
] as const;

export type OverheadName = (typeof overheadNames)[number];

export interface PlanBound extends Bound {
	/** Requests each overhead adds to the API minimum; they sum to the difference. */
	overheads: Record<OverheadName, number>;
}

export interface OverheadRule {
	label: string;
	/** How many requests, as a rule. */
	requests: string;
	/** The safety it buys: what goes wrong without it. */
	withoutIt: string;
}

export const overheadRules: Readonly<Record<OverheadName, OverheadRule>> = {
	domotzUsage: {
		label:
			"Domotz's usage report (`GET /meta/usage`): first on a workflow's first run, later only before the first Domotz write",
		requests:
			'1 per run that has no `concurrent_allowed` kept from an earlier run or writes to Domotz; none for a re-sync that only reads Domotz',
		withoutIt:
			"Writes can use up the daily quota halfway through a run, as nothing checks what is left before writing; and a first run's in-flight cap and pace are guesses: a key that allows fewer calls gets 429s, each retried after 2–32 s.",
	},
	codebaseDiscovery: {
		label: "Codebase discovery (`/login/companyinfo`) on a workflow's first run",
		requests: '1 on the first run; later ones use the codebase it kept',
		withoutIt:
			'Every request goes through the router codebase (`v4_6_release/`) and pays a redirect. A kept codebase that answers 404 before any request under it has succeeded (ConnectWise upgraded the tenant) is read again, and the request repeated once.',
	},
	companyLookup: {
		label:
			"The agents' companies (`identifier in (…)`) on a workflow's first run, later only for companies without configurations",
		requests:
			'1 per 100 agents on the first run; later, 1 per 100 agents among which is a company the earlier run saw no configuration of',
		withoutIt:
			"A company kept from an earlier run is used only when the sweep serves configurations of it that all carry the agent's Customer ID as their company's identifier; otherwise the Customer ID is looked up. An agent whose Customer ID now names another company (an identifier changed or reused, companies merged) would go on syncing into the old one, and a company without configurations cannot be vouched for.",
	},
	sweepBatches: {
		label: 'The sweep in queries of at most 100 companies',
		requests: "the sweeps' pages beyond those of one sweep (none up to 100 agents)",
		withoutIt:
			'One `in (…)` holding every Customer ID (up to 30 characters each) makes the URL grow with the number of agents; ConnectWise advises URLs under 2,000 characters.',
	},
	creationLease: {
		label:
			'Creation lease: a company note posted, the notes listed, the note renewed at the first create and deleted after the last',
		requests:
			'4 per company that gets new configurations (its notes in one page: fewer than 1,000)',
		withoutIt:
			'Two runs at once (queue-mode workers, a manual run during a scheduled one) both find no configuration for a device and both create one: duplicates. ConnectWise has no compare-and-set; the note ids order the runs. Without the renewal, a holder whose note shows no time could be taken for a dead run and overtaken.',
	},
	markersUnderLease: {
		label: "The agent's link markers read again under the lease",
		requests:
			'1 per company that gets new configurations (one page: before its first sync no configuration carries them)',
		withoutIt:
			'A device linked since the run read the configurations (by another run, or by hand in another company) gets a second configuration.',
	},
	mirrorConfirmation: {
		label: 'With the mirror: a created configuration confirms its link in a PATCH',
		requests: '1 per created configuration',
		withoutIt:
			'The create would carry a confirmed marker before the link is written in Domotz: a run cut off between the two leaves a link the next run cannot tell from a complete one without reading every device back from Domotz.',
	},
};

const linksDevice = (device: PlannedDevice) => outcomeOf[device.role] !== 'ambiguous';

/** The work a run does on the benchmark's tenant, known by construction. */
export function runWork(
	tenant: TenantPlan,
	scenario: Scenario,
	run: RunName,
	mirror: boolean,
): RunWork {
	const toCreate = tenant.devices.filter((device) => outcomeOf[device.role] === 'created');
	const creates = toCreate.length;
	const matched = tenant.devices.filter((device) => outcomeOf[device.role] === 'linked').length;
	const createsByCompany = new Map<number, number>();
	for (const { companyId } of toCreate) {
		createsByCompany.set(companyId, (createsByCompany.get(companyId) ?? 0) + 1);
	}
	const afterFirstSync = tenant.configurationsByCompany.map(
		(configurations, index) =>
			configurations + (createsByCompany.get(tenant.companyIds[index]) ?? 0),
	);
	// Configurations never get a manufacturer ConnectWise does not know: every run looks it up.
	const unknownManufacturers = tenant.devices.some(
		(device) => linksDevice(device) && device.quirks.includes('unknownManufacturer'),
	);
	const byRun: Record<RunName, RunWork> = {
		firstSync: {
			configurationsByCompany: tenant.configurationsByCompany,
			creates,
			creatingCompanies: createsByCompany.size,
			updates: matched,
			readsManufacturers: creates > 0 || unknownManufacturers,
			mirrored: mirror ? matched + creates : 0,
			createsMirrorField: mirror,
			remembered: false,
		},
		noOpResync: {
			configurationsByCompany: afterFirstSync,
			creates: 0,
			creatingCompanies: 0,
			updates: 0,
			readsManufacturers: unknownManufacturers,
			mirrored: 0,
			createsMirrorField: false,
			remembered: true,
		},
		resyncAfterChanges: {
			configurationsByCompany: afterFirstSync,
			creates: 0,
			creatingCompanies: 0,
			updates: devicesToRename(tenant, scenario).filter(linksDevice).length,
			readsManufacturers: unknownManufacturers,
			mirrored: 0,
			createsMirrorField: false,
			remembered: true,
		},
	};
	return byRun[run];
}

export type RunOutcome = RunMeasurement['outcome'];

/**
 * What Sync Agent reports for a run on the benchmark's tenant, summed over the agents, known by
 * construction: a newly linked or created device is `unchanged` unless its fields differ, an
 * ambiguous one is only counted as such.
 */
export function expectedOutcome(tenant: TenantPlan, scenario: Scenario, run: RunName): RunOutcome {
	const count = (outcome: DeviceOutcome) =>
		tenant.devices.filter((device) => outcomeOf[device.role] === outcome).length;
	const matched = count('linked');
	const created = count('created');
	const linked = matched + created;
	const updatedByRun: Record<RunName, number> = {
		firstSync: tenant.devices.filter((device) => device.staleFields.length > 0).length,
		noOpResync: 0,
		resyncAfterChanges: devicesToRename(tenant, scenario).filter(linksDevice).length,
	};
	const updated = updatedByRun[run];
	const first = run === 'firstSync';
	return {
		...zeroAgentCounts(),
		failedAgents: 0,
		devices: tenant.devices.length,
		linked: first ? 0 : linked,
		newlyLinked: first ? matched : 0,
		created: first ? created : 0,
		updated,
		unchanged: linked - updated,
		ambiguous: count('ambiguous'),
	};
}

export const pages = (rows: number, pageSize: number): number =>
	Math.max(1, Math.ceil(rows / pageSize));

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

const totalOf = (bound: Pick<Bound, 'Domotz' | 'ConnectWise'>) =>
	sum(
		[bound.Domotz, bound.ConnectWise].flatMap(({ read, create, update }) => [read, create, update]),
	);

const requestsOf = (kinds: Kinds) => kinds.read + kinds.create + kinds.update;

/** The agents' companies in the batches of 100 the engine looks up and sweeps together. */
function companyBatches(configurationsByCompany: readonly number[]): number[][] {
	const batches: number[][] = [];
	for (let start = 0; start < configurationsByCompany.length; start += VALUES_PER_QUERY) {
		batches.push(configurationsByCompany.slice(start, start + VALUES_PER_QUERY));
	}
	return batches;
}

/** Pages of the sweeps the engine sends: one per 100 companies, each paged on its own. */
function batchedSweepPages(configurationsByCompany: readonly number[]): number {
	return sum(
		companyBatches(configurationsByCompany).map((batch) =>
			pages(sum(batch), limits.connectWisePageSize),
		),
	);
}

/**
 * Company lookups: every batch on a first run; later only the batches holding a company the
 * earlier run did not keep, having seen no configuration of it (the sweep cannot vouch for it).
 */
function companyLookups(work: RunWork): number {
	const batches = companyBatches(work.configurationsByCompany);
	if (!work.remembered) return batches.length;
	return batches.filter((batch) => batch.some((configurations) => configurations === 0)).length;
}

function domotzRequests(scenario: Scenario, work: RunWork): Kinds {
	return {
		read:
			pages(scenario.agents, limits.domotzAgentPageSize) +
			scenario.agents +
			(work.mirrored > 0 ? 1 : 0),
		create: work.createsMirrorField ? 1 : 0,
		update: work.mirrored,
	};
}

/** The agent list's first page names the last one; the others go out together. */
const agentListRounds = (agentPages: number) => (agentPages > 1 ? 2 : 1);

/**
 * Domotz's chain: the agent list (after the usage report when it is read first), then every other
 * Domotz request four at a time, then one ConnectWise write when the run writes and does not end
 * on Domotz's mirror writes.
 */
function domotzChainMs(domotz: Kinds, agentPages: number, work: RunWork, usageFirst: boolean) {
	const usageRounds = usageFirst ? 1 : 0;
	const afterList = requestsOf(domotz) - agentPages - usageRounds;
	const writes = work.creates + work.updates > 0 && work.mirrored === 0 ? 1 : 0;
	const rounds =
		usageRounds +
		agentListRounds(agentPages) +
		Math.ceil(afterList / limits.domotzInFlight) +
		writes;
	return rounds * limits.latencyMs;
}

/** When the last of `budgeted` requests can start, plus its latency. */
function budgetMs(budgeted: number): number {
	if (budgeted === 0) return 0;
	return (
		Math.floor((budgeted - 1) / limits.connectWisePerMinute) * limits.connectWiseWindowMs +
		limits.latencyMs
	);
}

export function apiMinimum(scenario: Scenario, tenant: TenantPlan, work: RunWork): Bound {
	const domotz = domotzRequests(scenario, work);
	const sweepPages = pages(sum(work.configurationsByCompany), limits.connectWisePageSize);
	const creating = work.creates > 0;
	const connectWise: Kinds = {
		read:
			sweepPages +
			(work.readsManufacturers ? pages(tenant.manufacturerCount, limits.connectWisePageSize) : 0),
		create: work.creates,
		update: work.updates,
	};
	const writes = work.creates + work.updates > 0 ? 1 : 0;
	// The company ids are known: the sweep starts at once. A created configuration's link is
	// mirrored in Domotz once its id is known.
	const connectWiseChain =
		limits.latencyMs *
		(1 + (sweepPages > 1 ? 1 : 0) + writes + (creating && work.mirrored > 0 ? 1 : 0));
	const agentPages = pages(scenario.agents, limits.domotzAgentPageSize);
	return {
		Domotz: domotz,
		ConnectWise: connectWise,
		total: totalOf({ Domotz: domotz, ConnectWise: connectWise }),
		timeMs: Math.max(
			domotzChainMs(domotz, agentPages, work, false),
			connectWiseChain,
			budgetMs(requestsOf(connectWise)),
		),
	};
}

/**
 * The API minimum's time bound with the unavoidable work counted, as issue 20 defines it: the
 * latency-and-limits bound plus the time to parse the same answers on the engine's one thread.
 * Parsing may overlap the waits for later answers, so this errs towards a larger bound by at most
 * the parse time, which the results show beside it.
 */
export function timeWithParsing(bound: Bound, parseMs: number): number {
	return bound.timeMs + parseMs;
}

interface OverheadRequests extends Kinds {
	api: 'Domotz' | 'ConnectWise';
}

const reads = (api: OverheadRequests['api'], read: number): OverheadRequests => ({
	api,
	read,
	create: 0,
	update: 0,
});

/**
 * Each overhead's requests by kind, a DELETE counted with the updates as the measurement does. The
 * lease's note is renewed at the first create: the CompanyNote model documents no timestamp, so
 * the holder cannot tell how old its note is and renews early rather than late.
 */
function overheadRequests(
	work: RunWork,
	domotzWrites: number,
	sweepPages: number,
): Record<OverheadName, OverheadRequests> {
	const leases = work.creatingCompanies;
	return {
		domotzUsage: reads('Domotz', !work.remembered || domotzWrites > 0 ? 1 : 0),
		codebaseDiscovery: reads('ConnectWise', work.remembered ? 0 : 1),
		companyLookup: reads('ConnectWise', companyLookups(work)),
		sweepBatches: reads(
			'ConnectWise',
			sweepPages - pages(sum(work.configurationsByCompany), limits.connectWisePageSize),
		),
		creationLease: { api: 'ConnectWise', read: leases, create: leases, update: 2 * leases },
		markersUnderLease: reads('ConnectWise', leases),
		mirrorConfirmation: {
			api: 'ConnectWise',
			read: 0,
			create: 0,
			update: work.mirrored > 0 ? work.creates : 0,
		},
	};
}

function plus(base: Kinds, added: readonly OverheadRequests[]): Kinds {
	return {
		read: base.read + sum(added.map((kinds) => kinds.read)),
		create: base.create + sum(added.map((kinds) => kinds.create)),
		update: base.update + sum(added.map((kinds) => kinds.update)),
	};
}

export function ourPlan(scenario: Scenario, tenant: TenantPlan, work: RunWork): PlanBound {
	const minimum = apiMinimum(scenario, tenant, work);
	const agentPages = pages(scenario.agents, limits.domotzAgentPageSize);
	const sweepPages = batchedSweepPages(work.configurationsByCompany);
	const domotzWrites = minimum.Domotz.create + minimum.Domotz.update;
	const byOverhead = overheadRequests(work, domotzWrites, sweepPages);
	const added = Object.values(byOverhead);
	const domotz = plus(
		minimum.Domotz,
		added.filter((kinds) => kinds.api === 'Domotz'),
	);
	const connectWise = plus(
		minimum.ConnectWise,
		added.filter((kinds) => kinds.api === 'ConnectWise'),
	);
	const overheads = Object.fromEntries(
		overheadNames.map((name) => [name, requestsOf(byOverhead[name])]),
	) as Record<OverheadName, number>;
	// The agent list, after the usage report on a first run, names the companies to look up and
	// sweep. The manufacturers are read once an agent's devices are matched, before its writes. An
	// agent's creates wait for its lease (note posted, notes listed, markers read) and are followed
	// by the note's deletion, then by the agent's PATCHes; a confirmation waits for the link's
	// mirror in Domotz.
	const usageFirst = !work.remembered;
	const connectWiseChain =
		limits.latencyMs *
		((usageFirst ? 1 : 0) +
			agentListRounds(agentPages) +
			1 +
			(sweepPages > 1 ? 1 : 0) +
			(work.readsManufacturers ? 1 : 0) +
			(work.creates > 0 ? 3 + 1 + 1 : 0) +
			(work.updates > 0 ? 1 : 0) +
			(overheads.mirrorConfirmation > 0 ? 2 : 0));
	return {
		Domotz: domotz,
		ConnectWise: connectWise,
		total: totalOf({ Domotz: domotz, ConnectWise: connectWise }),
		timeMs: Math.max(
			domotzChainMs(domotz, agentPages, work, usageFirst),
			connectWiseChain,
			budgetMs(requestsOf(connectWise) - overheads.codebaseDiscovery),
		),
		overheads,
	};
}
