import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import { deviceName } from '../../../../lib/devices/name';
import { toNodeError } from '../../../shared/errors';
import { errorItem } from '../../../shared/items';
import type { InvalidItem } from '../parameters';
import type { MatchedItem } from '../../../../lib/sync/settle/match-devices';
import type { MatchReport, UnmatchedConfiguration } from '../../../../lib/sync/match';

/** Devices on the first output (one per input item, paired), unmatched configurations on the second. */
export function toMatchOutputs(
	context: IExecuteFunctions,
	invalid: readonly InvalidItem[],
	report: MatchReport,
): INodeExecutionData[][] {
	const failures = [
		...invalid,
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
	return [devices, describeUnmatched(report.unmatchedConfigurations)];
}

function describeUnmatched(
	configurations: readonly UnmatchedConfiguration[],
): INodeExecutionData[] {
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
	return configurations.map((configuration) => ({
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
}

function describeMatch(item: MatchedItem): IDataObject {
	const { match } = item;
	const json: IDataObject = {
		agentId: item.agentId,
		deviceId: item.device.id,
		deviceName: deviceName(item.device),
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
