import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	resolveDirections,
	syncFields,
	type FieldDirection,
	type SyncFieldKey,
	type SyncMode,
} from '../../../lib/fields/sync-fields';
import {
	defaultLinkStore,
	LINK_CAPTION_MAX_LENGTH,
	linkCaptionProblem,
	type LinkStore,
} from '../../../lib/links/marker';
import type { AgentCompanyLink, CompanyLink } from '../../../lib/sync/company-link';
import type { SyncPolicy } from '../../../lib/sync/plan';
import { toNodeError, type NodeError } from '../../shared/errors';
import { parseNumericId, readNumericId, readOptionalNumericId } from '../../shared/parameters';
import type { TypeMapping } from '../../../lib/sync/options';
import type { DeviceRequest } from '../../../lib/sync/settle/devices';

export interface ItemRequests<Request> {
	valid: Request[];
	/** Items whose parameters could not be read, already turned into n8n errors. */
	invalid: InvalidItem[];
}

export interface InvalidItem {
	itemIndex: number;
	error: NodeError;
}

/** Reads one request per item; an item whose parameters are unreadable becomes an error of its own. */
export function readItemRequests<Request>(
	context: IExecuteFunctions,
	read: (itemIndex: number) => Request,
): ItemRequests<Request> {
	const requests: ItemRequests<Request> = { valid: [], invalid: [] };
	const itemCount = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const outcome = attempt(() => read(itemIndex));
		if (outcome.ok) requests.valid.push(outcome.value);
		else
			requests.invalid.push({
				itemIndex,
				error: toNodeError(context.getNode(), outcome.error, itemIndex),
			});
	}
	return requests;
}

function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: read() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** Which device each item stands for. */
export function readDeviceRefs(
	context: IExecuteFunctions,
): ItemRequests<{ itemIndex: number; agentId: number; deviceId: number }> {
	return readItemRequests(context, (itemIndex) => ({
		itemIndex,
		agentId: readNumericId(context, 'agentId', itemIndex, 'Agent ID'),
		deviceId: readNumericId(context, 'deviceId', itemIndex, 'Device ID'),
	}));
}

/** Reads, per item, which device it stands for and how its agent finds a company. */
export function readDeviceRequests(context: IExecuteFunctions): ItemRequests<DeviceRequest> {
	return readItemRequests(context, (itemIndex) => ({
		itemIndex,
		agentId: readNumericId(context, 'agentId', itemIndex, 'Agent ID'),
		deviceId: readNumericId(context, 'deviceId', itemIndex, 'Device ID'),
		companyLink: readCompanyLink(context, itemIndex),
	}));
}

export function readCompanyLink(context: IExecuteFunctions, itemIndex: number): CompanyLink {
	const kind = context.getNodeParameter('companyLink', itemIndex) as CompanyLink['kind'];
	if (kind === 'company') {
		return {
			kind,
			companyId: readNumericId(context, 'company', itemIndex, 'Company'),
			siteId: readOptionalNumericId(context, 'site', itemIndex, 'Site'),
		};
	}
	if (kind === 'mapping') return { kind, links: readAgentLinks(context, itemIndex) };
	const siteName = (context.getNodeParameter('siteName', itemIndex, '') as string).trim();
	return siteName === '' ? { kind } : { kind, siteName };
}

/** A resource locator's value, or the bare value a row saved before the site picker held. */
const locatorValue = (value: unknown): unknown =>
	typeof value === 'object' && value !== null ? (value as IDataObject).value : value;

/** The rows of "Agent Links"; a row without numeric IDs fails the item, naming the row. */
function readAgentLinks(context: IExecuteFunctions, itemIndex: number): AgentCompanyLink[] {
	const rows = (context.getNodeParameter('agentLinks.links', itemIndex, []) as IDataObject[]) ?? [];
	return rows.map((row, rowIndex) => {
		const agentId = parseNumericId(locatorValue(row.agent));
		const companyId = parseNumericId(locatorValue(row.company));
		const site = locatorValue(row.siteId);
		const siteId = site === '' || site === undefined ? undefined : parseNumericId(site);
		if (agentId === undefined || companyId === undefined || (site && siteId === undefined)) {
			throw new NodeOperationError(
				context.getNode(),
				`Item ${itemIndex}: row ${rowIndex + 1} of "Agent Links" needs a numeric agent, company and (optional) site ID`,
				{ itemIndex },
			);
		}
		return { agentId, companyId, siteId };
	});
}

