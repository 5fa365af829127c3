import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DomotzClientOptions } from '../../lib/domotz/client';
import { isRateReading } from '../../lib/domotz/rate';

export type DomotzRateOptions = Pick<
	DomotzClientOptions,
	'readUsageFirst' | 'rememberedRateReading' | 'onRateReading'
>;

/**
 * The sync actions read the key's usage first and remember, in the workflow's static data, which
 * reading of `concurrent_allowed` the account showed, so that the next run paces from its start.
 * n8n saves static data after trigger and webhook executions, not after manual test runs.
 */
export function rememberedDomotzRate(context: IExecuteFunctions): DomotzRateOptions {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	const remembered: unknown = data.domotzRateReading;
	return {
		readUsageFirst: true,
		rememberedRateReading: isRateReading(remembered) ? remembered : undefined,
		onRateReading: (reading) => {
			data.domotzRateReading = reading;
		},
	};
}
