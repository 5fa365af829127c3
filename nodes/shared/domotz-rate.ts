import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DomotzClientOptions } from '../../lib/domotz/client';
import { isRateReading } from '../../lib/domotz/rate';

export type DomotzRateOptions = Pick<
	DomotzClientOptions,
	| 'readUsageFirst'
	| 'rememberedRateReading'
	| 'onRateReading'
	| 'rememberedConcurrentAllowed'
	| 'onConcurrentAllowed'
>;

/**
 * The sync actions read the key's usage and remember, in the workflow's static data, its
 * `concurrent_allowed` and which reading of it the account showed, so that the next run caps and
 * paces from its start and reads the usage again only before it writes to Domotz (the daily
 * quota). n8n saves static data after trigger and webhook executions, not after manual test runs.
 */
export function rememberedDomotzRate(context: IExecuteFunctions): DomotzRateOptions {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	const remembered: unknown = data.domotzRateReading;
	const allowed: unknown = data.domotzConcurrentAllowed;
	return {
		readUsageFirst: true,
		rememberedRateReading: isRateReading(remembered) ? remembered : undefined,
		onRateReading: (reading) => {
			data.domotzRateReading = reading;
		},
		rememberedConcurrentAllowed: typeof allowed === 'number' ? allowed : undefined,
		onConcurrentAllowed: (concurrentAllowed) => {
			data.domotzConcurrentAllowed = concurrentAllowed;
		},
	};
}