/** Where links are kept: the Link Storage options every operation that reads or writes links has. */
export interface LinkOptions {
	linkStore: LinkStore;
	mirrorInDomotz: boolean;
}

export function readLinkOptions(context: IExecuteFunctions): LinkOptions {
	const options = context.getNodeParameter('options', 0, {}) as {
		linkStorage?: LinkStore['kind'];
		linkFieldCaption?: string;
		mirrorInDomotz?: boolean;
	};
	const caption = options.linkFieldCaption?.trim() || defaultLinkStore.caption;
	const captionProblem =
		options.linkStorage === 'deviceIdentifier' ? undefined : linkCaptionProblem(caption);
	if (captionProblem) {
		throw new NodeOperationError(
			context.getNode(),
			`The option "Link Field Caption" is not usable: ${captionProblem}`,
			{
				description: `Choose a caption of at most ${LINK_CAPTION_MAX_LENGTH} characters, without " or \\.`,
			},
		);
	}
	return {
		linkStore:
			options.linkStorage === 'deviceIdentifier'
				? { kind: 'deviceIdentifier' }
				: { kind: 'customField', caption },
		mirrorInDomotz: options.mirrorInDomotz ?? true,
	};
}

/** The options of new configurations that live in the operation's Options collection. */
export interface CreateFieldOptions {
	exclude?: SyncFieldKey[];
	truncate?: SyncFieldKey[];
}

export interface CreateSettings {
	typeMap: TypeMapping[];
	defaultTypeId?: number;
	statusId?: number;
	truncate: Set<SyncFieldKey>;
	exclude: Set<SyncFieldKey>;
}

/** The type map, default type and status of new configurations, and what to cut or leave out. */
export function readCreateSettings(
	context: IExecuteFunctions,
	options: CreateFieldOptions,
): CreateSettings {
	const rows = context.getNodeParameter('typeMap.mappings', 0, []) as IDataObject[];
	const typeMap = rows.map((row, rowIndex) => {
		const domotzTypeId = parseNumericId(row.domotzType);
		const configurationTypeId = parseNumericId(row.configurationType);
		if (domotzTypeId === undefined || configurationTypeId === undefined) {
			throw new NodeOperationError(
				context.getNode(),
				`Row ${rowIndex + 1} of "Type Map" needs a Domotz device type and a configuration type`,
			);
		}
		return { domotzTypeId, configurationTypeId };
	});
	return {
		typeMap,
		defaultTypeId: parseNumericId(context.getNodeParameter('defaultType', 0, '')),
		statusId: parseNumericId(context.getNodeParameter('status', 0, '')),
		truncate: new Set(options.truncate ?? []),
		exclude: new Set(options.exclude ?? []),
	};
}

export interface PolicyOptions {
	allowBlanking?: boolean;
	truncate?: SyncFieldKey[];
}

/** The mode and, in Custom mode, the direction of each field, checked against the field table. */
export function readSyncPolicy(context: IExecuteFunctions, options: PolicyOptions): SyncPolicy {
	const mode = context.getNodeParameter('syncMode', 0, 'domotzToConnectWise') as SyncMode;
	const custom: Partial<Record<SyncFieldKey, FieldDirection>> = {};
	if (mode === 'custom') {
		for (const field of syncFields) {
			custom[field.key] = context.getNodeParameter(
				`direction_${field.key}`,
				0,
				field.defaultDirection,
			) as FieldDirection;
		}
	}
	return {
		directions: resolveOrFail(context, mode, custom),
		allowBlanking: options.allowBlanking ?? false,
		truncate: new Set(options.truncate ?? []),
	};
}

function resolveOrFail(
	context: IExecuteFunctions,
	mode: SyncMode,
	custom: Partial<Record<SyncFieldKey, FieldDirection>>,
): Record<SyncFieldKey, FieldDirection> {
	try {
		return resolveDirections(mode, custom);
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

/** The chosen agents of Sync Agent; an entry that is not a numeric ID fails the run, naming it. */
export function readAgentIds(context: IExecuteFunctions): number[] {
	const raw = context.getNodeParameter('agents', 0, []) as unknown[];
	return raw.map((value, index) => {
		const id = parseNumericId(value);
		if (id === undefined) {
			throw new NodeOperationError(
				context.getNode(),
				`Agent ${index + 1} of "Agents" is not a numeric agent ID: "${String(value)}"`,
			);
		}
		return id;
	});
}
