/**
 * User-defined fields (`/system/userDefinedFields`): the pod a field is placed on, what a POST must
 * carry and how a list answers. Rules from ai-connor/connectwise `model_user_defined_field.go`
 * (fields without `omitempty` are required): `podId`, `caption`, `sequenceNumber` and
 * `fieldTypeIdentifier`; caption and screenId at most 25 characters, helpText and buttonUrl at
 * most 1,000, buttonUrl required for a Button field, sequenceNumber between 1 and 500. The answer's
 * shape follows amp-labs/connectors `providers/connectwise/test/custom-fields/definitions.json`.
 */
import { formatDateTime } from './configuration-fields';
import type { ValidationError } from './errors';
import type { CustomFieldEntryMethod, CustomFieldType } from './model';

export interface Pod {
	podId: number;
	podDescription: string;
	screenId: string;
	screenDescription: string;
}

/**
 * Pods besides the configuration pod: the two the recorded answers show, and a company pod. Any
 * other id is accepted as a pod named after it: no document lists a tenant's pods.
 */
const OTHER_PODS: readonly Pod[] = [
	{ podId: 4, podDescription: 'Contact Overview', screenId: 'ct300', screenDescription: 'Contact' },
	{ podId: 5, podDescription: 'Contact Details', screenId: 'ct300', screenDescription: 'Contact' },
	{ podId: 13, podDescription: 'Company Details', screenId: 'cp100', screenDescription: 'Company' },
];

export const COMPANY_POD_ID = 13;
export const CONTACT_POD_ID = 4;

export function configurationPod(podId: number, podDescription: string): Pod {
	return { podId, podDescription, screenId: 'cf100', screenDescription: 'Configuration' };
}

export function podOf(podId: number, configuration: Pod): Pod {
	if (podId === configuration.podId) return configuration;
	return (
		OTHER_PODS.find((pod) => pod.podId === podId) ?? {
			podId,
			podDescription: `Pod ${podId}`,
			screenId: `pod${podId}`,
			screenDescription: `Pod ${podId}`,
		}
	);
}

/** How a configuration's `customFields` entry names its pod, as recorded: `contact_overview`. */
export function podKey(pod: Pod): string {
	return pod.podDescription
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_');
}

/** Whether a POST may take a sequence number another field of its pod has: undocumented. */
export type SequenceNumberClash = 'refused' | 'accepted';

/** Whether a DELETE takes a field's values with it or is refused while any is left: undocumented. */
export type FieldInUseDelete = 'deletesValues' | 'refused';

export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = [
	'TextArea',
	'Button',
	'Currency',
	'Date',
	'Hyperlink',
	'IPAddress',
	'Checkbox',
	'Number',
	'Percent',
	'Text',
	'Password',
];

export const CUSTOM_FIELD_ENTRY_METHODS: readonly CustomFieldEntryMethod[] = [
	'Date',
	'EntryField',
	'List',
	'Option',
];

export interface UserDefinedFieldRow {
	id: number;
	podId: number;
	caption: string;
	sequenceNumber: number;
	helpText?: string;
	fieldTypeIdentifier: CustomFieldType;
	numberDecimals: number;
	entryTypeIdentifier: CustomFieldEntryMethod;
	requiredFlag: boolean;
	displayOnScreenFlag: boolean;
	readOnlyFlag: boolean;
	listViewFlag: boolean;
	buttonUrl?: string;
	options?: unknown[];
	businessUnitIds: number[];
	locationIds: number[];
	connectWiseID: string;
	dateCreated: string;
	_info: { lastUpdated: string; updatedBy: string; dateEntered: string; enteredBy: string };
}

const RESOURCE = 'userDefinedField';

function error(code: string, field: string, message: string): ValidationError {
	return { code, message, resource: RESOURCE, field };
}

const missing = (field: string) =>
	error('MissingRequiredField', field, `The ${field} field is required.`);

const tooLong = (field: string, maximum: number) =>
	error(
		'MaxLengthField',
		field,
		`The field ${field} must be a string with a maximum length of ${maximum}.`,
	);

const isWholeNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value);

function textRule(field: string, maximum: number, required: boolean) {
	return (body: Record<string, unknown>): ValidationError | undefined => {
		const value = body[field];
		if (value === undefined || value === null) return required ? missing(field) : undefined;
		if (typeof value !== 'string') {
			return error('InvalidField', field, `The field ${field} must be a string.`);
		}
		if (required && value.trim() === '') return missing(field);
		return value.length > maximum ? tooLong(field, maximum) : undefined;
	};
}

function choiceRule(field: string, choices: readonly string[], required: boolean) {
	return (body: Record<string, unknown>): ValidationError | undefined => {
		const value = body[field];
		if (value === undefined || value === null) return required ? missing(field) : undefined;
		return choices.includes(value as string)
			? undefined
			: error('InvalidField', field, `The field ${field} must be one of ${choices.join(', ')}.`);
	};
}

