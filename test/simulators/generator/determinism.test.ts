import { demoMsp, generateMspTenant, type LinkStoreOption, type MspTenantOptions } from './index';
import { configurationsById, customFieldValue } from './test-support';

const small: MspTenantOptions = {
	seed: 7,
	agents: 4,
	devicesPerAgent: [30, 40],
	linkStore: 'customField',
};

describe('generateMspTenant determinism', () => {
	it('gives byte-identical output for the same options', () => {
		const first = generateMspTenant(small);
		const second = generateMspTenant(small);
		expect(second).toEqual(first);
		expect(JSON.stringify(second)).toBe(JSON.stringify(first));
	});

	it('gives the same demo tenant on every call', () => {
		expect(JSON.stringify(demoMsp())).toBe(JSON.stringify(demoMsp()));
	});

	it('gives a different tenant for a different seed', () => {
		const first = generateMspTenant(small);
		const other = generateMspTenant({ ...small, seed: 8 });
		expect(JSON.stringify(other)).not.toBe(JSON.stringify(first));
		const serials = (tenant: typeof first) =>
			(tenant.connectwise.configurations ?? []).map((record) => record.serialNumber);
		expect(serials(other)).not.toEqual(serials(first));
	});

	it.each([
		['no agents', { agents: 0 }],
		['too many agents', { agents: 201 }],
		['a fractional agent count', { agents: 2.5 }],
		['a negative device count', { devicesPerAgent: -1 }],
		['an inverted range', { devicesPerAgent: [10, 5] as const }],
	])('rejects %s', (_label, override) => {
		expect(() => generateMspTenant({ ...small, ...override })).toThrow(RangeError);
	});

	it('honours a fixed device count per agent', () => {
		const tenant = generateMspTenant({ ...small, agents: 2, devicesPerAgent: 40 });
		// The device the second agent shares with the first counts among its forty.
		expect(tenant.truth.agents.map((agent) => agent.deviceCount)).toEqual([40, 40]);
	});
});

describe.each<
	[LinkStoreOption, { customField: boolean; markers: 'customField' | 'deviceIdentifier' | 'none' }]
>([
	['customField', { customField: true, markers: 'customField' }],
	['deviceIdentifier', { customField: false, markers: 'deviceIdentifier' }],
	['none-yet', { customField: false, markers: 'none' }],
])('linkStore %s', (linkStore, expected) => {
	const tenant = generateMspTenant({ ...small, linkStore });
	const records = [...configurationsById(tenant).values()];
	const markerPattern = /^domotz:\d+\/\d+$/;

	it('defines the "Domotz Link" custom field only when links live there', () => {
		const captions = (tenant.connectwise.userDefinedFields ?? []).map((field) => field.caption);
		expect(captions.includes('Domotz Link')).toBe(expected.customField);
		expect(tenant.truth.linkFieldId !== undefined).toBe(expected.customField);
	});

	it('writes link markers where the option says', () => {
		const inCustomField = records.filter((record) =>
			markerPattern.test(String(customFieldValue(tenant, record, 'Domotz Link'))),
		);
		const inDeviceIdentifier = records.filter((record) =>
			markerPattern.test(record.deviceIdentifier ?? ''),
		);
		expect(inCustomField.length > 0).toBe(expected.markers === 'customField');
		expect(inDeviceIdentifier.length > 0).toBe(expected.markers === 'deviceIdentifier');
	});

	it('expects linked devices exactly when links are stored', () => {
		expect(tenant.truth.counts.expected.linked > 0).toBe(expected.markers !== 'none');
	});
});
