import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { defaultLinkStore, type LinkStore } from '../../../lib/links/marker';
import type { MatchScope } from '../../../lib/match/types';
import type { AgentCompanyLink, CompanyLink } from '../../../lib/sync/company-link';
import type { DeviceRequest, MatchedItem, MatchRunReport } from '../../../lib/sync/match-run';
import { toNodeError, type NodeError } from '../../shared/errors';
import { errorItem } from '../../shared/items';
import { parseNumericId, readNumericId, readOptionalNumericId } from '../../shared/parameters';

export interface ItemRequests<Request> {
	valid: Request[];
	/** Items whose parameters could not be read, already turned into n8n errors. */
	invalid: Array<{ itemIndex: number; error: NodeError }>;
}

export type DeviceRequests = ItemRequests<DeviceRequest>;

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
export function readDeviceRequests(context: IExecuteFunctions): DeviceRequests {
	return readItemRequests(context, (itemIndex) => ({
		itemIndex,
		agentId: readNumericId(context, 'agentId', itemIndex, 'Agent ID'),
		deviceId: readNumericId(context, 'deviceId', itemIndex, 'Device ID'),
		companyLink: readCompanyLink(context, itemIndex),
	}));
}

function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: read() };
	} catch (error) {
		return { ok: false, error };
	}
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
	if (kind === 'mapping') {
		const rows =
			(context.getNodeParameter('agentLinks.links', itemIndex, []) as IDataObject[]) ?? [];
		const links: AgentCompanyLink[] = rows.map((row, rowIndex) => {
			const agentId = parseNumericId((row.agent as IDataObject | undefined)?.value ?? row.agent);
			const companyId = parseNumericId(
				(row.company as IDataObject | undefined)?.value ?? row.company,
			);
			const siteId =
				row.siteId === '' || row.siteId === undefined ? undefined : parseNumericId(row.siteId);
			if (
				agentId === undefined ||
				companyId === undefined ||
				(row.siteId && siteId === undefined)
			) {
				throw new NodeOperationError(
					context.getNode(),
					`Item ${itemIndex}: row ${rowIndex + 1} of "Agent Links" needs a numeric agent, company and (optional) site ID`,
					{ itemIndex },
				);
			}
			return { agentId, companyId, siteId };
		});
		return { kind, links };
	}
	return { kind };
}

export interface LinkSettings {
	onlyActive: boolean;
	scope: MatchScope;
	linkStore: LinkStore;
	mirrorInDomotz: boolean;
}

export function readLinkSettings(context: IExecuteFunctions): LinkSettings {
	const options = context.getNodeParameter('options', 0, {}) as {
		onlyActive?: boolean;
		scope?: MatchScope;
		linkStorage?: LinkStore['kind'];
		linkFieldCaption?: string;
		mirrorInDomotz?: boolean;
	};
	const caption = options.linkFieldCaption?.trim() || defaultLinkStore.caption;
	return {
		onlyActive: options.onlyActive ?? true,
		scope: options.scope ?? 'company',
		linkStore:
			options.linkStorage === 'deviceIdentifier'
				? { kind: 'deviceIdentifier' }
				: { kind: 'customField', caption },
		mirrorInDomotz: options.mirrorInDomotz ?? true,
	};
}

export type ItemResult =
	| { itemIndex: number; json: IDataObject }
	| { itemIndex: number; error: unknown };

/**
 * One output of results paired to their items. Without "continue on fail" the first failing item
 * (in input order) fails the run, naming that item.
 */
export function toOutputItems(
	context: IExecuteFunctions,
	invalid: DeviceRequests['invalid'],
	results: readonly ItemResult[],
): INodeExecutionData[] {
	const entries = [
		...invalid.map(({ itemIndex, error }) => ({ itemIndex, error: error as unknown })),
		...results,
	].sort((a, b) => a.itemIndex - b.itemIndex);
	const output: INodeExecutionData[] = [];
	for (const entry of entries) {
		if ('json' in entry) {
			output.push({ json: entry.json, pairedItem: { item: entry.itemIndex } });
			continue;
		}
		const error = toNodeError(context.getNode(), entry.error, entry.itemIndex);
		if (!context.continueOnFail()) throw error;
		output.push(errorItem(error, entry.itemIndex));
	}
	return output;
}

