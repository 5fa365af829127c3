import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../harness/n8n-runner';
import {
	ConnectWiseSimulator,
	SECURITY_ROLES,
	type ConnectWiseSimulatorOptions,
} from '../simulators/connectwise';
import {
	DomotzSimulator,
	type DomotzSeed,
	type DomotzSimulatorOptions,
} from '../simulators/domotz';
import { ACTIVATION_ONLY_API_KEY } from '../simulators/domotz/default-seed';
import { byId, jsonOf, nodeTypes, SimulatedTenant } from './support';
import {
	SYNC_AGENT,
	SYNC_COMPANY,
	syncConnectWiseTenant,
	syncDomotzTenant,
	writeCounts,
} from './sync-fixtures';

/** A tenant whose simulators take options, started and closed by each test that needs one. */
class ConfiguredTenant extends SimulatedTenant {
	override readonly domotz: DomotzSimulator;
	override readonly connectwise: ConnectWiseSimulator;

	constructor(
		options: { domotz?: DomotzSimulatorOptions; connectwise?: ConnectWiseSimulatorOptions } = {},
	) {
		super();
		this.domotz = new DomotzSimulator({ seed: syncDomotzTenant(), ...options.domotz });
		this.connectwise = new ConnectWiseSimulator({
			seed: syncConnectWiseTenant(),
			requestsPerMinute: 0,
			...options.connectwise,
		});
	}
}

const checkSetup = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'setup',
	operation: 'checkSetup',
	companyLink: 'company',
	company: byId(SYNC_COMPANY),
	...parameters,
});

type Credentials = ReturnType<SimulatedTenant['credentials']>;

async function runCheck(
	tenant: SimulatedTenant,
	parameters: INodeParameters = {},
	credentials: (given: Credentials) => Credentials = (given) => given,
): Promise<Record<string, IDataObject>> {
	const result = await runWorkflow({
		nodes: [
			{
				name: 'Node',
				type: 'sync',
				parameters: checkSetup(parameters),
				credentials: ['domotzApi', 'connectWisePsaApi'],
			},
		],
		nodeTypes,
		credentials: credentials(tenant.credentials()),
		input: [{ json: {} }],
	});
	expect(result.error).toBeUndefined();
	const checks = jsonOf(result.output('Node'));
	return Object.fromEntries(checks.map((check) => [String(check.check), check]));
}

async function withTenant<T>(tenant: SimulatedTenant, test: () => Promise<T>): Promise<T> {
	await tenant.start();
	try {
		return await test();
	} finally {
		await tenant.close();
	}
}

function domotzSeed(change: (seed: DomotzSeed) => void): DomotzSeed {
	const seed = syncDomotzTenant();
	change(seed);
	return seed;
}

const allChecks = [
	'Domotz API key',
	'Domotz endpoint',
	'Domotz agents',
	'Domotz daily quota',
	'ConnectWise site',
	'ConnectWise API member rights',
	'ConnectWise link field',
	'ConnectWise configuration types and statuses',
	'ConnectWise query forms',
	'Company links',
];

