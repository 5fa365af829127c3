import type { IDataObject } from 'n8n-workflow';

import { deviceName } from '../../../../lib/devices/name';
import { toJson, toJsonList } from '../../../shared/output';
import type { SettledItem } from '../../../../lib/sync/settle/settlement';

export function describeCreate(result: SettledItem): IDataObject {
	const { outcome } = result;
	const json: IDataObject = {
		agentId: result.agentId,
		deviceId: result.deviceId,
		deviceName: result.device ? deviceName(result.device) : null,
		companyId: result.company?.id ?? null,
		companyName: result.company?.name ?? null,
		status: outcome.status,
	};
	switch (outcome.status) {
		case 'created':
			return {
				...json,
				configurationId: outcome.configuration.id,
				configurationName: outcome.configuration.name ?? null,
				recovered: outcome.recovered,
				filledFields: outcome.filled,
				shortened: toJsonList(outcome.truncated),
				skippedFields: toJsonList(outcome.skippedFields),
				link: toJson(outcome.link),
			};
		case 'wouldCreate':
			return {
				...json,
				configuration: toJson(outcome.body),
				filledFields: outcome.filled,
				shortened: toJsonList(outcome.truncated),
				skippedFields: toJsonList(outcome.skippedFields),
			};
		case 'wouldLink':
			return {
				...json,
				configurationId: outcome.configurationId,
				configurationName: outcome.configurationName,
				matchedBy: outcome.matchedBy,
			};
		case 'unmatched':
			return json;
		case 'alreadyLinked':
			return {
				...json,
				configurationId: outcome.configurationId,
				configurationName: outcome.configurationName,
			};
		case 'linkedExisting':
			return {
				...json,
				configurationId: outcome.configurationId,
				configurationName: outcome.configurationName,
				matchedBy: outcome.matchedBy,
				link: toJson(outcome.link),
			};
		case 'skipped':
			return {
				...json,
				reason: outcome.reason,
				...(outcome.matchStatus ? { matchStatus: outcome.matchStatus } : {}),
			};
		case 'failed':
			return json;
	}
}
