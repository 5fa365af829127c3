/**
 * The pure planners of a sync: from both sides' values, the user's policy and the lookups the run
 * read beforehand, what changes on which side, what is left alone and why. No I/O here: the runs
 * read, these decide, the applier writes.
 */

import type {
	CwConfiguration,
	CwConfigurationInput,
	CwPatchOperation,
} from '../connectwise/schemas';
import { lookupKey } from '../connectwise/names';
import { fitsField, type DomotzEditableField } from '../domotz/field-values';
import {
	byField,
	syncFields,
	type ConnectWiseTarget,
	type DomotzValues,
	type FieldDirection,
	type SyncDirection,
	type SyncFieldDefinition,
	type SyncFieldKey,
	type ValueForm,
} from '../fields/sync-fields';
import { SetupError } from '../http/errors';
import {
	macRejectionExplanations,
	normaliseIp,
	normaliseMac,
	normaliseSerial,
	serialJunkExplanations,
} from '../match';

export interface NamedRecord {
	id: number;
	name: string;
}

export interface SyncLookups {
	/** Manufacturers by `lookupKey(name)`. */
	manufacturers: ReadonlyMap<string, NamedRecord>;
	/** The configuration's company sites by `lookupKey(name)`. */
	sites: ReadonlyMap<string, NamedRecord>;
}

export interface SyncPolicy {
	directions: Record<SyncFieldKey, FieldDirection>;
	/** An empty source may blank a filled target (never for required fields, never with junk keys). */
	allowBlanking: boolean;
	/** Fields whose too-long values may be shortened (never match keys). */
	truncate: ReadonlySet<SyncFieldKey>;
}

export interface Truncation {
	originalLength: number;
	limit: number;
}

export interface FieldChange {
	field: SyncFieldKey;
	direction: SyncDirection;
	from: string | null;
	to: string | null;
	truncated?: Truncation;
}

export type SkipReason =
	| 'emptySource'
	| 'junkKey'
	| 'tooLong'
	| 'unknownManufacturer'
	| 'unknownSite';

export interface FieldSkip {
	field: SyncFieldKey;
	direction: SyncDirection;
	reason: SkipReason;
	message: string;
}

export interface DomotzEdit {
	field: DomotzEditableField;
	value: string | null;
}

export interface FieldSyncPlan {
	/** In table order. */
	changes: FieldChange[];
	skipped: FieldSkip[];
	/** Fields with a direction whose two sides already agree. */
	unchanged: SyncFieldKey[];
	/** One `replace` per changed ConnectWise field; references as `{id}`. */
	connectWisePatch: CwPatchOperation[];
	/** `details/serial` is cleared with null, every other text field with ''. */
	domotzEdits: DomotzEdit[];
}

/** A configuration's values for every field, trimmed text or null, references by name. */
export type ConnectWiseValues = Record<SyncFieldKey, string | null>;

function collapseSpaces(text: string): string {
	return text.trim().replace(/\s+/g, ' ');
}

function clean(text: string | null | undefined): string | null {
	const trimmed = text?.trim();
	return trimmed ? trimmed : null;
}

interface FormRules {
	/** Equal comparison forms: nothing to write. */
	compare(text: string): string;
	/** The form written to the other side. */
	write(text: string): string;
	/** Why a match key's value is junk, when it is. */
	junk?(text: string): string | undefined;
}

function canonicalSerial(text: string): string {
	const reading = normaliseSerial(text);
	return reading.kind === 'usable' ? reading.value : collapseSpaces(text).toUpperCase();
}

function canonicalMac(text: string): string {
	const reading = normaliseMac(text);
	return reading.kind === 'usable' ? reading.value : text;
}

function canonicalIp(text: string): string {
	const reading = normaliseIp(text);
	return reading.kind === 'usable' ? reading.value : text;
}

const unchangedText = (text: string) => text;

