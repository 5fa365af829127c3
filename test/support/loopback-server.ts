/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only: the loopback servers the tests listen on */
import type { Server } from 'node:http';

/** Listens on a free loopback port; answers the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	return typeof address === 'object' && address ? address.port : 0;
}

export async function closeServer(server: Server | undefined): Promise<void> {
	if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}
