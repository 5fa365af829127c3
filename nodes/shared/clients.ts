import { sleep, type IExecuteFunctions } from 'n8n-workflow';

import type { SyncClients } from '../../lib/clients';
import { ConnectWiseClient } from '../../lib/connectwise/client';
import { DomotzClient } from '../../lib/domotz/client';
import type { ApiTranscript } from '../../lib/http/transcript';
import { rememberedCodebase, type CodebaseOptions } from './connectwise-codebase';
import { rememberedDomotzRate, type DomotzRateOptions } from './domotz-rate';
import { n8nHttpPort, recordedPort, type RequestContext } from './transport';

type ClientContext = RequestContext;

/** With a transcript, every request the client makes is written to it. */
export async function createDomotzClient(
	context: ClientContext,
	transcript?: ApiTranscript,
	rate: DomotzRateOptions = {},
): Promise<DomotzClient> {
	const credentials = await context.getCredentials<{ apiKey: string }>('domotzApi');
	const secrets = [credentials.apiKey];
	return new DomotzClient({
		http: recordedPort(n8nHttpPort(context, 'domotzApi'), transcript, { api: 'Domotz', secrets }),
		sleep,
		baseUrl: await readDomotzEndpoint(context),
		secrets,
		...rate,
	});
}

/** With `remember`, the codebase kept for the credential's tenant, named by site and company ID. */
export async function createConnectWiseClient(
	context: ClientContext,
	transcript?: ApiTranscript,
	remember?: (tenant: string) => CodebaseOptions,
): Promise<ConnectWiseClient> {
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
	// The Basic user:password pair too, whose Base64 form is the Authorization value (it contains
	// neither key as such), and that value itself, so that its own encoded forms go as well.
	const basicPair = `${companyId}+${publicKey}:${privateKey}`;
	const authorization = Buffer.from(basicPair).toString('base64');
	const secrets = [publicKey, privateKey, clientId, basicPair, authorization];
	return new ConnectWiseClient({
		http: recordedPort(n8nHttpPort(context, 'connectWisePsaApi'), transcript, {
			api: 'ConnectWise',
			secrets,
		}),
		sleep,
		site,
		companyId,
		apiVersion: credentials.apiVersion || undefined,
		secrets,
		...remember?.(connectWiseTenant(site, companyId)),
	});
}

/** Both clients, for the sync node's operations. */
export async function createSyncClients(
	context: IExecuteFunctions,
	transcript?: ApiTranscript,
): Promise<SyncClients> {
	return {
		domotz: await createDomotzClient(context, transcript, rememberedDomotzRate(context)),
		connectwise: await createConnectWiseClient(context, transcript, (tenant) =>
			rememberedCodebase(context, tenant),
		),
	};
}

/** What names a ConnectWise tenant in what a workflow keeps between runs. */
function connectWiseTenant(site: string, companyId: string): string {
	return `${site.trim().toLowerCase()}|${companyId.trim()}`;
}

/** The Domotz endpoint the credential points at: a listed region, or the URL the user entered. */
export async function readDomotzEndpoint(context: ClientContext): Promise<string> {
	const credentials = await context.getCredentials<{ endpoint: string; customEndpoint?: string }>(
		'domotzApi',
	);
	return credentials.endpoint === 'custom'
		? (credentials.customEndpoint ?? '')
		: credentials.endpoint;
}
