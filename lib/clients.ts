import type { ConnectWiseClient } from './connectwise/client';
import type { DomotzClient } from './domotz/client';

/** The two API clients an action works with, and what its writes wait for. */
export interface SyncClients {
	domotz: DomotzClient;
	connectwise: ConnectWiseClient;
	/**
	 * What writes planned from these clients' reads wait for; rejected, none of them is sent.
	 * Setup writes (a missing custom field, manufacturer or mirror field) do not wait: they do not
	 * depend on the configurations read.
	 */
	writesAfter?: () => Promise<void>;
}
