/**
 * Turns whatever the port rejected with into a failure category. Only the category survives:
 * n8n and axios errors carry the request (and so the credential headers), so the error object
 * itself is never kept, logged or wrapped.
 */

import type { NetworkFailure } from './errors';

const failureByCode: Record<string, NetworkFailure> = {
	ETIMEDOUT: 'timeout',
	ESOCKETTIMEDOUT: 'timeout',
	// axios reports its own timeout as an aborted connection.
	ECONNABORTED: 'timeout',
	UND_ERR_CONNECT_TIMEOUT: 'timeout',
	UND_ERR_HEADERS_TIMEOUT: 'timeout',
	UND_ERR_BODY_TIMEOUT: 'timeout',
	ECONNRESET: 'connectionReset',
	EPIPE: 'connectionReset',
	UND_ERR_SOCKET: 'connectionReset',
	ECONNREFUSED: 'connectionRefused',
	ENOTFOUND: 'hostNotFound',
	EAI_AGAIN: 'hostNotFound',
};

const failureByName: Record<string, NetworkFailure> = {
	TimeoutError: 'timeout',
};

/** How deep to follow `cause` links: n8n wraps axios, which wraps the socket error. */
const maxCauseDepth = 5;

function property(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)[key]
		: undefined;
}

function ownFailure(error: unknown): NetworkFailure | undefined {
	const code = property(error, 'code');
	if (typeof code === 'string' && failureByCode[code.toUpperCase()])
		return failureByCode[code.toUpperCase()];
	const name = property(error, 'name');
	if (typeof name === 'string' && failureByName[name]) return failureByName[name];
	return undefined;
}

export function classifyTransportFailure(error: unknown): NetworkFailure {
	let current: unknown = error;
	for (let depth = 0; depth < maxCauseDepth && current !== undefined; depth += 1) {
		const failure = ownFailure(current);
		if (failure) return failure;
		current = property(current, 'cause');
	}
	return 'unknown';
}
