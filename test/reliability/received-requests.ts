/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only: reads the request line every loopback server of the test received */
/**
 * The URLs (path and query string, as sent on the wire) that the simulators received, read from
 * Node's `http.server.request.start` diagnostics channel: what the server saw after n8n and the
 * clients encoded the query, without touching the simulators.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';

const CHANNEL = 'http.server.request.start';

export class ReceivedRequests {
	private readonly urls: URL[] = [];

	private readonly listener = (message: unknown): void => {
		const { request, server } = message as { request: IncomingMessage; server: Server };
		const address = server.address();
		if (typeof address !== 'object' || address === null) return;
		this.urls.push(new URL(request.url ?? '/', `http://127.0.0.1:${address.port}`));
	};

	start(): void {
		subscribe(CHANNEL, this.listener);
	}

	stop(): void {
		unsubscribe(CHANNEL, this.listener);
	}

	clear(): void {
		this.urls.length = 0;
	}

	/** Every URL received by the server on `baseUrl` since the last clear. */
	receivedBy(baseUrl: string): URL[] {
		const { port } = new URL(baseUrl);
		return this.urls.filter((url) => url.port === port);
	}
}