/** Every documented rule of a POST body, each returning its error or nothing. */
const POST_RULES: ReadonlyArray<(body: Record<string, unknown>) => ValidationError | undefined> = [
	(body) => {
		if (body.podId === undefined || body.podId === null) return missing('podId');
		return isWholeNumber(body.podId) && body.podId > 0
			? undefined
			: error('InvalidField', 'podId', 'The field podId must be a pod id.');
	},
	textRule('caption', 25, true),
	(body) => {
		if (body.sequenceNumber === undefined || body.sequenceNumber === null) {
			return missing('sequenceNumber');
		}
		return isWholeNumber(body.sequenceNumber) &&
			body.sequenceNumber >= 1 &&
			body.sequenceNumber <= 500
			? undefined
			: error(
					'OutOfRange',
					'sequenceNumber',
					'The field sequenceNumber must be between 1 and 500.',
				);
	},
	choiceRule('fieldTypeIdentifier', CUSTOM_FIELD_TYPES, true),
	choiceRule('entryTypeIdentifier', CUSTOM_FIELD_ENTRY_METHODS, false),
	textRule('screenId', 25, false),
	textRule('helpText', 1000, false),
	(body) => textRule('buttonUrl', 1000, body.fieldTypeIdentifier === 'Button')(body),
];

export function postErrors(body: Record<string, unknown>): ValidationError[] {
	return POST_RULES.flatMap((rule) => rule(body) ?? []);
}

/** The errors that depend on the fields already there: a caption or a sequence number taken. */
export function clashErrors(
	field: { podId: number; caption: string; sequenceNumber: number },
	existing: readonly UserDefinedFieldRow[],
	configuration: Pod,
	sequenceNumberClash: SequenceNumberClash,
): ValidationError[] {
	const screenId = podOf(field.podId, configuration).screenId;
	const caption = field.caption.toLowerCase();
	const errors: ValidationError[] = [];
	const captionTaken = existing.some(
		(row) =>
			podOf(row.podId, configuration).screenId === screenId &&
			row.caption.toLowerCase() === caption,
	);
	if (captionTaken) {
		errors.push(
			error('ObjectExists', 'caption', 'The caption field must be unique on its screen.'),
		);
	}
	const sequenceTaken = existing.some(
		(row) => row.podId === field.podId && row.sequenceNumber === field.sequenceNumber,
	);
	if (sequenceTaken && sequenceNumberClash === 'refused') {
		errors.push(
			error(
				'ObjectExists',
				'sequenceNumber',
				`The sequenceNumber ${field.sequenceNumber} is taken on pod ${field.podId}.`,
			),
		);
	}
	return errors;
}

/** What a seed leaves out, filled as an existing tenant would have it. */
export function completeSeed(
	seed: Record<string, unknown>,
	existing: readonly UserDefinedFieldRow[],
	configuration: Pod,
): Record<string, unknown> {
	const podId = isWholeNumber(seed.podId) ? seed.podId : configuration.podId;
	const taken = existing.filter((row) => row.podId === podId).map((row) => row.sequenceNumber);
	return {
		fieldTypeIdentifier: 'Text',
		sequenceNumber: Math.max(0, ...taken) + 1,
		...seed,
		podId,
	};
}

/** A row from a validated body; fields a POST may leave out take ConnectWise's defaults. */
export function userDefinedFieldRow(
	body: Record<string, unknown>,
	identity: { id: number; connectWiseID: string; info: UserDefinedFieldRow['_info'] },
	now: number,
): UserDefinedFieldRow {
	const optionalText = (field: string) =>
		typeof body[field] === 'string' ? { [field]: body[field] as string } : {};
	return {
		id: identity.id,
		podId: body.podId as number,
		caption: body.caption as string,
		sequenceNumber: body.sequenceNumber as number,
		...optionalText('helpText'),
		fieldTypeIdentifier: body.fieldTypeIdentifier as CustomFieldType,
		numberDecimals: isWholeNumber(body.numberDecimals) ? body.numberDecimals : 0,
		entryTypeIdentifier: (body.entryTypeIdentifier as CustomFieldEntryMethod) ?? 'EntryField',
		requiredFlag: body.requiredFlag === true,
		displayOnScreenFlag: body.displayOnScreenFlag !== false,
		readOnlyFlag: body.readOnlyFlag === true,
		listViewFlag: body.listViewFlag === true,
		...optionalText('buttonUrl'),
		...(Array.isArray(body.options) ? { options: body.options as unknown[] } : {}),
		businessUnitIds: [],
		locationIds: [],
		connectWiseID:
			typeof body.connectWiseID === 'string' ? body.connectWiseID : identity.connectWiseID,
		dateCreated: typeof body.dateCreated === 'string' ? body.dateCreated : formatDateTime(now),
		_info: identity.info,
	};
}

/** In the recorded answer's order; `_info` is empty there, and unset optional fields left out. */
export function renderUserDefinedField(
	row: UserDefinedFieldRow,
	configuration: Pod,
): Record<string, unknown> {
	const pod = podOf(row.podId, configuration);
	const rendered: Record<string, unknown> = {
		id: row.id,
		podId: row.podId,
		podDescription: pod.podDescription,
		caption: row.caption,
		sequenceNumber: row.sequenceNumber,
		screenId: pod.screenId,
		screenDescription: pod.screenDescription,
		helpText: row.helpText,
		fieldTypeIdentifier: row.fieldTypeIdentifier,
		numberDecimals: row.numberDecimals,
		entryTypeIdentifier: row.entryTypeIdentifier,
		requiredFlag: row.requiredFlag,
		displayOnScreenFlag: row.displayOnScreenFlag,
		readOnlyFlag: row.readOnlyFlag,
		listViewFlag: row.listViewFlag,
		buttonUrl: row.buttonUrl,
		options: row.options,
		businessUnitIds: [...row.businessUnitIds],
		locationIds: [...row.locationIds],
		connectWiseID: row.connectWiseID,
		displayScreenInASIO: false,
		dateCreated: row.dateCreated,
		_info: {},
	};
	for (const [key, value] of Object.entries(rendered)) {
		if (value === undefined) delete rendered[key];
	}
	return rendered;
}
