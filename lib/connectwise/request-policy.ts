/** How the ConnectWise PSA client sends its requests: retries, requests in flight, timeout. */
import type { RetryPolicy } from '../http/retry';

/** CW's guidance: back off on 5xx and timeouts; after a 429, wait as long as `Retry-After` says. */
export const connectWiseRetryPolicy: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	retryStatuses: [429, 500, 502, 503, 504],
	retryNetworkFailures: ['timeout', 'connectionReset', 'connectionRefused'],
};

/**
 * ConnectWise limits requests per minute (about 1000), not requests in flight, and publishes no
 * limit on parallel requests. A re-sync is a burst far below the minute's budget (a sweep's pages,
 * then a few hundred PATCHes at most): with 32 at once it takes a few round trips instead of
 * dozens. A long run reaches the budget: after its first 429 the client sends at most
 * `connectWiseMaxInFlightWhenThrottled` at once, since more would only collect more 429s.
 */
export const connectWiseMaxInFlight = 32;

export const connectWiseMaxInFlightWhenThrottled = 8;

/** Pages of 1000 configurations with their custom fields take CW a while to assemble. */
export const connectWiseTimeoutMs = 60_000;