/** Devices on the first output (one per input item, paired), unmatched configurations on the second. */
export function toItemResults(
	context: IExecuteFunctions,
	requests: DeviceRequests,
	report: MatchRunReport,
): INodeExecutionData[][] {
	const failures = [
		...requests.invalid,
		...report.items.flatMap((item) =>
			item.kind === 'failed'
				? [
						{
							itemIndex: item.itemIndex,
							error: toNodeError(context.getNode(), item.error, item.itemIndex),
						},
					]
				: [],
		),
	];
	if (failures.length > 0 && !context.continueOnFail()) {
		throw failures.sort((a, b) => a.itemIndex - b.itemIndex)[0].error;
	}
	const devices: INodeExecutionData[] = [
		...report.items.flatMap((item) =>
			item.kind === 'result'
				? [{ json: describeMatch(item), pairedItem: { item: item.itemIndex } }]
				: [],
		),
		...failures.map(({ itemIndex, error }) => errorItem(error, itemIndex)),
	].sort((a, b) => pairedIndex(a) - pairedIndex(b));
	// Configurations of one company share one pairing array instead of a copy each.
	const pairings = new Map<number[], IPairedItemData[]>();
	const pairingOf = (itemIndexes: number[]) => {
		let pairing = pairings.get(itemIndexes);
		if (!pairing) {
			pairing = itemIndexes.map((item) => ({ item }));
			pairings.set(itemIndexes, pairing);
		}
		return pairing;
	};
	const unmatched: INodeExecutionData[] = report.unmatchedConfigurations.map((configuration) => ({
		json: {
			configurationId: configuration.configurationId,
			configurationName: configuration.name,
			companyId: configuration.companyId,
			companyName: configuration.companyName ?? null,
			active: configuration.active,
			reason: configuration.reason,
			...(configuration.linkedDevice ? { linkedDevice: configuration.linkedDevice } : {}),
		},
		pairedItem: pairingOf(configuration.itemIndexes),
	}));
	return [devices, unmatched];
}

function describeMatch(item: MatchedItem): IDataObject {
	const { match } = item;
	const json: IDataObject = {
		agentId: item.agentId,
		deviceId: item.device.id,
		deviceName: item.device.user_data?.name || item.device.display_name,
		status: match.status,
		companyId: item.company?.id ?? null,
		companyName: item.company?.name ?? null,
		siteId: item.siteId ?? null,
		configurationId: null,
		configurationName: null,
		matchedBy: null,
	};
	if (item.companyProblem) json.companyProblem = item.companyProblem;
	if (match.status === 'linked' || match.status === 'matched') {
		json.configurationId = match.configurationId;
		json.configurationName = match.configurationName;
		json.matchedBy = match.matchedBy;
	}
	if (match.status === 'matched') json.matchedValue = match.matchedValue;
	if (match.status === 'ambiguous') {
		json.matchedBy = match.matchedBy ?? null;
		json.ambiguity = match.ambiguity;
	}
	if (match.status === 'conflict') json.conflict = match.conflict;
	if ('candidates' in match && match.candidates)
		json.candidates = match.candidates as unknown as IDataObject[];
	if ('competingDevices' in match && match.competingDevices) {
		json.competingDevices = match.competingDevices as unknown as IDataObject[];
	}
	if (item.linkSave) json.link = item.linkSave as unknown as IDataObject;
	json.notes = match.notes.map((note) => note.message);
	return json;
}

function pairedIndex(item: INodeExecutionData): number {
	return (item.pairedItem as IPairedItemData).item;
}