describe('Sync › Check Setup', () => {
	it('passes every check on a ready tenant, one item per check, and writes nothing', async () => {
		const tenant = new ConfiguredTenant();
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant);
			expect(Object.keys(checks)).toEqual(allChecks);
			for (const check of Object.values(checks)) {
				expect({ check: check.check, status: check.status, fix: check.fix }).toEqual({
					check: check.check,
					status: 'ok',
					fix: undefined,
				});
				expect(check.found).toEqual(expect.any(String));
			}
			expect(checks['Company links'].found).toBe('All 1 agents find their company.');
			expect(checks['ConnectWise query forms'].found).toMatch(/^All \d+ query forms/);
			expect(writeCounts(tenant)).toEqual({});
		});
	});

	it('fails the key check when Domotz refuses the key, and checks nothing that needs it', async () => {
		const tenant = new ConfiguredTenant();
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant, {}, (given) => ({
				...given,
				domotzApi: { ...given.domotzApi, apiKey: 'not-a-domotz-key' },
			}));
			expect(checks['Domotz API key']).toMatchObject({
				status: 'failed',
				found: 'Domotz refused the API key (401).',
				fix: expect.stringContaining('Domotz API credential'),
			});
			expect(checks['Domotz endpoint']).toMatchObject({
				status: 'failed',
				fix: expect.stringContaining('its own region'),
			});
			expect(checks['Domotz agents'].found).toMatch(/^Not checked/);
			expect(checks['Company links'].found).toMatch(/^Not checked/);
			expect(JSON.stringify(checks)).not.toContain('not-a-domotz-key');
		});
	});

	it('names an Agent Activation key', async () => {
		const tenant = new ConfiguredTenant({
			domotz: {
				seed: domotzSeed((seed) => {
					seed.apiKeys = [
						{ key: 'full-access-key', role: 'fullAccess' },
						{ key: ACTIVATION_ONLY_API_KEY, role: 'agentActivationOnly' },
					];
				}),
			},
		});
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant, {}, (given) => ({
				...given,
				domotzApi: { ...given.domotzApi, apiKey: ACTIVATION_ONLY_API_KEY },
			}));
			expect(checks['Domotz API key']).toMatchObject({
				status: 'failed',
				found: expect.stringContaining('"Agent Activation" key'),
			});
		});
	});

	it('names the agents without API access: a warning while others can sync, a failure when none can', async () => {
		const closed = { api_enabled: false, status: 'OWNED' } as const;
		const some = new ConfiguredTenant({
			domotz: {
				seed: domotzSeed((seed) => {
					seed.agents.push({ id: 777, display_name: 'Basic plan site', access_right: closed });
				}),
			},
		});
		await withTenant(some, async () => {
			const checks = await runCheck(some);
			expect(checks['Domotz agents']).toMatchObject({
				status: 'warning',
				found:
					'1 of 2 agents allow API access (6 devices listed); without API access: Basic plan site (777).',
				fix: expect.stringContaining('Advanced or higher'),
			});
		});
		const none = new ConfiguredTenant({
			domotz: {
				seed: domotzSeed((seed) => {
					seed.agents = [{ ...seed.agents[0], access_right: closed }];
				}),
			},
		});
		await withTenant(none, async () => {
			const checks = await runCheck(none);
			expect(checks['Domotz agents'].status).toBe('failed');
			expect(checks['Company links'].found).toMatch(/^Not checked/);
		});
	});

	it('fails the quota check when the calls left today cannot carry the first sync', async () => {
		const tenant = new ConfiguredTenant({ domotz: { limits: { daily: 12 } } });
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant);
			expect(checks['Domotz daily quota']).toMatchObject({
				status: 'failed',
				fix: expect.stringContaining('the first sync needs'),
			});
			expect((checks['Domotz daily quota'].details as IDataObject).dailyLimit).toBe(12);
		});
	});

	it('fails the site check on a wrong company ID and checks nothing that needs ConnectWise', async () => {
		const tenant = new ConfiguredTenant();
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant, {}, (given) => ({
				...given,
				connectWisePsaApi: { ...given.connectWisePsaApi, companyId: 'someoneelse' },
			}));
			expect(checks['ConnectWise site'].status).toBe('failed');
			expect(checks['ConnectWise API member rights'].found).toMatch(/^Not checked/);
			expect(checks['Company links'].found).toMatch(/^Not checked/);
			expect(checks['Domotz API key'].status).toBe('ok');
		});
	});

	describe('the API member rights', () => {
		const memberWith = (role: keyof typeof SECURITY_ROLES) =>
			new ConfiguredTenant({
				connectwise: {
					seed: {
						...syncConnectWiseTenant(),
						members: [
							{
								identifier: 'Limited',
								publicKey: 'limited-public',
								privateKey: 'limited-private',
								securityRole: SECURITY_ROLES[role],
							},
						],
					},
				},
			});
		const asLimited = (given: Credentials): Credentials => ({
			...given,
			connectWisePsaApi: {
				...given.connectWisePsaApi,
				publicKey: 'limited-public',
				privateKey: 'limited-private',
			},
		});

		it('fail when a right every sync needs is missing, naming it', async () => {
			const tenant = memberWith('readOnly');
			await withTenant(tenant, async () => {
				const checks = await runCheck(tenant, {}, asLimited);
				expect(checks['ConnectWise API member rights']).toMatchObject({
					status: 'failed',
					found: 'The API member lacks Configurations edit (to write links and fields).',
				});
			});
		});

		it('warn when only the rights to create are missing; the note probe then fails', async () => {
			const tenant = memberWith('domotzIntegration');
			await withTenant(tenant, async () => {
				const checks = await runCheck(
					tenant,
					{ probeWrites: true, probeCompany: byId(SYNC_COMPANY) },
					asLimited,
				);
				expect(checks['ConnectWise API member rights']).toMatchObject({
					status: 'warning',
					found: expect.stringContaining('Notes inquire/add/edit/delete'),
				});
				expect(checks['ConnectWise lease note write']).toMatchObject({
					status: 'failed',
					fix: expect.stringContaining('Notes add/edit/delete'),
				});
			});
		});
	});

	it('warns about a missing link field, and creates it with Probe Writes on', async () => {
		const seed = { ...syncConnectWiseTenant(), userDefinedFields: [], configurations: [] };
		const tenant = new ConfiguredTenant({ connectwise: { seed } });
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant);
			expect(checks['ConnectWise link field']).toMatchObject({
				status: 'warning',
				found:
					'There is no custom field "Domotz Link" on the configuration screen yet (pod 24, assumed: no field and no configuration shows it).',
			});
			expect(writeCounts(tenant)).toEqual({});
			const probed = await runCheck(tenant, {
				probeWrites: true,
				probeCompany: byId(SYNC_COMPANY),
			});
			expect(probed['ConnectWise link field']).toMatchObject({
				status: 'ok',
				found: expect.stringMatching(/^The custom field "Domotz Link" was created \(ID \d+\)\.$/),
			});
			expect(probed['ConnectWise lease note write'].status).toBe('ok');
			expect(tenant.connectwise.http.count('POST', 'companyNotes.create')).toBe(1);
			expect(tenant.connectwise.http.count('DELETE', 'companyNotes.delete')).toBe(1);
		});
	});

	it('fails the link field check when the custom fields cannot be read', async () => {
		const denied = { code: 'Unauthorized', message: 'You do not have access to Table Setup' };
		const tenant = new ConfiguredTenant({
			connectwise: {
				simulator: {
					faults: [
						{
							route: 'userDefinedFields.list',
							fault: { type: 'status', status: 403, body: denied },
							rate: 1,
						},
					],
				},
			},
		});
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant);
			expect(checks['ConnectWise link field']).toMatchObject({
				status: 'failed',
				found: expect.stringContaining('The custom fields could not be read'),
				fix: expect.stringContaining('Table Setup inquire'),
			});
		});
	});

	it('fails the types check when a chosen type does not exist', async () => {
		const tenant = new ConfiguredTenant();
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant, { checkCreateSettings: true, defaultType: '999' });
			expect(checks['ConnectWise configuration types and statuses']).toMatchObject({
				status: 'failed',
				found: 'there is no configuration type 999.',
			});
		});
	});

	it('fails the query forms check on a tenant that refuses a form the package sends', async () => {
		const refusal = {
			code: 'InvalidObject',
			message: 'conditions object is invalid',
			errors: [
				{ code: 'InvalidConditions', message: 'Unsupported condition', resource: 'conditions' },
			],
		};
		const tenant = new ConfiguredTenant({
			connectwise: {
				simulator: {
					faults: [
						{
							route: 'configurations.list',
							fault: { type: 'status', status: 400, body: refusal },
							rate: 1,
						},
					],
				},
			},
		});
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant);
			expect(checks['ConnectWise query forms']).toMatchObject({
				status: 'failed',
				found: expect.stringContaining('link marker of one device'),
				fix: expect.stringContaining('API transcript'),
			});
		});
	});

	it("fails the company links check, saying why, when no agent's Customer ID names a company", async () => {
		const tenant = new ConfiguredTenant();
		await withTenant(tenant, async () => {
			const checks = await runCheck(tenant, { companyLink: 'customerId' });
			expect(checks['Company links']).toMatchObject({
				status: 'failed',
				found: expect.stringContaining(`has no Customer ID set in Domotz`),
				fix: expect.stringContaining('Customer ID'),
			});
			const agents = (checks['Company links'].details as { agents: IDataObject[] }).agents;
			expect(agents).toEqual([expect.objectContaining({ agentId: SYNC_AGENT, found: false })]);
		});
	});
});
