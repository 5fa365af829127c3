/** Devices that would give one company two configurations with the same strong key. */
import type { CwConfigurationInput } from '../../../lib/connectwise/schemas';
import { sharedKeyReasons, type NewConfiguration } from '../../../lib/sync/settle/plan-creates';

function create(
	itemIndex: number,
	fields: Partial<CwConfigurationInput>,
	where: { agentId?: number; companyId?: number } = {},
): NewConfiguration {
	return {
		itemIndex,
		agentId: where.agentId ?? 7,
		deviceId: 100 + itemIndex,
		companyId: where.companyId ?? 50,
		body: { name: `device ${itemIndex}`, type: { id: 1 }, company: { id: 50 }, ...fields },
	};
}

describe('sharedKeyReasons', () => {
	it.each([
		{
			case: 'one serial on two devices, written differently',
			creates: [create(0, { serialNumber: 'ab-12345' }), create(1, { serialNumber: ' AB-12345 ' })],
			reasons: {
				0: 'not created: its serial number ab-12345 is also the serial number of device 101, which would get a configuration in the same company too; link the devices by hand or correct the value in Domotz',
				1: 'not created: its serial number AB-12345 is also the serial number of device 100, which would get a configuration in the same company too; link the devices by hand or correct the value in Domotz',
			},
		},
		{
			case: 'one MAC on three devices, the third of another agent',
			creates: [
				create(0, { macAddress: '00:11:22:33:44:55' }),
				create(1, { macAddress: '001122334455' }),
				create(2, { macAddress: '00-11-22-33-44-55' }, { agentId: 8 }),
			],
			reasons: {
				0: expect.stringContaining(
					'MAC address 00:11:22:33:44:55 is also the MAC address of device 101, agent 8 device 102,',
				),
				1: expect.stringContaining('is also the MAC address of device 100, agent 8 device 102,'),
				2: expect.stringContaining(
					'is also the MAC address of agent 7 device 100, agent 7 device 101,',
				),
			},
		},
		{
			case: 'a shared serial and a shared MAC, on different pairs',
			creates: [
				create(0, { serialNumber: 'SN-SHARED-1', macAddress: '02:00:00:00:00:01' }),
				create(1, { serialNumber: 'SN-SHARED-1', macAddress: '02:00:00:00:00:02' }),
				create(2, { serialNumber: 'SN-OWN-3', macAddress: '02:00:00:00:00:02' }),
			],
			reasons: {
				0: expect.stringMatching(
					/^not created: its serial number SN-SHARED-1 is also the serial number of device 101,/,
				),
				1: expect.stringMatching(
					/^not created: its serial number SN-SHARED-1 .* device 100; its MAC address 02:00:00:00:00:02 is also the MAC address of device 102,/,
				),
				2: expect.stringMatching(/^not created: its MAC address 02:00:00:00:00:02 .* device 101,/),
			},
		},
		{
			case: 'one serial in two companies',
			creates: [
				create(0, { serialNumber: 'SN-TWO-SITES' }, { companyId: 50 }),
				create(1, { serialNumber: 'SN-TWO-SITES' }, { companyId: 51 }),
			],
			reasons: {},
		},
		{
			case: 'one IP address on two devices (a weak key)',
			creates: [create(0, { ipAddress: '10.0.0.9' }), create(1, { ipAddress: '10.0.0.9' })],
			reasons: {},
		},
		{
			case: 'one placeholder serial and one all-zero MAC on two devices',
			creates: [
				create(0, { serialNumber: 'To be filled by O.E.M.', macAddress: '00:00:00:00:00:00' }),
				create(1, { serialNumber: 'To be filled by O.E.M.', macAddress: '00:00:00:00:00:00' }),
			],
			reasons: {},
		},
		{
			case: 'devices without keys',
			creates: [create(0, {}), create(1, { serialNumber: null, macAddress: '' })],
			reasons: {},
		},
	])('$case', ({ creates, reasons }) => {
		expect(Object.fromEntries(sharedKeyReasons(creates))).toEqual(reasons);
	});
});