/** Every value reaching these rules is already trimmed and non-empty. */
const formRules: Record<ValueForm, FormRules> = {
	text: { compare: collapseSpaces, write: unchangedText },
	serial: {
		compare: canonicalSerial,
		write: unchangedText,
		junk: (text) => {
			const reading = normaliseSerial(text);
			return reading.kind === 'junk' ? serialJunkExplanations[reading.reason] : undefined;
		},
	},
	mac: {
		compare: canonicalMac,
		write: canonicalMac,
		junk: (text) => {
			const reading = normaliseMac(text);
			return reading.kind === 'rejected' ? macRejectionExplanations[reading.reason] : undefined;
		},
	},
	ip: { compare: canonicalIp, write: canonicalIp },
	caseInsensitive: { compare: lookupKey, write: unchangedText },
	// ConnectWise stores every line break as a space (DG, Escaping Characters): a line break and a
	// space must compare equal, or each sync would rewrite the notes the last one wrote.
	multiline: { compare: collapseSpaces, write: (text) => text.replace(/\r\n?/g, '\n') },
};

type ReferenceKind = Exclude<ConnectWiseTarget['connectWiseKind'], 'text'>;

const referenceRules: Record<
	ReferenceKind,
	{
		lookup: (lookups: SyncLookups) => ReadonlyMap<string, NamedRecord>;
		reason: SkipReason;
		unknown: (name: string) => string;
	}
> = {
	manufacturer: {
		lookup: (lookups) => lookups.manufacturers,
		reason: 'unknownManufacturer',
		unknown: (name) => `manufacturer "${name}" does not exist in ConnectWise`,
	},
	site: {
		lookup: (lookups) => lookups.sites,
		reason: 'unknownSite',
		unknown: (name) =>
			`"${name}" is not a site of the configuration's company (sites are never created)`,
	},
};

const sideNames: Record<SyncDirection, { source: string; target: string }> = {
	domotzToConnectWise: { source: 'Domotz', target: 'ConnectWise' },
	connectWiseToDomotz: { source: 'ConnectWise', target: 'Domotz' },
};

type FieldOutcome =
	| { kind: 'unchanged' }
	| { kind: 'skip'; reason: SkipReason; message: string }
	| { kind: 'change'; to: string | null; reference?: { id: number }; truncated?: Truncation };

type Fitted =
	| { kind: 'fits'; value: string; truncated?: Truncation }
	| { kind: 'tooLong'; message: string };

/** The first `limit` UTF-16 units, never half a surrogate pair, without trailing spaces. */
function shorten(text: string, limit: number): string {
	return text
		.slice(0, limit)
		.replace(/[\uD800-\uDBFF]$/, '')
		.trimEnd();
}

function fitToLimit(
	field: SyncFieldDefinition,
	value: string,
	truncate: ReadonlySet<SyncFieldKey>,
): Fitted {
	const limit = field.maxLength;
	if (limit === undefined || value.length <= limit) return { kind: 'fits', value };
	if (truncate.has(field.key) && !field.matchKey) {
		return {
			kind: 'fits',
			value: shorten(value, limit),
			truncated: { originalLength: value.length, limit },
		};
	}
	const remedy = field.matchKey
		? 'match keys are never shortened'
		: `allow truncation of ${field.label} to shorten it`;
	return {
		kind: 'tooLong',
		message: `${field.label} is ${value.length} characters, ConnectWise allows ${limit}; ${remedy}`,
	};
}

function describeEmptySource(field: SyncFieldDefinition, direction: SyncDirection): string {
	const sides = sideNames[direction];
	const remedy = field.required ? `${field.label} is required` : 'allow blanking to clear it';
	return `${sides.source} has no ${field.label}; the ${sides.target} value is kept (${remedy})`;
}

/**
 * One field in one direction. Checks run in the order that protects data best: an empty source
 * never blanks by default, junk keys are never written, over-long values are not sent, equal values
 * cost nothing, and a reference that cannot be resolved is reported rather than guessed.
 */
