import { valueKindsByField } from '../../lib/domotz/field-values';
import { domotzEditableFields, parseFieldInput } from '../../lib/fields/domotz-editable';

describe('Domotz editable fields', () => {
	it('describes exactly the fields the client can write', () => {
		expect(domotzEditableFields.map((field) => field.path).sort()).toEqual(
			Object.keys(valueKindsByField).sort(),
		);
	});

	it.each([
		['user_data/name', 'Core switch', { kind: 'valid', value: 'Core switch' }],
		['user_data/type', '81', { kind: 'valid', value: 81 }],
		['user_data/type', 'switch', { kind: 'invalid' }],
		['details/serial', 'SN-1', { kind: 'valid', value: 'SN-1' }],
		['details/serial', '  ', { kind: 'valid', value: null }],
		['details/notes', '', { kind: 'valid', value: '' }],
		['importance', ' vital ', { kind: 'valid', value: 'VITAL' }],
		['importance', 'HIGH', { kind: 'invalid' }],
	] as const)('parses %s from %p', (field, raw, expected) => {
		expect(parseFieldInput(field, raw)).toMatchObject(expected);
	});
});
