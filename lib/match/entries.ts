/**
 * The entry each device gets in a matching result, from its link or its search, and the
 * summaries the result lists configurations with.
 */
import type { DeviceRef } from '../links/marker';
import type { LinkOutcome } from './links';
import {
	agentWithoutCompanyNote,
	ambiguousKeyNote,
	duplicateDeviceNote,
	inactiveConfigurationNote,
	noUsableKeysNote,
	otherCompanyNote,
} from './notes';
import { deviceRef, listLimit, type PreparedConfiguration, type PreparedDevice } from './prepare';
import {
	contestFor,
	keyCandidate,
	noNotes,
	withheldNotes,
	type Context,
	type Search,
	type SingleFind,
} from './search';
import type { ConfigurationSummary, DeviceMatch, DeviceSummary, MatchNote } from './types';

function deviceSummary({ agentId, deviceId, name }: PreparedDevice): DeviceSummary {
	return name === undefined ? { agentId, deviceId } : { agentId, deviceId, name };
}

function competingRefs(competitors: readonly number[], context: Context): DeviceRef[] {
	return competitors
		.slice(0, listLimit)
		.map((position) => deviceRef(context.devicesByPosition[position]));
}

/** The entry of a device listed again after `firstPosition`: only the first is matched. */
export function duplicateEntry(device: PreparedDevice, firstPosition: number): DeviceMatch {
	return {
		status: 'duplicate',
		device: deviceSummary(device),
		notes: [duplicateDeviceNote(device, firstPosition)],
	};
}

/** The entry of an unlinked device whose agent has no company, in company scope. */
export function unresolvedCompanyEntry(
	device: PreparedDevice,
	linkNotes: readonly MatchNote[],
): DeviceMatch {
	return {
		status: 'unresolvedCompany',
		device: deviceSummary(device),
		notes: [...linkNotes, agentWithoutCompanyNote(device)],
	};
}

/** The entry of a device whose search found no configuration or several of them. */
export function undecidedEntry(
	device: PreparedDevice,
	search: Exclude<Search, { kind: 'single' }>,
	earlierNotes: readonly MatchNote[],
	context: Context,
): DeviceMatch {
	const summary = deviceSummary(device);
	if (search.kind === 'none') {
		const keyless = context.settings.keys.every((key) => device.keyValues[key].length === 0);
		return {
			status: 'unmatched',
			device: summary,
			notes: [
				...earlierNotes,
				...search.notes,
				...(keyless ? [noUsableKeysNote(context.settings.keys)] : noNotes),
				...withheldNotes(device, context),
			],
		};
	}
	return {
		status: 'ambiguous',
		device: summary,
		ambiguity: search.reason,
		matchedBy: search.key,
		candidates: search.candidates,
		moreCandidates: search.moreCandidates,
		competingDevices: [],
		notes: [...earlierNotes, ...search.notes, ambiguousKeyNote(search.key, search.reason)],
	};
}

/** The entry of a device whose search found one configuration, once every search has run. */
export function singleEntry(
	device: PreparedDevice,
	find: SingleFind,
	notes: readonly MatchNote[],
	context: Context,
): DeviceMatch {
	const summary = deviceSummary(device);
	const contest = contestFor(device, find, context);
	if (contest) {
		return {
			status: 'ambiguous',
			device: summary,
			ambiguity: contest.reason,
			matchedBy: find.key,
			candidates: [keyCandidate(find.entry, find.key, find.value)],
			moreCandidates: false,
			competingDevices: competingRefs(contest.competitors, context),
			notes: [...notes, ambiguousKeyNote(find.key, contest.reason)],
		};
	}
	const configuration = find.entry;
	const { companyId } = device;
	const paired = [...notes];
	if (!configuration.active) paired.push(inactiveConfigurationNote(configuration));
	if (companyId !== undefined && companyId !== configuration.companyId) {
		paired.push(otherCompanyNote(configuration, companyId));
	}
	return {
		status: 'matched',
		device: summary,
		configurationId: configuration.id,
		configurationName: configuration.name,
		matchedBy: find.key,
		matchedValue: find.value,
		notes: paired,
	};
}

export function linkEntry(
	device: PreparedDevice,
	outcome: Exclude<LinkOutcome, { kind: 'none' }>,
): DeviceMatch {
	const summary = deviceSummary(device);
	if (outcome.kind === 'conflict') {
		return {
			status: 'conflict',
			device: summary,
			conflict: outcome.reason,
			candidates: outcome.candidates,
			competingDevices: outcome.competingDevices,
			notes: outcome.notes,
		};
	}
	return {
		status: 'linked',
		device: summary,
		configurationId: outcome.configuration.id,
		configurationName: outcome.configuration.name,
		matchedBy: 'link',
		linkedVia: outcome.via,
		notes: outcome.notes,
	};
}

export function configurationSummary(configuration: PreparedConfiguration): ConfigurationSummary {
	return {
		configurationId: configuration.id,
		name: configuration.name,
		companyId: configuration.companyId,
		active: configuration.active,
	};
}
