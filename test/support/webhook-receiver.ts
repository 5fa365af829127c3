/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only: a loopback HTTP server that receives the simulators' webhooks */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server';

export interface ReceivedWebhook {
	method: string;
	/** Path and query, as sent. */
	url: string;
	headers: IncomingHttpHeaders;
	body: unknown;
}

export interface WebhookReply {
	status: number;
	body?: unknown;
}

/**
 * A loopback server that keeps every request it receives and answers each as `reply` says
 * (201, Domotz's "Expected Reply", by default).
 */
export class WebhookReceiver {
	readonly received: ReceivedWebhook[] = [];
	private server: Server | undefined;
	private port = 0;

	constructor(
		private reply: (request: ReceivedWebhook) => WebhookReply | Promise<WebhookReply> = () => ({
			status: 201,
		}),
	) {}

	/** `http://127.0.0.1:PORT` followed by `path`. */
	url(path = '/'): string {
		return `http://127.0.0.1:${this.port}${path}`;
	}

	answerWith(reply: (request: ReceivedWebhook) => WebhookReply | Promise<WebhookReply>): void {
		this.reply = reply;
	}

	async start(): Promise<void> {
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				const request: ReceivedWebhook = {
					method: req.method ?? 'GET',
					url: req.url ?? '/',
					headers: req.headers,
					body: text === '' ? undefined : (JSON.parse(text) as unknown),
				};
				this.received.push(request);
				void Promise.resolve(this.reply(request)).then(({ status, body }) => {
					res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
					res.end(body === undefined ? '' : JSON.stringify(body));
				});
			});
		});
		this.port = await listenOnLoopback(server);
		this.server = server;
	}

	async close(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		await closeServer(server);
	}
}
