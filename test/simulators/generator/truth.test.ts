import { demoMsp, largeMsp, type DeviceTruth, type GeneratedTenant, type MatchedBy } from './index';
import {
	configurationsById,
	customFieldValue,
	hexMacs,
	hwAddressOf,
	ipAddressesOf,
	seededDevices,
} from './test-support';

const canonicalSerial = (serial: string | null | undefined) => (serial ?? '').trim().toUpperCase();

/** The default rule, applied to the seeds: Customer ID equals identifier, else name equals name. */
function companyByRule({ domotz, connectwise }: GeneratedTenant): Record<string, number | null> {
	const companies = connectwise.companies ?? [];
	return Object.fromEntries(
		domotz.agents.map((agent) => {
			const customerId = agent.installation_info?.customer_id?.trim().toLowerCase();
			const found = customerId
				? companies.filter((company) => company.identifier.toLowerCase() === customerId)
				: companies.filter(
						(company) => company.name.toLowerCase() === agent.display_name.toLowerCase(),
					);
			return [String(agent.id), found.length === 1 ? (found[0].id ?? null) : null];
		}),
	);
}

const tenants: Array<[string, () => GeneratedTenant]> = [
	['demo, customField', () => demoMsp()],
	['demo, deviceIdentifier', () => demoMsp({ linkStore: 'deviceIdentifier' })],
	['demo, none-yet', () => demoMsp({ linkStore: 'none-yet' })],
	['large', () => largeMsp()],
];

