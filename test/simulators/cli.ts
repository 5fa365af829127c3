/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- test-only command-line launcher: prints to the terminal and stops on signals */
import { ConnectWiseSimulator } from './connectwise';
import { DomotzSimulator } from './domotz';

/** `npm run sim [-- --domotz-port N --connectwise-port N]`: both simulators on 127.0.0.1 until Ctrl-C. */
async function main(): Promise<void> {
	const domotzPort = portArgument('--domotz-port', 4101);
	const connectWisePort = portArgument('--connectwise-port', 4102);
	const domotz = new DomotzSimulator();
	const connectwise = new ConnectWiseSimulator();
	await domotz.start(domotzPort);
	await connectwise.start(connectWisePort);

	const { companyId, publicKey, privateKey, clientId } = connectwise.credentials;
	console.log(
		[
			'Simulators are running on 127.0.0.1 (Ctrl-C stops them).',
			'',
			'Domotz API credential in n8n:',
			`  API Endpoint: Other (Enter URL) → ${domotz.apiBaseUrl}`,
			`  API Key:      ${domotz.apiKey}`,
			'',
			'ConnectWise PSA API credential in n8n:',
			`  Site:         On-Premise or Other Host → ${connectwise.baseUrl}`,
			`  Company ID:   ${companyId}`,
			`  Public Key:   ${publicKey}`,
			`  Private Key:  ${privateKey}`,
			`  Client ID:    ${clientId}`,
			'',
			`Admin: ${domotz.baseUrl}/__admin/requests and ${connectwise.baseUrl}/__admin/requests`,
		].join('\n'),
	);

	const stop = async (): Promise<void> => {
		await Promise.all([domotz.close(), connectwise.close()]);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

function portArgument(flag: string, fallback: number): number {
	const index = process.argv.indexOf(flag);
	const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
	if (!Number.isInteger(value) || value < 0 || value > 65535) {
		throw new Error(`${flag} needs a port number`);
	}
	return value;
}

void main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
