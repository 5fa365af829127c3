/**
 * The durable device ↔ configuration link. It lives on the ConnectWise configuration, so that one
 * bulk configuration read returns every link of a company (no request per device), every workflow
 * and queue-mode worker sees the same links, and users can see them in ConnectWise. It is mirrored
 * on the Domotz device in an inventory field for Domotz users. Reading that mirror back would cost
 * a Domotz request per device, so the marker itself says whether its mirror is written: a marker
 * whose mirror is not known to be written is kept in its pending form until a run writes it.
 */

import type { ConfigurationLookup, ConfigurationQuery } from '../connectwise/queries';
import { and, eq, isQueryableText, like } from '../connectwise/conditions';
import type { CwPatchOperation } from '../connectwise/schemas';

export interface DeviceRef {
	agentId: number;
	deviceId: number;
}

/** Where the link marker is kept on the configuration. */
export type LinkStore = { kind: 'customField'; caption: string } | { kind: 'deviceIdentifier' };

/** ConnectWise shows at most 12 characters of a custom field caption. */
export const defaultLinkStore = {
	kind: 'customField',
	caption: 'Domotz Link',
} as const satisfies LinkStore;

/** The longest caption ConnectWise accepts for a user-defined field (model_user_defined_field.go). */
export const LINK_CAPTION_MAX_LENGTH = 25;

/**
 * What keeps a caption from naming the link field, completing "The link field caption …", or
 * nothing: ConnectWise refuses a longer one, and one with `"` or `\` cannot be asked about.
 */
export function linkCaptionProblem(caption: string): string | undefined {
	if (caption.trim() === '') return 'is empty';
	if (caption.length > LINK_CAPTION_MAX_LENGTH) {
		return `"${caption}" has ${caption.length} characters; ConnectWise accepts at most ${LINK_CAPTION_MAX_LENGTH}`;
	}
	if (!isQueryableText(caption)) {
		return `"${caption}" contains a double quote or a backslash, which no ConnectWise query can hold`;
	}
	return undefined;
}

/** Domotz inventory field that mirrors the link on the device. */
export const domotzLinkInventoryField = {
	key: 'connectwise_configuration_id',
	label: 'ConnectWise Configuration ID',
} as const;

/**
 * The collector (agent) itself is documented as a configuration too; Domotz device ids start at
 * 1, so device 0 of an agent names its collector without a second marker format.
 */
export const COLLECTOR_DEVICE_ID = 0;

/** Whether the link's Domotz mirror is known to be written (confirmed) or still to be written. */
export type MirrorState = 'confirmed' | 'pending';

/** A link as the marker holds it. */
export interface MarkedLink {
	device: DeviceRef;
	mirror: MirrorState;
}

const MARKER_PREFIX = 'domotz:';
const PENDING_SUFFIX = ' (mirror pending)';
const markerPattern = /^domotz:(\d+)\/(\d+)(\s*\(mirror pending\))?$/i;

export function formatMarker(device: DeviceRef, mirror: MirrorState = 'confirmed'): string {
	const marker = `${MARKER_PREFIX}${device.agentId}/${device.deviceId}`;
	return mirror === 'pending' ? `${marker}${PENDING_SUFFIX}` : marker;
}

export interface CustomFieldValue {
	id: number;
	caption?: string | null;
	value?: unknown;
	[key: string]: unknown;
}

export interface LinkCarrier {
	deviceIdentifier?: string | null;
	customFields?: CustomFieldValue[] | null;
}

/** What a configuration says about its link: none, a device, or a value written by someone else. */
export type StoredLink =
	| { kind: 'none' }
	| ({ kind: 'device' } & MarkedLink)
	| { kind: 'foreign'; value: string };

export function parseMarker(raw: unknown): StoredLink {
	if (typeof raw !== 'string' || raw.trim() === '') return { kind: 'none' };
	const found = markerPattern.exec(raw.trim());
	if (!found) return { kind: 'foreign', value: raw };
	return {
		kind: 'device',
		device: { agentId: Number(found[1]), deviceId: Number(found[2]) },
		mirror: found[3] ? 'pending' : 'confirmed',
	};
}

export function readStoredLink(configuration: LinkCarrier, store: LinkStore): StoredLink {
	if (store.kind === 'deviceIdentifier') return parseMarker(configuration.deviceIdentifier);
	const field = findLinkField(configuration, store.caption);
	return parseMarker(field?.value);
}

