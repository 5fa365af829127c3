import type { SyncOutcome } from './pairs';
import type { Settlement } from './settle/settlement';

/** What Sync Agent reports of one device: how it was settled and, when synced, its changes. */
export interface DeviceDetail {
	deviceId: number;
	deviceName: string;
	settlement: Settlement;
	sync?: SyncOutcome;
}
