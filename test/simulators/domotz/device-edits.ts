import type { DeviceRecord } from './state';
import type { DeviceDetails, DeviceImportance, DeviceUserData } from './types';

/** Applies an already validated value to a device. */
export type DeviceWrite = (record: DeviceRecord) => void;

export interface FieldEdit {
	/** The accepted body, for 400 messages. */
	expects: string;
	/** A write for an acceptable body, `undefined` otherwise. */
	parse(body: unknown, isKnownBaseType: (typeId: number) => boolean): DeviceWrite | undefined;
}

function fieldEdit<T>(
	expects: string,
	accepts: (body: unknown, isKnownBaseType: (typeId: number) => boolean) => body is T,
	write: (record: DeviceRecord, value: T) => void,
): FieldEdit {
	return {
		expects,
		parse: (body, isKnownBaseType) =>
			accepts(body, isKnownBaseType) ? (record) => write(record, body) : undefined,
	};
}

const IMPORTANCE_VALUES: readonly unknown[] = ['VITAL', 'FLOATING'] satisfies DeviceImportance[];

const isImportance = (body: unknown): body is DeviceImportance => IMPORTANCE_VALUES.includes(body);
const isString = (body: unknown): body is string => typeof body === 'string';
const isStringOrNull = (body: unknown): body is string | null => body === null || isString(body);
const isKnownTypeId = (
	body: unknown,
	isKnownBaseType: (typeId: number) => boolean,
): body is number => Number.isInteger(body) && isKnownBaseType(body as number);

function setUserData<K extends keyof DeviceUserData>(
	record: DeviceRecord,
	key: K,
	value: DeviceUserData[K],
): void {
	record.device.user_data = { ...record.device.user_data, [key]: value };
}

function setDetail(record: DeviceRecord, key: keyof DeviceDetails, value: string): void {
	record.device.details = { ...record.device.details, [key]: value };
}

/** `display_name` follows the user's name, falling back to the discovered one when it is empty. */
function rename(record: DeviceRecord, name: string): void {
	setUserData(record, 'name', name);
	record.device.display_name = name || record.discoveredName;
}

/** `null` drops the user's override so the discovered serial shows again. */
function setSerial(record: DeviceRecord, serial: string | null): void {
	const details = { ...record.device.details, serial: serial ?? record.discoveredSerial };
	if (details.serial === undefined) delete details.serial;
	record.device.details = details;
}

const A_STRING = 'a JSON string';

/** The nine fields `PUT /agent/{a}/device/{d}/{field}` accepts; slashes are path segments. */
export const EDITABLE_DEVICE_FIELDS: ReadonlyMap<string, FieldEdit> = new Map([
	[
		'importance',
		fieldEdit('"VITAL" or "FLOATING"', isImportance, (record, value) => {
			record.device.importance = value;
		}),
	],
	['user_data/name', fieldEdit(A_STRING, isString, rename)],
	[
		'user_data/vendor',
		fieldEdit(A_STRING, isString, (record, value) => setUserData(record, 'vendor', value)),
	],
	[
		'user_data/model',
		fieldEdit(A_STRING, isString, (record, value) => setUserData(record, 'model', value)),
	],
	[
		'user_data/type',
		fieldEdit('a base type id as a JSON number', isKnownTypeId, (record, value) =>
			setUserData(record, 'type', value),
		),
	],
	[
		'details/room',
		fieldEdit(A_STRING, isString, (record, value) => setDetail(record, 'room', value)),
	],
	[
		'details/zone',
		fieldEdit(A_STRING, isString, (record, value) => setDetail(record, 'zone', value)),
	],
	[
		'details/notes',
		fieldEdit(A_STRING, isString, (record, value) => setDetail(record, 'notes', value)),
	],
	[
		'details/serial',
		fieldEdit('a JSON string, or null to restore the discovered serial', isStringOrNull, setSerial),
	],
]);
