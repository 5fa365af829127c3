/**
 * Which of Sync Agent's devices are news to the user: something changed (or would, in a dry run),
 * failed, or needs a look. The rest — linked before, in sync, nothing written — is the bulk of every
 * re-sync, and listing it would bury the few that matter.
 */
import type { SkipReason } from './plan';
import type { DeviceDetail } from './device-detail';

/**
 * Field skips every run repeats and no setting changes: a side without a value keeps the other's, a
 * placeholder key is never written. Over-long values (truncation can be allowed) and unknown
 * manufacturers or sites (they can be created) are left for the user.
 */
const routineSkips: ReadonlySet<SkipReason> = new Set<SkipReason>(['emptySource', 'junkKey']);

/** Whether the device was linked before this run, is in sync, and nothing was written for it. */
export function isUneventful({ settlement, sync }: DeviceDetail): boolean {
	return (
		settlement.status === 'alreadyLinked' &&
		sync?.status === 'unchanged' &&
		sync.writes.length === 0 &&
		sync.plan.skipped.every((skip) => routineSkips.has(skip.reason))
	);
}
