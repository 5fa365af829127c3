/** The sizes issue 7 asks for, the shares of work in them, and the limits both APIs impose. */

export type ScenarioName = 'S' | 'M' | 'L';

export interface Scenario {
	name: ScenarioName;
	agents: number;
	devicesPerAgent: number;
	/** Every configuration of the agents' companies: the matched ones and the leftovers. */
	configurations: number;
	seed: number;
}

export const scenarios: Readonly<Record<ScenarioName, Scenario>> = {
	S: { name: 'S', agents: 5, devicesPerAgent: 200, configurations: 1_250, seed: 7_001 },
	M: { name: 'M', agents: 20, devicesPerAgent: 500, configurations: 12_500, seed: 7_002 },
	L: { name: 'L', agents: 50, devicesPerAgent: 400, configurations: 25_000, seed: 7_003 },
};

/** Shares of each agent's devices, applied exactly (rounded per agent), not drawn. */
export const shares = {
	/** No configuration anywhere: the first sync creates one. */
	unmatched: 0.2,
	/** Cloned VMs, a few per template: they and their configurations share one serial. */
	cloned: 0.03,
	/** Devices whose configuration was entered twice. */
	duplicated: 0.01,
	/** Of the matched devices: the configuration differs in one to three synced fields. */
	differing: 0.3,
	/** Renamed in Domotz between the no-op re-sync and the last run. */
	changedBeforeLastRun: 0.01,
	/** How the matched devices are found, serial first (the rest have no serial, then no MAC). */
	matchedBy: { serial: 0.5, mac: 0.3, ip: 0.2 },
	/** Leftover configurations no device matches that are inactive. */
	inactiveLeftovers: 0.2,
} as const;

/** Drawn per device from the seed, not exact: how the keys and values are written. */
export const quirkShares = {
	/** Of the devices matched by serial or to be created: Domotz reports no MAC. */
	withoutMac: 0.15,
	/** Of the values that are no usable serial: a placeholder (the others are empty). */
	placeholderSerial: 0.5,
	/** Of the serials ConnectWise holds for devices matched by serial: in lower case. */
	lowerCaseSerial: 0.5,
	/** Of the devices to be created: a usable serial. */
	serialOnNewDevices: 0.6,
	/** Of the devices matched by IP (Domotz sees them through a router): ConnectWise has a MAC. */
	macOfRoutedDevices: 0.5,
	/** Names longer than ConnectWise's 100 characters. */
	overLongName: 0.03,
	/** Models longer than ConnectWise's 50 characters. */
	overLongModel: 0.03,
	/** Of the leftover configurations: a placeholder serial. */
	placeholderOnLeftovers: 0.2,
} as const;

export const limits = {
	latencyMs: 100,
	/** Domotz keeps at most this many requests of a key in flight (concurrent_allowed 5, less one). */
	domotzInFlight: 4,
	connectWisePerMinute: 1_000,
	connectWiseWindowMs: 60_000,
	connectWisePageSize: 1_000,
	domotzAgentPageSize: 100,
	/**
	 * Domotz publishes no figure: "a function of the number of configured Agents". The share of the
	 * daily quota is reported against this assumption, stated with the results.
	 */
	domotzDailyCallsPerAgent: 1_000,
} as const;

export const totalDevices = (scenario: Scenario): number =>
	scenario.agents * scenario.devicesPerAgent;
