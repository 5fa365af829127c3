import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { SyncFieldKey } from '../../../../lib/fields/sync-fields';
import { runSyncFields, type SyncRunItem } from '../../../../lib/sync/sync-run';
import { createConnectWiseClient, createDomotzClient } from '../../../shared/clients';
import { toNodeError } from '../../../shared/errors';
import {
	deviceReferenceProperties,
	dryRunProperty,
	linkStorageOptions,
	syncModeProperties,
	syncPolicyOptions,
} from '../common.descriptions';
import { readLastSuccessfulSync, recordSuccessfulSync } from '../../helpers/last-sync';
import { readDeviceRefs, readLinkSettings, toOutputItems } from '../../helpers/requests';
import { readSyncPolicy } from '../../helpers/settings';
import { describeSync } from '../../helpers/sync-output';

const properties: INodeProperties[] = [
	...deviceReferenceProperties,
	...syncModeProperties,
	dryRunProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...syncPolicyOptions,
			...linkStorageOptions,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['syncFields'] } },
	properties,
);

const LAST_SYNC_KEY = 'syncFields';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const requests = readDeviceRefs(this);
	const settings = readLinkSettings(this);
	const options = this.getNodeParameter('options', 0, {}) as {
		allowBlanking?: boolean;
		truncate?: SyncFieldKey[];
		createManufacturers?: boolean;
	};
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const startedAt = new Date().toISOString();
	const results = await runSyncFields(
		{ domotz: await createDomotzClient(this), connectwise: await createConnectWiseClient(this) },
		requests.valid,
		{
			policy: readSyncPolicy(this, options),
			linkStore: settings.linkStore,
			mirrorInDomotz: settings.mirrorInDomotz,
			dryRun,
			createMissingManufacturers: options.createManufacturers ?? false,
		},
	).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	const devices = toOutputItems(
		this,
		requests.invalid,
		results.map((result) =>
			result.outcome.status === 'failed'
				? { itemIndex: result.itemIndex, error: result.outcome.error }
				: { itemIndex: result.itemIndex, json: describeSync(result) },
		),
	);
	const counts = countOutcomes(results, requests.invalid.length);
	if (!dryRun && counts.failed === 0) recordSuccessfulSync(this, LAST_SYNC_KEY, startedAt);
	const summary: IDataObject = {
		dryRun,
		...counts,
		lastSuccessfulSync: readLastSuccessfulSync(this, LAST_SYNC_KEY),
	};
	return [
		devices,
		[
			{
				json: summary,
				pairedItem: this.getInputData().map((_item, itemIndex) => ({ item: itemIndex })),
			},
		],
	];
}

function countOutcomes(results: readonly SyncRunItem[], invalid: number) {
	const counts = {
		devices: results.length + invalid,
		updated: 0,
		unchanged: 0,
		planned: 0,
		notLinked: 0,
		duplicate: 0,
		failed: invalid,
	};
	for (const { outcome } of results) {
		if (outcome.status === 'partlyFailed' || outcome.status === 'failed') counts.failed += 1;
		else counts[outcome.status] += 1;
	}
	return counts;
}
