import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { decodeBody, type HttpPort, type HttpResponse } from '../../lib/http/port';
import type { ApiTranscript, TranscriptSource } from '../../lib/http/transcript';

export type CredentialTypeName = 'domotzApi' | 'connectWisePsaApi';

/** Every n8n context that may call an API: executions, pickers, webhook activation and webhooks. */
export type RequestContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

/**
 * lib/'s HTTP port on top of n8n's `httpRequestWithAuthentication`: n8n adds the credential's
 * headers, lib sees every status (n8n is told not to throw on them) and decides what to retry.
 */
export function n8nHttpPort(context: RequestContext, credentialType: CredentialTypeName): HttpPort {
	return async (request) => {
		const hasBody = request.body !== undefined;
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: request.query,
			// Serialised here because n8n would send a bare string unquoted and drop a JSON null.
			body: hasBody ? JSON.stringify(request.body) : undefined,
			headers: {
				...(hasBody ? { 'Content-Type': 'application/json' } : {}),
				...request.headers,
			},
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs,
		};
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType,
			options,
		)) as { statusCode: number; headers?: Record<string, unknown>; body?: unknown };
		return toHttpResponse(response);
	};
}

/** The port as it is, or writing each request to the run's API transcript. */
export function recordedPort(
	port: HttpPort,
	transcript: ApiTranscript | undefined,
	source: TranscriptSource,
): HttpPort {
	return transcript ? transcript.record(port, source) : port;
}

function toHttpResponse(response: {
	statusCode: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}): HttpResponse {
	const headers: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(response.headers ?? {})) {
		headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value?.toString();
	}
	return {
		status: response.statusCode,
		headers,
		body: decodeBody(response.body),
	};
}
