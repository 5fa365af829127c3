import type { IDataObject } from 'n8n-workflow';

import { deviceName } from '../../../../lib/devices/name';
import { toJson } from '../../../shared/output';
import type { LinkRunItem } from '../../../../lib/sync/link';
import type { UnlinkRunItem } from '../../../../lib/sync/unlink';

/** A refused link fails its item, naming the device and why. */
export function describeLink(result: LinkRunItem): IDataObject | Error {
	const { outcome } = result;
	if (outcome.status === 'refused') {
		return new Error(
			`Item ${result.itemIndex}: Domotz device ${result.deviceId} was not linked: ${outcome.reason}`,
		);
	}
	const base: IDataObject = {
		agentId: result.agentId,
		deviceId: result.deviceId,
		deviceName: result.device ? deviceName(result.device) : null,
		status: outcome.status,
	};
	if (outcome.status === 'linked') {
		return {
			...base,
			configurationId: outcome.configuration.id,
			configurationName: outcome.configuration.name ?? null,
			companyId: outcome.configuration.company?.id ?? null,
			replacedConfigurationIds: outcome.replaced,
			...(outcome.movedFrom ? { movedFrom: toJson(outcome.movedFrom) } : {}),
			link: toJson(outcome.link),
			...(outcome.problems.length > 0 ? { problems: outcome.problems } : {}),
		};
	}
	if (outcome.status === 'alreadyLinked') {
		return {
			...base,
			configurationId: outcome.configuration.id,
			configurationName: outcome.configuration.name ?? null,
			companyId: outcome.configuration.company?.id ?? null,
		};
	}
	return base;
}

export function describeUnlink(result: UnlinkRunItem): IDataObject {
	const { outcome } = result;
	const base: IDataObject = {
		agentId: result.agentId,
		deviceId: result.deviceId ?? null,
		status: outcome.status,
	};
	if (outcome.status !== 'unlinked') return base;
	return {
		...base,
		configurationIds: outcome.configurations.map((configuration) => configuration.id),
		configurationNames: outcome.configurations.map((configuration) => configuration.name),
		mirrorCleared: outcome.mirrorCleared,
		...(outcome.problems.length > 0 ? { problems: outcome.problems } : {}),
	};
}