describe.each(tenants)('truth of the %s tenant', (_label, generate) => {
	const tenant = generate();
	const { truth } = tenant;
	const records = configurationsById(tenant);
	const seeded = new Map(
		seededDevices(tenant).map((entry) => [`${entry.agent.id}/${entry.device.id}`, entry]),
	);
	const deviceOf = (agentId: number, deviceId: number) => {
		const entry = seeded.get(`${agentId}/${deviceId}`);
		if (!entry) throw new Error(`No device ${agentId}/${deviceId} in the seed`);
		return entry.device;
	};
	const linkedDevices = truth.devices.filter((device) => device.expected === 'linked');
	const pairedDevices = truth.devices.filter(
		(device) => device.expected === 'linked' || device.expected === 'matched',
	);
	const matchedBy = (key: MatchedBy) =>
		truth.devices.filter((device) => device.expected === 'matched' && device.matchedBy === key);
	const refOf = (device: DeviceTruth) => `${device.agentId}/${device.deviceId}`;

	it('maps agents to companies as the default rule does', () => {
		expect(truth.agentCompanies).toEqual(companyByRule(tenant));
	});

	it('covers every device exactly once, listable ones in seed order', () => {
		const listable = seededDevices(tenant).filter(
			(entry) => entry.agent.access_right?.api_enabled !== false,
		);
		expect(truth.devices.map((device) => `${device.agentId}/${device.deviceId}`)).toEqual(
			listable.map((entry) => `${entry.agent.id}/${entry.device.id}`),
		);
		expect(truth.counts.devices).toBe(seeded.size);
		expect(truth.counts.listableDevices + truth.counts.unlistableDevices).toBe(seeded.size);
	});

	it('keeps unlistable devices to agents without API access', () => {
		const disabled = new Set(
			truth.agents.filter((agent) => !agent.apiEnabled).map((agent) => agent.agentId),
		);
		expect(truth.unlistableDevices.every((device) => disabled.has(device.agentId))).toBe(true);
		expect(truth.devices.some((device) => disabled.has(device.agentId))).toBe(false);
	});

	it('expects unresolvedCompany exactly for agents without a company', () => {
		const offenders = truth.devices.filter((device) => {
			const company = truth.agentCompanies[String(device.agentId)];
			return (
				(device.expected === 'unresolvedCompany') !== (company === null) ||
				(device.companyId ?? null) !== company
			);
		});
		expect(offenders.map(refOf)).toEqual([]);
	});

	it('expects only configurations that exist, in the device’s company', () => {
		const offenders = pairedDevices.filter(
			(device) => records.get(device.configurationId ?? -1)?.company.id !== device.companyId,
		);
		expect(pairedDevices.length).toBeGreaterThan(0);
		expect(offenders.map(refOf)).toEqual([]);
	});

	it('expects no configuration for two devices', () => {
		const ids = pairedDevices.map((device) => device.configurationId);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('matches by serial only where the serials agree, trimmed and case-insensitively', () => {
		const offenders = matchedBy('serial').filter((device) => {
			const record = records.get(device.configurationId ?? -1);
			const serial = deviceOf(device.agentId, device.deviceId).details?.serial;
			return (
				canonicalSerial(record?.serialNumber) !== canonicalSerial(serial) || !record?.activeFlag
			);
		});
		expect(offenders.map(refOf)).toEqual([]);
	});

	it('matches by MAC only where the configuration holds the device’s MAC', () => {
		const offenders = matchedBy('mac').filter((device) => {
			const record = records.get(device.configurationId ?? -1);
			const mac = hexMacs(hwAddressOf(deviceOf(device.agentId, device.deviceId)) ?? '')[0];
			return !hexMacs(record?.macAddress ?? '').includes(mac) || !record?.activeFlag;
		});
		expect(offenders.map(refOf)).toEqual([]);
	});

	it('matches by IP only where the configuration holds one of the device’s addresses and no MAC', () => {
		const offenders = matchedBy('ip').filter((device) => {
			const record = records.get(device.configurationId ?? -1);
			const addresses = ipAddressesOf(deviceOf(device.agentId, device.deviceId));
			return (
				!addresses.includes(record?.ipAddress ?? '') ||
				record?.macAddress != null ||
				record?.serialNumber != null
			);
		});
		expect(offenders.map(refOf)).toEqual([]);
	});

	it('expects links only where the configuration’s marker names the device', () => {
		const offenders = linkedDevices.filter((device) => {
			const record = records.get(device.configurationId ?? -1);
			const stored =
				truth.options.linkStore === 'customField' && record
					? customFieldValue(tenant, record, 'Domotz Link')
					: record?.deviceIdentifier;
			return stored !== `domotz:${device.agentId}/${device.deviceId}`;
		});
		expect(offenders.map(refOf)).toEqual([]);
	});

	it('lists ambiguous candidates that exist in the device’s company and share its key', () => {
		const ambiguous = truth.devices.filter((device) => device.expected === 'ambiguous');
		expect(ambiguous.length).toBeGreaterThan(0);
		for (const device of ambiguous) {
			const candidates = (device.candidates ?? []).map((id) => records.get(id));
			expect(candidates.every((record) => record?.company.id === device.companyId)).toBe(true);
			const seededDevice = deviceOf(device.agentId, device.deviceId);
			if (device.matchedBy === 'serial') {
				expect(candidates.length).toBeGreaterThanOrEqual(2);
				for (const record of candidates) {
					expect(canonicalSerial(record?.serialNumber)).toBe(
						canonicalSerial(seededDevice.details?.serial),
					);
				}
			} else {
				const sharing = ambiguous.filter(
					(other) =>
						other !== device &&
						other.agentId === device.agentId &&
						hexMacs(hwAddressOf(deviceOf(other.agentId, other.deviceId)) ?? '')[0] ===
							hexMacs(hwAddressOf(seededDevice) ?? '')[0],
				);
				expect(sharing.length).toBeGreaterThan(0);
				expect(candidates).toHaveLength(1);
			}
		}
	});

	it('splits each company’s configurations into paired and unmatched ones', () => {
		const paired = new Set(pairedDevices.map((device) => device.configurationId));
		for (const company of truth.companies) {
			const unmatched = new Set(company.unmatchedConfigurationIds);
			expect(company.configurationIds.filter((id) => !paired.has(id))).toEqual(
				company.unmatchedConfigurationIds,
			);
			expect(company.configurationIds.filter((id) => unmatched.has(id) === paired.has(id))).toEqual(
				[],
			);
		}
	});

	it('keeps its counts in line with its lists', () => {
		const { counts } = truth;
		expect(Object.values(counts.expected).reduce((sum, value) => sum + value, 0)).toBe(
			truth.devices.length,
		);
		expect(counts.configurations).toBe(records.size);
		expect(counts.hiddenDevices).toBe(truth.devices.filter((device) => device.hidden).length);
		expect(counts.companies).toBe(truth.companies.length);
		expect(counts.agents).toBe(tenant.domotz.agents.length);
	});
});

describe('presets', () => {
	it('makes the demo a few hundred devices over six agents', () => {
		const { counts } = demoMsp().truth;
		expect(counts.agents).toBe(6);
		expect(counts.devices).toBeGreaterThanOrEqual(300);
		expect(counts.devices).toBeLessThanOrEqual(420);
	});

	it('makes the large tenant fifty agents of about two hundred devices', () => {
		const { truth } = largeMsp();
		expect(truth.counts.agents).toBe(50);
		for (const agent of truth.agents) {
			expect(agent.deviceCount).toBeGreaterThanOrEqual(170);
			expect(agent.deviceCount).toBeLessThanOrEqual(230);
		}
		expect(truth.counts.devices).toBeGreaterThan(9_000);
		expect(truth.counts.configurations).toBeGreaterThan(5_000);
		expect(new Set(truth.agents.map((agent) => agent.role))).toEqual(
			new Set([
				'customerId',
				'agentName',
				'branch',
				'noCustomerId',
				'unknownCustomerId',
				'apiDisabled',
			]),
		);
	});
});
