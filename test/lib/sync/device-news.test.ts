import { isUneventful } from '../../../lib/sync/device-news';
import type { FieldSyncPlan, SkipReason } from '../../../lib/sync/plan';
import type { DeviceDetail } from '../../../lib/sync/device-detail';
import type { SyncOutcome, WriteReport } from '../../../lib/sync/pairs';

const configuration = { id: 801, name: 'Core switch', companyId: 50 };
const alreadyLinked = {
	status: 'alreadyLinked',
	configurationId: 801,
	configurationName: 'Core switch',
} as const;

function plan(skipped: SkipReason[] = []): FieldSyncPlan {
	return {
		changes: [],
		skipped: skipped.map((reason) => ({
			field: 'serialNumber',
			direction: 'domotzToConnectWise',
			reason,
			message: reason,
		})),
		unchanged: ['name'],
		connectWisePatch: [],
		domotzEdits: [],
	};
}

function synced(
	status: 'unchanged' | 'updated' | 'planned' | 'partlyFailed',
	extra: { skipped?: SkipReason[]; writes?: WriteReport[] } = {},
): SyncOutcome {
	return { status, configuration, plan: plan(extra.skipped), writes: extra.writes ?? [] };
}

const detail = (settlement: DeviceDetail['settlement'], sync?: SyncOutcome): DeviceDetail => ({
	deviceId: 1,
	deviceName: 'Core switch',
	settlement,
	...(sync ? { sync } : {}),
});

const mirrorRepair: WriteReport = {
	target: 'Domotz',
	what: 'ConnectWise Configuration ID',
	status: 'done',
};

describe('isUneventful', () => {
	it.each<[string, DeviceDetail]>([
		['linked before and in sync', detail(alreadyLinked, synced('unchanged'))],
		[
			'in sync, a side without a value kept',
			detail(alreadyLinked, synced('unchanged', { skipped: ['emptySource'] })),
		],
		[
			'in sync, a placeholder serial never written',
			detail(alreadyLinked, synced('unchanged', { skipped: ['junkKey', 'emptySource'] })),
		],
	])('%s: uneventful', (_case, device) => {
		expect(isUneventful(device)).toBe(true);
	});

	it.each<[string, DeviceDetail]>([
		['fields updated', detail(alreadyLinked, synced('updated'))],
		['fields planned in a dry run', detail(alreadyLinked, synced('planned'))],
		['a write failed', detail(alreadyLinked, synced('partlyFailed'))],
		[
			'only its mirror repaired',
			detail(alreadyLinked, synced('unchanged', { writes: [mirrorRepair] })),
		],
		[
			'a value too long to send',
			detail(alreadyLinked, synced('unchanged', { skipped: ['tooLong'] })),
		],
		[
			'a manufacturer ConnectWise lacks',
			detail(alreadyLinked, synced('unchanged', { skipped: ['emptySource', 'unknownManufacturer'] })),
		],
		[
			'a site the company lacks',
			detail(alreadyLinked, synced('unchanged', { skipped: ['unknownSite'] })),
		],
		['its sync failed', detail(alreadyLinked, { status: 'failed', error: new Error('timeout') })],
		['linked but not synced', detail(alreadyLinked)],
		[
			'newly linked',
			detail(
				{
					status: 'linkedExisting',
					configurationId: 801,
					configurationName: 'Core switch',
					matchedBy: 'serial',
					link: { status: 'saved', mirroredInDomotz: false },
				},
				synced('unchanged'),
			),
		],
		[
			'would be linked in a dry run',
			detail(
				{
					status: 'wouldLink',
					configurationId: 801,
					configurationName: 'Core switch',
					matchedBy: 'mac',
				},
				synced('planned'),
			),
		],
		['matching nothing', detail({ status: 'unmatched' })],
		[
			'ambiguous',
			detail({ status: 'skipped', reason: 'two configurations match', matchStatus: 'ambiguous' }),
		],
		['failed to settle', detail({ status: 'failed', error: new Error('refused') })],
	])('%s: output', (_case, device) => {
		expect(isUneventful(device)).toBe(false);
	});
});
