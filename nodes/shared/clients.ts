import { sleep, type IExecuteFunctions, type ILoadOptionsFunctions } from 'n8n-workflow';

import type { SyncClients } from '../../lib/clients';
import { ConnectWiseClient } from '../../lib/connectwise/client';
import { DomotzClient } from '../../lib/domotz/client';
import { n8nHttpPort } from './transport';

type ClientContext = IExecuteFunctions | ILoadOptionsFunctions;

export async function createDomotzClient(context: ClientContext): Promise<DomotzClient> {
	const credentials = await context.getCredentials<{
		endpoint: string;
		customEndpoint?: string;
		apiKey: string;
	}>('domotzApi');
	const baseUrl =
		credentials.endpoint === 'custom' ? (credentials.customEndpoint ?? '') : credentials.endpoint;
	return new DomotzClient({
		http: n8nHttpPort(context, 'domotzApi'),
		sleep,
		baseUrl,
		secrets: [credentials.apiKey],
	});
}

export async function createConnectWiseClient(context: ClientContext): Promise<ConnectWiseClient> {
	const credentials = await context.getCredentials<{
		site: string;
		customSite?: string;
		companyId: string;
		apiVersion?: string;
		publicKey: string;
		privateKey: string;
		clientId: string;
	}>('connectWisePsaApi');
	const site = credentials.site === 'custom' ? (credentials.customSite ?? '') : credentials.site;
	const { companyId, publicKey, privateKey, clientId } = credentials;
	return new ConnectWiseClient({
		http: n8nHttpPort(context, 'connectWisePsaApi'),
		sleep,
		site,
		companyId,
		apiVersion: credentials.apiVersion || undefined,
		// The Basic user:password pair too: its Base64 form is the Authorization value, which
		// contains neither key as such.
		secrets: [publicKey, privateKey, clientId, `${companyId}+${publicKey}:${privateKey}`],
	});
}

/** Both clients, for the sync node's operations. */
export async function createSyncClients(context: IExecuteFunctions): Promise<SyncClients> {
	return {
		domotz: await createDomotzClient(context),
		connectwise: await createConnectWiseClient(context),
	};
}
