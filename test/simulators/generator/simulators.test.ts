import { ConnectWiseSimulator } from '../connectwise/index';
import { DomotzSimulator } from '../domotz/index';
import { demoMsp } from './index';
import { getJson } from './test-support';

const BASE_TIME = Date.parse('2025-06-01T12:00:00Z');

describe.each(['customField', 'deviceIdentifier'] as const)(
	'demo tenant (%s) served by both simulators',
	(linkStore) => {
		const tenant = demoMsp({ linkStore });
		const { truth } = tenant;
		const domotz = new DomotzSimulator({ seed: tenant.domotz, clock: () => BASE_TIME });
		const connectwise = new ConnectWiseSimulator({
			seed: tenant.connectwise,
			clock: () => BASE_TIME,
			requestsPerMinute: 0,
		});
		const domotzGet = (path: string) =>
			getJson(`${domotz.apiBaseUrl}${path}`, { 'X-Api-Key': domotz.apiKey });
		const connectwiseGet = (path: string) =>
			getJson(`${connectwise.apiBaseUrl}${path}`, connectwise.requestHeaders());

		beforeAll(async () => {
			await Promise.all([domotz.start(), connectwise.start()]);
		});

		afterAll(async () => {
			await Promise.all([domotz.close(), connectwise.close()]);
		});

		it('lists every agent', async () => {
			const answer = await domotzGet('/agent?page_size=100');
			expect(answer.status).toBe(200);
			expect((answer.body as Array<{ id: number }>).map((agent) => agent.id)).toEqual(
				truth.agents.map((agent) => agent.agentId),
			);
		});

		it('lists each listable agent’s devices, hidden ones only on request', async () => {
			for (const agent of truth.agents.filter((candidate) => candidate.apiEnabled)) {
				const mine = truth.devices.filter((device) => device.agentId === agent.agentId);
				const visible = await domotzGet(`/agent/${agent.agentId}/device`);
				const all = await domotzGet(`/agent/${agent.agentId}/device?show_hidden=true`);
				expect((visible.body as unknown[]).length).toBe(
					mine.filter((device) => !device.hidden).length,
				);
				expect((all.body as Array<{ id: number }>).map((device) => device.id)).toEqual(
					mine.map((device) => device.deviceId),
				);
			}
		});

		it('refuses the device list of the agent without API access', async () => {
			const [agent] = truth.agents.filter((candidate) => !candidate.apiEnabled);
			const answer = await domotzGet(`/agent/${agent.agentId}/device`);
			expect(answer.status).toBe(403);
			expect(
				truth.unlistableDevices.filter((device) => device.agentId === agent.agentId),
			).toHaveLength(agent.deviceCount);
		});

		it.each([
			['/company/companies/count', () => truth.counts.companies],
			['/company/configurations/count', () => truth.counts.configurations],
			[
				'/company/configurations/count?conditions=activeFlag=true',
				() => truth.counts.activeConfigurations,
			],
		])('counts %s as the truth does', async (path, expected) => {
			const answer = await connectwiseGet(path);
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ count: expected() });
		});

		it('holds each company’s configurations under that company', async () => {
			for (const company of truth.companies) {
				const answer = await connectwiseGet(
					`/company/configurations?conditions=company/id=${company.companyId}&pageSize=1000&fields=id`,
				);
				const ids = (answer.body as Array<{ id: number }>).map((record) => record.id);
				expect(ids.sort((left, right) => left - right)).toEqual(company.configurationIds);
			}
		});

		it('answers a linked configuration with its marker', async () => {
			const linked = truth.devices.find((device) => device.expected === 'linked');
			const answer = await connectwiseGet(`/company/configurations/${linked?.configurationId}`);
			const record = answer.body as {
				deviceIdentifier?: string;
				customFields: Array<{ caption: string; value: unknown }>;
			};
			const marker = `domotz:${linked?.agentId}/${linked?.deviceId}`;
			const stored =
				linkStore === 'customField'
					? record.customFields.find((field) => field.caption === 'Domotz Link')?.value
					: record.deviceIdentifier;
			expect(stored).toBe(marker);
		});
	},
);
