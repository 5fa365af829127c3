/**
 * The nine device fields the Domotz API can write (PUT /agent/{a}/device/{d}/{field}), as data.
 * Everything else Domotz shows about a device (MAC, IPs, OS, discovered vendor and model) is
 * read-only through the API.
 */

import { valueKindsByField, type DomotzEditableField } from '../domotz/field-values';

export type DomotzFieldValue = string | number | null;

export type ParsedFieldValue =
	| { kind: 'valid'; value: DomotzFieldValue }
	| { kind: 'invalid'; reason: string };

export interface DomotzEditableFieldDefinition {
	path: DomotzEditableField;
	label: string;
	description: string;
	/** The only values Domotz accepts, when it is a fixed list. */
	allowed?: readonly string[];
}

export const domotzEditableFields: DomotzEditableFieldDefinition[] = [
	{
		path: 'user_data/name',
		label: 'Name',
		description: 'The name shown in Domotz (overrides the discovered name)',
	},
	{
		path: 'details/serial',
		label: 'Serial Number',
		description: 'Overrides the discovered serial; empty restores the discovered one',
	},
	{ path: 'user_data/model', label: 'Model', description: 'Overrides the discovered model' },
	{
		path: 'user_data/vendor',
		label: 'Vendor',
		description: 'Overrides the discovered vendor (make)',
	},
	{
		path: 'user_data/type',
		label: 'Type',
		description: 'A Domotz device type ID (see Device Types)',
	},
	{ path: 'details/zone', label: 'Zone', description: 'Free-text zone of the device' },
	{ path: 'details/room', label: 'Room', description: 'Free-text room of the device' },
	{ path: 'details/notes', label: 'Notes', description: 'Free-text notes' },
	{
		path: 'importance',
		label: 'Importance',
		description: 'VITAL or FLOATING',
		allowed: ['VITAL', 'FLOATING'],
	},
];

/**
 * Turns what a user typed into the JSON value Domotz expects for the field; the value kinds come
 * from the client's table, so the node and the client can never disagree.
 */
export function parseFieldInput(field: DomotzEditableField, raw: string): ParsedFieldValue {
	const definition = domotzEditableFields.find((candidate) => candidate.path === field);
	if (!definition)
		return { kind: 'invalid', reason: `"${field}" is not a field Domotz lets the API write` };
	const kinds: readonly string[] = valueKindsByField[field];
	if (kinds.includes('integer')) {
		return /^\s*\d+\s*$/.test(raw)
			? { kind: 'valid', value: Number(raw) }
			: { kind: 'invalid', reason: `${definition.label} takes a number, got "${raw}"` };
	}
	if (kinds.includes('null') && raw.trim() === '') return { kind: 'valid', value: null };
	if (definition.allowed) {
		const value = raw.trim().toUpperCase();
		return definition.allowed.includes(value)
			? { kind: 'valid', value }
			: {
					kind: 'invalid',
					reason: `${definition.label} is one of ${definition.allowed.join(', ')}, got "${raw}"`,
				};
	}
	return { kind: 'valid', value: raw };
}
