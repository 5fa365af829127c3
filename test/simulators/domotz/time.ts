/** Milliseconds since the epoch; injected so rate-limit tests move time instead of waiting. */
export type Clock = () => number;

/** Formats like most Domotz responses: second precision with a `+00:00` offset. */
export function formatTimestamp(milliseconds: number): string {
	return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Reads any of the three forms Domotz sends; a naive time is UTC, never local time. */
export function parseTimestamp(timestamp: string): number {
	const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(timestamp);
	return Date.parse(hasOffset ? timestamp : `${timestamp}Z`);
}
