/**
 * Maximum lengths ConnectWise PSA enforces (API 2025.1 model): a longer value is refused with a
 * 400, so writers trim or skip before sending.
 */

/** Configuration string fields. */
export const configurationFieldLimits = {
	name: 100,
	serialNumber: 250,
	modelNumber: 50,
	tagNumber: 50,
	macAddress: 25,
	ipAddress: 50,
	defaultGateway: 50,
	osType: 250,
	osInfo: 250,
	ram: 25,
	cpuSpeed: 100,
	deviceIdentifier: 100,
	lastLoginName: 100,
	manufacturerPartNumber: 50,
	backupServerName: 50,
	managementLink: 1000,
	remoteLink: 1000,
} as const satisfies Record<string, number>;


/** Names of setup-table entries a sync may create. */
export const setupNameLimits = {
	manufacturer: 50,
	configurationType: 50,
	configurationStatus: 50,
} as const satisfies Record<string, number>;
