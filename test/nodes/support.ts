/** Both simulators on loopback and the harness wired to them, shared by the node tests. */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Domotz } from '../../nodes/Domotz/Domotz.node';
import { DomotzConnectWiseSync } from '../../nodes/DomotzConnectWiseSync/DomotzConnectWiseSync.node';
import { runWorkflow, type HarnessNode, type WorkflowRunResult } from '../harness/n8n-runner';
import { ConnectWiseSimulator, type ConnectWiseSeed } from '../simulators/connectwise';
import { DomotzSimulator, type DomotzSeed } from '../simulators/domotz';

export const nodeTypes = { domotz: new Domotz(), sync: new DomotzConnectWiseSync() };

export class SimulatedTenant {
	readonly domotz = new DomotzSimulator();
	readonly connectwise = new ConnectWiseSimulator();

	async start(): Promise<void> {
		await Promise.all([this.domotz.start(), this.connectwise.start()]);
	}

	async close(): Promise<void> {
		await Promise.all([this.domotz.close(), this.connectwise.close()]);
	}

	/** Fresh data on both sides and zero request counts. */
	load(domotz: DomotzSeed, connectwise: ConnectWiseSeed): void {
		this.domotz.load(domotz);
		this.connectwise.load(connectwise);
		this.domotz.http.resetCounts();
		this.connectwise.http.resetCounts();
	}

	credentials() {
		const connectwise = this.connectwise.credentials;
		return {
			domotzApi: {
				apiKey: this.domotz.apiKey,
				endpoint: 'custom',
				customEndpoint: this.domotz.apiBaseUrl,
			},
			connectWisePsaApi: {
				site: 'custom',
				customSite: this.connectwise.baseUrl,
				companyId: connectwise.companyId,
				publicKey: connectwise.publicKey,
				privateKey: connectwise.privateKey,
				clientId: connectwise.clientId,
				apiVersion: '2025.1',
			},
		};
	}

	/** Runs one node on the given input items. */
	async run(
		type: 'domotz' | 'sync',
		parameters: INodeParameters,
		input: IDataObject[],
		onError?: HarnessNode['onError'],
	): Promise<WorkflowRunResult> {
		return await runWorkflow({
			nodes: [
				{
					name: 'Node',
					type,
					parameters,
					credentials: ['domotzApi', 'connectWisePsaApi'],
					onError,
				},
			],
			nodeTypes,
			credentials: this.credentials(),
			input: input.map((json) => ({ json })),
		});
	}
}

export const byId = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** The input item each output item is paired to. */
export const pairedItemsOf = (items: INodeExecutionData[]) =>
	items.map((item) => (item.pairedItem as { item: number } | undefined)?.item);
