/**
 * The fewest requests the two APIs allow for a run's work, and the least time they take with the
 * benchmark's latency and limits. Derived from the tenant as built, never from a run.
 *
 * Requests: every read the work needs, in the largest pages the API serves, and one write per
 * record that must change:
 * - Domotz: the agent list (pages of 100), one device list per agent (the API has no bulk device
 *   read); with the link mirror, the inventory field list and one write per linked device.
 * - ConnectWise: codebase discovery (else every request pays a redirect), the agents' companies in
 *   one `identifier in (…)` lookup, their configurations in one sweep (pages of 1000) filtered by
 *   the same Customer IDs (`company/identifier in (…)`);
 *   when configurations are created, the manufacturer list (a create names its manufacturer by
 *   id) and one query for links that sit in other companies (so that nothing is created twice),
 *   and per company that gets new configurations its creation lease (a note posted, the notes
 *   listed, the note deleted: without it two runs at once could create the same configuration).
 *   Writes: one POST per configuration to create, one PATCH per configuration whose link or fields
 *   change (both in the same PATCH); with the link mirror, one more PATCH per created
 *   configuration to confirm its mirror (it is created with the marker pending, so that a run cut
 *   off before the mirror is repaired by the next without reading Domotz back).
 *
 * Time: each request takes one latency; Domotz serves at most 4 at once, ConnectWise no more than
 * 1000 in any minute (nothing else limits it); a request waits for the answers it depends on: the
 * agent list before the company lookup, the sweep and the device lists, the sweep's first page (it
 * names the last one) before the others, and every read of an agent before its writes. The bound
 * is the longest of:
 * - Domotz: the agent list, then the device lists four at a time, then one write latency;
 * - ConnectWise's chain: agent list, first page, the other pages, one write;
 * - ConnectWise's budget: the budgeted request numbered n (from 0; discovery is not budgeted)
 *   cannot start before ⌊n / 1000⌋ minutes.
 */

import type { TenantPlan } from './msp-tenant';
import { limits, type Scenario } from './scenarios';

export interface RunWork {
	/** Configurations of the agents' companies when the run starts (the first sync adds some). */
	configurations: number;
	creates: number;
	/** Companies that get new configurations: each takes its creation lease. */
	creatingCompanies: number;
	/** Configurations whose link or fields change. */
	updates: number;
	/** Links mirrored in Domotz (0 without the mirror). */
	mirrored: number;
	/** The Domotz inventory field that mirrors links does not exist yet. */
	createsMirrorField: boolean;
}

export interface Bound {
	Domotz: { read: number; create: number; update: number };
	ConnectWise: { read: number; create: number; update: number };
	total: number;
	timeMs: number;
}

/** A creation lease: its note listed once; posted and deleted. */
const LEASE_READS = 1;
const LEASE_WRITES = 2;

const pages = (rows: number, pageSize: number) => Math.max(1, Math.ceil(rows / pageSize));

export function lowerBound(scenario: Scenario, tenant: TenantPlan, work: RunWork): Bound {
	const mirroring = work.mirrored > 0;
	const domotz = {
		read:
			pages(scenario.agents, limits.domotzAgentPageSize) + scenario.agents + (mirroring ? 1 : 0),
		create: work.createsMirrorField ? 1 : 0,
		update: work.mirrored,
	};
	const sweepPages = pages(work.configurations, limits.connectWisePageSize);
	const creating = work.creates > 0;
	const connectWise = {
		read:
			1 +
			pages(scenario.agents, limits.connectWisePageSize) +
			sweepPages +
			(creating ? pages(tenant.manufacturerCount, limits.connectWisePageSize) + 1 : 0) +
			work.creatingCompanies * LEASE_READS,
		create: work.creates + work.creatingCompanies * LEASE_WRITES,
		update: work.updates + (mirroring ? work.creates : 0),
	};
	const connectWiseTotal = connectWise.read + connectWise.create + connectWise.update;
	const writes = work.creates + work.updates > 0 ? 1 : 0;
	const latency = limits.latencyMs;
	const domotzAfterList = domotz.read - 1 + domotz.create + domotz.update;
	const domotzChain =
		latency * (1 + Math.ceil(domotzAfterList / limits.domotzInFlight) + (mirroring ? 0 : writes));
	const connectWiseChain = latency * (1 + 1 + (sweepPages > 1 ? 1 : 0) + writes);
	// Discovery is answered outside the budget.
	const budgeted = connectWiseTotal - 1;
	const budget =
		Math.floor((budgeted - 1) / limits.connectWisePerMinute) * limits.connectWiseWindowMs + latency;
	return {
		Domotz: domotz,
		ConnectWise: connectWise,
		total: connectWiseTotal + domotz.read + domotz.create + domotz.update,
		timeMs: Math.max(domotzChain, connectWiseChain, budget),
	};
}
