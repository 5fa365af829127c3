/**
 * The options the actions share: one base for every action that settles devices, the settings of
 * new configurations, and Sync Agent's defaults (the node, the tests and the benchmark start
 * from them).
 */

import { resolveDirections, type SyncFieldKey } from '../fields/sync-fields';
import { defaultLinkStore } from '../links/marker';
import type { LinkSettings } from '../links/setup';
import { matchKeysByPriority, type MatchKey } from '../match';
import type { CompanyLink } from './company-link';
import type { KnownCompanies } from './known-companies';
import type { LeaseSettings } from './lease';
import type { SyncPolicy } from './plan';

/** Requests in flight at once for an action's per-item reads and writes. */
export const DEFAULT_CONCURRENCY = 4;

/** What every action that matches devices to configurations shares. */
export interface SettleOptions extends LinkSettings {
	keys: readonly MatchKey[];
	onlyActive: boolean;
	/** Requests in flight at once; DEFAULT_CONCURRENCY when absent. */
	concurrency?: number;
}

export interface TypeMapping {
	domotzTypeId: number;
	configurationTypeId: number;
}

/** How a configuration is made for a device that has none. */
export interface CreateSettings {
	typeMap: readonly TypeMapping[];
	/** Configuration type for devices whose Domotz type is not in the map. */
	defaultTypeId?: number;
	statusId?: number;
	/** Fields whose too-long values may be shortened to ConnectWise's limit. */
	truncate: ReadonlySet<SyncFieldKey>;
	/** Fields left empty on the new configurations. */
	exclude: ReadonlySet<SyncFieldKey>;
}

export interface CreateOptions extends SettleOptions, CreateSettings {
	createMissingManufacturers: boolean;
	/** Plan only: no link is saved and nothing is created. */
	dryRun?: boolean;
	/** The creation lease's timing; tests shorten it. */
	lease?: LeaseSettings;
}

/**
 * What Sync Agent does with a linked configuration whose device its agent no longer lists, or
 * whose agent the account no longer lists: never a delete.
 */
export type GoneDeviceRule =
	| { action: 'report' }
	| { action: 'setStatus'; statusId: number }
	| { action: 'unlink' };

export interface AgentSyncOptions extends SettleOptions {
	/** The agents to sync; `all` means every agent whose company link resolves. */
	agents: 'all' | readonly number[];
	companyLink: CompanyLink;
	policy: SyncPolicy;
	dryRun: boolean;
	createMissingManufacturers: boolean;
	/** Create configurations for unmatched devices with these settings; absent: never create. */
	create?: CreateSettings;
	/** Devices the user excluded in Domotz are left out unless this is set. */
	includeExcluded: boolean;
	/** Absent: gone devices are only reported. */
	whenDeviceGone?: GoneDeviceRule;
	/**
	 * Agents earlier runs synced (All Agents only): one the account no longer lists costs a marker
	 * query, which finds its collector's and its devices' configurations in any company.
	 */
	formerAgentIds?: readonly number[];
	/** Agents paused after a failed sync: reported as paused, nothing of theirs is read. */
	pausedAgentIds?: readonly number[];
	/** Sync the collector as a configuration too; `typeId` is used when it has to be created. */
	collector?: { typeId?: number };
	/** The creation lease's timing; tests shorten it. */
	lease?: LeaseSettings;
	/** Companies earlier runs found by Customer ID (known-companies.ts). */
	knownCompanies?: KnownCompanies;
	/** Told, with Customer ID links, the companies to keep for the next run. */
	onKnownCompanies?: (companies: KnownCompanies) => void;
	/**
	 * Resolves in a later turn of the event loop (the node passes n8n's `sleep(0)`). An agent is
	 * matched, and then planned, each in a turn of its own: the answers that arrived meanwhile (the
	 * next device lists, the sweep's pages) are taken in first, so Domotz's few requests in flight
	 * are sent again at once instead of waiting behind several agents' planning.
	 */
	nextTurn?: () => Promise<void>;
}

/** Sync Agent as the node runs it when the user leaves every option as it is. */
export const agentSyncDefaults = {
	agents: 'all',
	keys: matchKeysByPriority,
	onlyActive: true,
	policy: {
		directions: resolveDirections('domotzToConnectWise'),
		allowBlanking: false,
		truncate: new Set<SyncFieldKey>(),
	},
	dryRun: false,
	createMissingManufacturers: false,
	includeExcluded: false,
	whenDeviceGone: { action: 'report' },
	linkStore: defaultLinkStore,
	mirrorInDomotz: true,
} as const satisfies Omit<AgentSyncOptions, 'companyLink'>;
