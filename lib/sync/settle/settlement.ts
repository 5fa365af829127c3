import type { CwConfiguration, CwConfigurationInput } from '../../connectwise/schemas';
import type { SyncFieldKey } from '../../fields/sync-fields';
import type { LinkSaveOutcome } from '../../links/writes';
import type { MatchKey } from '../../match';
import type { CompanySummary } from '../company-link';
import type { FieldSkip } from '../plan';
import type { DeviceItemResult } from './devices';
import type { MatchedItem } from './match-devices';

/** How a device was settled: linked, created, left for the user, or why not. */
export type Settlement =
	| {
			status: 'created';
			configuration: CwConfiguration;
			/** The create answer was lost and the configuration was found by its link marker. */
			recovered: boolean;
			filled: SyncFieldKey[];
			truncated: Array<{ field: SyncFieldKey; originalLength: number; limit: number }>;
			skippedFields: FieldSkip[];
			link: LinkSaveOutcome;
	  }
	| {
			status: 'wouldCreate';
			body: CwConfigurationInput;
			filled: SyncFieldKey[];
			truncated: Array<{ field: SyncFieldKey; originalLength: number; limit: number }>;
			skippedFields: FieldSkip[];
	  }
	| { status: 'alreadyLinked'; configurationId: number; configurationName: string }
	| {
			status: 'wouldLink';
			configurationId: number;
			configurationName: string;
			matchedBy: MatchKey;
	  }
	| { status: 'unmatched' }
	| {
			status: 'linkedExisting';
			configurationId: number;
			configurationName: string;
			matchedBy: MatchKey;
			link: LinkSaveOutcome;
	  }
	| { status: 'skipped'; reason: string; matchStatus?: string }
	| { status: 'failed'; error: unknown };

export interface SettledItem extends DeviceItemResult<Settlement> {
	company?: CompanySummary;
}

export function resultOf(item: MatchedItem, outcome: Settlement): SettledItem {
	return {
		itemIndex: item.itemIndex,
		agentId: item.agentId,
		deviceId: item.device.id,
		device: item.device,
		company: item.company,
		outcome,
	};
}

export function alreadyLinked(configuration: CwConfiguration): Settlement {
	return {
		status: 'alreadyLinked',
		configurationId: configuration.id,
		configurationName: configuration.name ?? `Configuration ${configuration.id}`,
	};
}
