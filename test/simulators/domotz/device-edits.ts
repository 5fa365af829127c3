import type { DeviceRecord } from './state';
import type { DeviceDetails, DeviceImportance, DeviceUserData, DomotzQuirks } from './types';

/** Applies an already validated value to a device. */
export type DeviceWrite = (record: DeviceRecord) => void;

/** What decides whether a body is acceptable, besides the body itself. */
export interface EditContext {
	isKnownBaseType(typeId: number): boolean;
	deviceTypeBody: DomotzQuirks['deviceTypeBody'];
}

export interface FieldEdit {
	/** The accepted body, for 400 messages. */
	expects(context: EditContext): string;
	/** A write for an acceptable body, `undefined` otherwise. */
	parse(body: unknown, context: EditContext): DeviceWrite | undefined;
}

/** The value a body stands for, or `undefined` when the body is not acceptable. */
type Reader<T> = (body: unknown, context: EditContext) => { value: T } | undefined;

function fieldEdit<T>(
	expects: string | ((context: EditContext) => string),
	read: Reader<T>,
	write: (record: DeviceRecord, value: T) => void,
): FieldEdit {
	return {
		expects: (context) => (typeof expects === 'string' ? expects : expects(context)),
		parse: (body, context) => {
			const accepted = read(body, context);
			return accepted && ((record) => write(record, accepted.value));
		},
	};
}

const readWhen =
	<T>(accepts: (body: unknown) => body is T): Reader<T> =>
	(body) =>
		accepts(body) ? { value: body } : undefined;

const IMPORTANCE_VALUES: readonly unknown[] = ['VITAL', 'FLOATING'] satisfies DeviceImportance[];

const isImportance = (body: unknown): body is DeviceImportance => IMPORTANCE_VALUES.includes(body);
const isString = (body: unknown): body is string => typeof body === 'string';
const isStringOrNull = (body: unknown): body is string | null => body === null || isString(body);

/** A type id as each `deviceTypeBody` reading sends it. */
const typeIdForms: Record<EditContext['deviceTypeBody'], (body: unknown) => number | undefined> = {
	string: (body) => (typeof body === 'string' && /^\d+$/.test(body) ? Number(body) : undefined),
	number: (body) => (Number.isInteger(body) ? (body as number) : undefined),
	either: (body) => typeIdForms.string(body) ?? typeIdForms.number(body),
};

const typeIdDescriptions: Record<EditContext['deviceTypeBody'], string> = {
	string: 'a base type id as a JSON string',
	number: 'a base type id as a JSON number',
	either: 'a base type id as a JSON string or number',
};

const readTypeId: Reader<number> = (body, context) => {
	const typeId = typeIdForms[context.deviceTypeBody](body);
	return typeId !== undefined && context.isKnownBaseType(typeId) ? { value: typeId } : undefined;
};

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
		fieldEdit('"VITAL" or "FLOATING"', readWhen(isImportance), (record, value) => {
			record.device.importance = value;
		}),
	],
	['user_data/name', fieldEdit(A_STRING, readWhen(isString), rename)],
	[
		'user_data/vendor',
		fieldEdit(A_STRING, readWhen(isString), (record, value) =>
			setUserData(record, 'vendor', value),
		),
	],
	[
		'user_data/model',
		fieldEdit(A_STRING, readWhen(isString), (record, value) => setUserData(record, 'model', value)),
	],
	[
		'user_data/type',
		fieldEdit(
			(context) => typeIdDescriptions[context.deviceTypeBody],
			readTypeId,
			(record, value) => setUserData(record, 'type', value),
		),
	],
	[
		'details/room',
		fieldEdit(A_STRING, readWhen(isString), (record, value) => setDetail(record, 'room', value)),
	],
	[
		'details/zone',
		fieldEdit(A_STRING, readWhen(isString), (record, value) => setDetail(record, 'zone', value)),
	],
	[
		'details/notes',
		fieldEdit(A_STRING, readWhen(isString), (record, value) => setDetail(record, 'notes', value)),
	],
	[
		'details/serial',
		fieldEdit(
			'a JSON string, or null to restore the discovered serial',
			readWhen(isStringOrNull),
			setSerial,
		),
	],
]);