export function findLinkField(
	configuration: LinkCarrier,
	caption: string,
): CustomFieldValue | undefined {
	const wanted = caption.trim().toLowerCase();
	return (configuration.customFields ?? []).find(
		(field) => (field.caption ?? '').trim().toLowerCase() === wanted,
	);
}

export type LinkWritePlan =
	| { kind: 'patch'; operations: CwPatchOperation[] }
	| { kind: 'unavailable'; reason: string };

/**
 * The PATCH that sets (a link) or clears (null) the marker. ConnectWise replaces the custom field
 * array as a whole, so the array is sent back complete with only the link field changed.
 */
export function planLinkWrite(
	configuration: LinkCarrier,
	store: LinkStore,
	link: MarkedLink | null,
	linkFieldId?: number,
): LinkWritePlan {
	const value = link ? formatMarker(link.device, link.mirror) : null;
	if (store.kind === 'deviceIdentifier') {
		const current = parseMarker(configuration.deviceIdentifier);
		if (current.kind === 'foreign') {
			return {
				kind: 'unavailable',
				reason: `Device Identifier already holds "${current.value}", written by another tool; it is never overwritten`,
			};
		}
		return {
			kind: 'patch',
			operations: [{ op: 'replace', path: 'deviceIdentifier', value: value ?? '' }],
		};
	}
	const field = findLinkField(configuration, store.caption);
	const current = parseMarker(field?.value);
	if (current.kind === 'foreign') {
		return {
			kind: 'unavailable',
			reason: `the custom field "${store.caption}" already holds "${current.value}", which is not a Domotz link; it is never overwritten`,
		};
	}
	const fieldId = field?.id ?? linkFieldId;
	if (fieldId === undefined) {
		return {
			kind: 'unavailable',
			reason: `the configuration has no custom field "${store.caption}"`,
		};
	}
	const existing = configuration.customFields ?? [];
	const customFields = field
		? existing.map((candidate) => (candidate.id === field.id ? { ...candidate, value } : candidate))
		: [...existing, { id: fieldId, value }];
	return {
		kind: 'patch',
		operations: [{ op: 'replace', path: 'customFields', value: customFields }],
	};
}

/** The fields to include in a create body so that the link is written with the configuration. */
export function linkFieldsForCreate(
	store: LinkStore,
	device: DeviceRef,
	linkFieldId: number | undefined,
	mirror: MirrorState = 'confirmed',
): Record<string, unknown> {
	const marker = formatMarker(device, mirror);
	if (store.kind === 'deviceIdentifier') return { deviceIdentifier: marker };
	if (linkFieldId === undefined) return {};
	return { customFields: [{ id: linkFieldId, value: marker }] };
}

/** Configurations whose marker starts with `prefix`, in the documented query forms only. */
function markerPrefixQuery(store: LinkStore, prefix: string): ConfigurationQuery {
	const pattern = `${prefix}*`;
	if (store.kind === 'deviceIdentifier') return { conditions: like('deviceIdentifier', pattern) };
	return { customFieldConditions: and(eq('caption', store.caption), like('value', pattern)) };
}

/**
 * The query for the configurations carrying the marker of `device`, in either form: one pattern
 * (`domotz:A/D*`) that also matches the markers of longer device ids (`domotz:A/D5`).
 */
export function markerQuery(store: LinkStore, device: DeviceRef): ConfigurationQuery {
	return markerPrefixQuery(store, formatMarker(device));
}

/** {@link markerQuery}, its answer kept only where the marker names the device itself. */
export function markerLookup(store: LinkStore, device: DeviceRef): ConfigurationLookup {
	return {
		query: markerQuery(store, device),
		keep: (configuration) => {
			const stored = readStoredLink(configuration, store);
			return (
				stored.kind === 'device' &&
				stored.device.agentId === device.agentId &&
				stored.device.deviceId === device.deviceId
			);
		},
	};
}

/** Every configuration whose marker looks like a Domotz link, of any agent, in any company. */
export function everyMarkerQuery(store: LinkStore): ConfigurationQuery {
	return markerPrefixQuery(store, MARKER_PREFIX);
}

/**
 * The query that finds every configuration linked to a device of the agent, in any company; the
 * pattern covers both forms of the marker.
 */
export function agentMarkerQuery(store: LinkStore, agentId: number): ConfigurationQuery {
	return markerPrefixQuery(store, `${MARKER_PREFIX}${agentId}/`);
}
