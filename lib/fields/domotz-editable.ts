/**
 * The nine device fields the Domotz API can write (PUT /agent/{a}/device/{d}/{field}), as data.
 * Everything else Domotz shows about a device (MAC, IPs, OS, discovered vendor and model) is
 * read-only through the API.
 */

export type DomotzEditableField =
	| 'importance'
	| 'user_data/model'
	| 'user_data/type'
	| 'user_data/name'
	| 'user_data/vendor'
	| 'details/room'
	| 'details/zone'
	| 'details/serial'
	| 'details/notes';

export type DomotzFieldValue = string | number | null;

export type ParsedFieldValue =
	| { kind: 'valid'; value: DomotzFieldValue }
	| { kind: 'invalid'; reason: string };

export interface DomotzEditableFieldDefinition {
	path: DomotzEditableField;
	label: string;
	description: string;
	/** Turns what a user typed into the JSON value Domotz expects for this field. */
	parse(raw: string): ParsedFieldValue;
}

const text = (raw: string): ParsedFieldValue => ({ kind: 'valid', value: raw });

const importanceValues = ['VITAL', 'FLOATING'];

export const domotzEditableFields: DomotzEditableFieldDefinition[] = [
	{
		path: 'user_data/name',
		label: 'Name',
		description: 'The name shown in Domotz (overrides the discovered name)',
		parse: text,
	},
	{
		path: 'details/serial',
		label: 'Serial Number',
		description: 'Overrides the discovered serial; empty restores the discovered one',
		parse: (raw) => ({ kind: 'valid', value: raw.trim() === '' ? null : raw }),
	},
	{
		path: 'user_data/model',
		label: 'Model',
		description: 'Overrides the discovered model',
		parse: text,
	},
	{
		path: 'user_data/vendor',
		label: 'Vendor',
		description: 'Overrides the discovered vendor (make)',
		parse: text,
	},
	{
		path: 'user_data/type',
		label: 'Type',
		description: 'A Domotz device type ID (see Device Types)',
		parse: (raw) =>
			/^\s*\d+\s*$/.test(raw)
				? { kind: 'valid', value: Number(raw) }
				: { kind: 'invalid', reason: `a device type ID is a number, got "${raw}"` },
	},
	{
		path: 'details/zone',
		label: 'Zone',
		description: 'Free-text zone of the device',
		parse: text,
	},
	{
		path: 'details/room',
		label: 'Room',
		description: 'Free-text room of the device',
		parse: text,
	},
	{
		path: 'details/notes',
		label: 'Notes',
		description: 'Free-text notes',
		parse: text,
	},
	{
		path: 'importance',
		label: 'Importance',
		description: 'VITAL or FLOATING',
		parse: (raw) =>
			importanceValues.includes(raw.trim().toUpperCase())
				? { kind: 'valid', value: raw.trim().toUpperCase() }
				: { kind: 'invalid', reason: `importance is VITAL or FLOATING, got "${raw}"` },
	},
];
