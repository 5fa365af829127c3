/**
 * The value each editable device field takes (PUT /agent/{a}/device/{d}/{field}), as data:
 * `user_data/type` is a device type id (the client picks the form the account accepts),
 * `details/serial` takes `null` to fall back to the discovered serial, every other field a string.
 */

/** The nine device fields the Domotz API can write; everything else it shows is read-only. */
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

type ValueKind = 'text' | 'integer' | 'null';

interface ValueOfKind {
	text: string;
	integer: number;
	null: null;
}

export const valueKindsByField = {
	importance: ['text'],
	'user_data/model': ['text'],
	'user_data/type': ['integer'],
	'user_data/name': ['text'],
	'user_data/vendor': ['text'],
	'details/room': ['text'],
	'details/zone': ['text'],
	'details/serial': ['text', 'null'],
	'details/notes': ['text'],
} as const satisfies Record<DomotzEditableField, readonly ValueKind[]>;

/** The value type of one field, or of any of a union of fields. */
export type DomotzFieldValueOf<Field extends DomotzEditableField> =
	ValueOfKind[(typeof valueKindsByField)[Field][number]];

const valueMatches: Record<ValueKind, (value: unknown) => boolean> = {
	text: (value) => typeof value === 'string',
	integer: (value) => Number.isSafeInteger(value),
	null: (value) => value === null,
};

export function isEditableField(field: string): field is DomotzEditableField {
	return Object.hasOwn(valueKindsByField, field);
}

/** Whether a runtime value fits the field; callers working from user input cannot rely on types. */
export function fitsField(field: DomotzEditableField, value: unknown): boolean {
	const kinds: readonly ValueKind[] = valueKindsByField[field];
	return kinds.some((kind) => valueMatches[kind](value));
}

export function describeFieldValue(field: DomotzEditableField): string {
	const names: Record<ValueKind, string> = {
		text: 'a string',
		integer: 'a whole number',
		null: 'null',
	};
	const kinds: readonly ValueKind[] = valueKindsByField[field];
	return kinds.map((kind) => names[kind]).join(' or ');
}