function planField(
	field: SyncFieldDefinition,
	direction: SyncDirection,
	source: string | null,
	target: string | null,
	policy: Pick<SyncPolicy, 'allowBlanking' | 'truncate'>,
	lookups: SyncLookups,
): FieldOutcome {
	if (source === null) {
		if (target === null) return { kind: 'unchanged' };
		if (policy.allowBlanking && !field.required) return { kind: 'change', to: null };
		return { kind: 'skip', reason: 'emptySource', message: describeEmptySource(field, direction) };
	}
	const rules = formRules[field.valueForm];
	const junk = field.matchKey ? rules.junk?.(source) : undefined;
	if (junk !== undefined) {
		return {
			kind: 'skip',
			reason: 'junkKey',
			message: `${field.label} "${source}" in ${sideNames[direction].source} is ${junk}; it is never written`,
		};
	}
	const written = rules.write(source);
	const fitted: Fitted =
		direction === 'domotzToConnectWise'
			? fitToLimit(field, written, policy.truncate)
			: { kind: 'fits', value: written };
	if (fitted.kind === 'tooLong')
		return { kind: 'skip', reason: 'tooLong', message: fitted.message };
	const truncation = fitted.truncated ? { truncated: fitted.truncated } : {};
	// What the last sync wrote comes back as it was: equal without normalising both sides.
	if (
		target !== null &&
		(fitted.value === target || rules.compare(fitted.value) === rules.compare(target))
	) {
		return { kind: 'unchanged' };
	}
	if (direction === 'connectWiseToDomotz' || field.connectWiseKind === 'text') {
		return { kind: 'change', to: fitted.value, ...truncation };
	}
	const reference = referenceRules[field.connectWiseKind];
	const found = reference.lookup(lookups).get(lookupKey(fitted.value));
	if (!found) return { kind: 'skip', reason: reference.reason, message: reference.unknown(source) };
	return { kind: 'change', to: found.name, reference: { id: found.id }, ...truncation };
}

function connectWiseText(configuration: CwConfiguration, target: ConnectWiseTarget) {
	return target.connectWiseKind === 'text'
		? configuration[target.connectWiseField]
		: configuration[target.connectWiseField]?.name;
}

export function readConnectWiseValues(configuration: CwConfiguration): ConnectWiseValues {
	return byField((field) => clean(connectWiseText(configuration, field)));
}

function domotzFieldOf(field: SyncFieldDefinition): DomotzEditableField {
	if (field.domotzWritable) return field.domotzWritable;
	throw new SetupError(
		`${field.label} cannot sync ConnectWise → Domotz: the Domotz API cannot write it`,
	);
}

function connectWiseValue(
	field: SyncFieldDefinition,
	change: Extract<FieldOutcome, { kind: 'change' }>,
): unknown {
	if (change.reference) return change.reference;
	if (change.to !== null) return change.to;
	return field.connectWiseKind === 'text' ? '' : null;
}

export function planFieldSync(
	domotz: DomotzValues,
	configuration: CwConfiguration,
	policy: SyncPolicy,
	lookups: SyncLookups,
): FieldSyncPlan {
	const connectWise = readConnectWiseValues(configuration);
	const plan: FieldSyncPlan = {
		changes: [],
		skipped: [],
		unchanged: [],
		connectWisePatch: [],
		domotzEdits: [],
	};
	for (const field of syncFields) {
		const direction = policy.directions[field.key];
		if (direction === 'skip') continue;
		const towardsConnectWise = direction === 'domotzToConnectWise';
		const domotzValue = clean(domotz[field.key]);
		const source = towardsConnectWise ? domotzValue : connectWise[field.key];
		const target = towardsConnectWise ? connectWise[field.key] : domotzValue;
		const outcome = planField(field, direction, source, target, policy, lookups);
		if (outcome.kind === 'unchanged') {
			plan.unchanged.push(field.key);
			continue;
		}
		if (outcome.kind === 'skip') {
			plan.skipped.push({
				field: field.key,
				direction,
				reason: outcome.reason,
				message: outcome.message,
			});
			continue;
		}
		plan.changes.push({
			field: field.key,
			direction,
			from: target,
			to: outcome.to,
			...(outcome.truncated ? { truncated: outcome.truncated } : {}),
		});
		if (towardsConnectWise) {
			plan.connectWisePatch.push({
				op: 'replace',
				path: field.connectWiseField,
				value: connectWiseValue(field, outcome),
			});
		} else {
			const domotzField = domotzFieldOf(field);
			const blank = fitsField(domotzField, null) ? null : '';
			plan.domotzEdits.push({ field: domotzField, value: outcome.to ?? blank });
		}
	}
	return plan;
}

