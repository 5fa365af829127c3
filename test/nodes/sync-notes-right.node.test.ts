/**
 * A create refused because the creation lease's company note could not be written: the error
 * names the security role right that is missing, not only ConnectWise's 403.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../harness/n8n-runner';
import { SECURITY_ROLES } from '../simulators/connectwise';
import { configurationTypeId } from './bulk-fixtures';
import { AGENTS, COMPANIES, DEVICES, connectWiseTenant, domotzTenant } from './fixtures';
import { SimulatedTenant, byId, nodeTypes } from './support';

const tenant = new SimulatedTenant();
const LIMITED_KEYS = { publicKey: 'no-notes-public', privateKey: 'no-notes-private' };

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});
beforeEach(() => {
	tenant.load(domotzTenant(), {
		...connectWiseTenant({ linkField: true }),
		members: [
			{
				identifier: 'NoNotes',
				...LIMITED_KEYS,
				// Domotz's own integration role: configurations and table setup, no company notes.
				securityRole: SECURITY_ROLES.domotzIntegration,
			},
		],
	});
});

/** Runs the sync node as the API member whose role lacks Companies › Notes. */
async function runWithoutNotesRight(parameters: INodeParameters, input: IDataObject[]) {
	const credentials = tenant.credentials();
	return await runWorkflow({
		nodes: [
			{
				name: 'Node',
				type: 'sync',
				parameters,
				credentials: ['domotzApi', 'connectWisePsaApi'],
				onError: 'continueRegularOutput',
			},
		],
		nodeTypes,
		credentials: {
			...credentials,
			connectWisePsaApi: { ...credentials.connectWisePsaApi, ...LIMITED_KEYS },
		},
		input: input.map((json) => ({ json })),
	});
}

const unmatchedDevice = () => ({
	...tenant.domotz.state.device(AGENTS.northwind, DEVICES.unmatched),
	agent_id: AGENTS.northwind,
});

describe('Sync › a create without the Notes right', () => {
	it('Create Configurations fails the item naming the missing Notes right, and creates nothing', async () => {
		const result = await runWithoutNotesRight(
			{
				operation: 'createConfigurations',
				companyLink: 'company',
				company: byId(COMPANIES.northwind),
				defaultType: String(configurationTypeId('Unknown Device')),
			},
			[unmatchedDevice()],
		);
		const [json] = result.output('Node').map((item) => item.json);
		expect(json.error).toBe(
			`No configuration was created in company Northwind Traders: the API member's security role lacks Companies › Notes (Add, Edit, Delete and Inquire Level All), which the creation lease needs (POST /v2025_1/apis/3.0/company/companies/${COMPANIES.northwind}/notes answered 403)`,
		);
		expect(json.details).toMatch(/System › Security Roles .* Companies › Notes/);
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(0);
	});

	it('Sync Agent with creation on fails the agent naming the missing Notes right', async () => {
		const result = await runWithoutNotesRight(
			{
				resource: 'agent',
				operation: 'syncAgent',
				agentSelection: 'chosen',
				agents: [String(AGENTS.northwind)],
				companyLink: 'company',
				company: byId(COMPANIES.northwind),
				createUnmatched: true,
				defaultType: String(configurationTypeId('Unknown Device')),
				options: { deviceDetails: true },
			},
			[{}],
		);
		const [agents, devices] = result.outputs('Node').map((items) => items.map(({ json }) => json));
		const failedCreates = devices
			.map((json) => json.settlement as IDataObject)
			.filter((settlement) => settlement.status === 'failed');
		expect(failedCreates.length).toBeGreaterThan(0);
		expect(agents[0].failed).toBe(failedCreates.length);
		for (const error of [
			...failedCreates.map((settlement) => settlement.error),
			(agents[0].collector as IDataObject).error,
		]) {
			expect(error).toMatch(
				/^No configuration was created in company Northwind Traders: .* lacks Companies › Notes \(Add, Edit, Delete/,
			);
		}
	});
});