export interface CreateContext {
	companyId: number;
	siteId?: number;
	typeId: number;
	statusId?: number;
	/** Used when the Domotz name is empty. */
	fallbackName: string;
	lookups: SyncLookups;
	truncate: ReadonlySet<SyncFieldKey>;
	/** Fields the user chose not to fill on create. */
	exclude?: ReadonlySet<SyncFieldKey>;
	/** Extra body fields, e.g. the link marker from linkFieldsForCreate (lib/links/marker.ts). */
	linkFields: Record<string, unknown>;
}

export type CreatePlan =
	| {
			kind: 'create';
			body: CwConfigurationInput;
			filled: SyncFieldKey[];
			truncated: Array<{ field: SyncFieldKey } & Truncation>;
			skipped: FieldSkip[];
	  }
	| { kind: 'refused'; reason: string };

/**
 * A new configuration from a Domotz record: every field with a usable value, Domotz →
 * ConnectWise. A required field (the name) without an acceptable value refuses the whole create.
 */
export function planConfigurationCreate(domotz: DomotzValues, context: CreateContext): CreatePlan {
	const exclude = context.exclude ?? new Set<SyncFieldKey>();
	const policy = { allowBlanking: false, truncate: context.truncate };
	const fields: Partial<CwConfigurationInput> = {};
	const filled: SyncFieldKey[] = [];
	const truncated: Array<{ field: SyncFieldKey } & Truncation> = [];
	const skipped: FieldSkip[] = [];
	for (const field of syncFields) {
		const fromDomotz = exclude.has(field.key) ? null : clean(domotz[field.key]);
		const source = fromDomotz ?? (field.required ? clean(context.fallbackName) : null);
		const outcome = planField(field, 'domotzToConnectWise', source, null, policy, context.lookups);
		if (outcome.kind === 'skip') {
			if (field.required) return { kind: 'refused', reason: outcome.message };
			skipped.push({
				field: field.key,
				direction: 'domotzToConnectWise',
				reason: outcome.reason,
				message: outcome.message,
			});
			continue;
		}
		if (outcome.kind !== 'change' || outcome.to === null) continue;
		if (field.connectWiseKind === 'text') fields[field.connectWiseField] = outcome.to;
		else if (outcome.reference) fields[field.connectWiseField] = outcome.reference;
		if (fromDomotz !== null) filled.push(field.key);
		if (outcome.truncated) truncated.push({ field: field.key, ...outcome.truncated });
	}
	const { name, site, ...filledFields } = fields;
	if (!name) {
		return { kind: 'refused', reason: 'the device has no name and no fallback name was given' };
	}
	const chosenSite = site ?? (context.siteId === undefined ? undefined : { id: context.siteId });
	const body: CwConfigurationInput = {
		name,
		type: { id: context.typeId },
		company: { id: context.companyId },
		...(context.statusId === undefined ? {} : { status: { id: context.statusId } }),
		...(chosenSite ? { site: chosenSite } : {}),
		...filledFields,
		activeFlag: true,
		...context.linkFields,
	};
	return { kind: 'create', body, filled, truncated, skipped };
}
