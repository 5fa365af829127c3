import {
	ConnectWiseSimulator,
	SECURITY_ROLES,
	defaultSeed as connectWiseSeed,
} from '../simulators/connectwise';
import { ACTIVATION_ONLY_API_KEY, DomotzSimulator } from '../simulators/domotz';
import { testCredential } from '../harness/n8n-runner';

const readmeRoleMember = {
	identifier: 'ReadmeRole',
	publicKey: 'readme-dummy-public',
	privateKey: 'readme-dummy-private',
	securityRole: SECURITY_ROLES.domotzIntegration,
};
const companiesOnlyMember = {
	identifier: 'NoConfigurations',
	publicKey: 'nocfg-dummy-public',
	privateKey: 'nocfg-dummy-private',
	securityRole: {
		name: 'Companies only',
		permissions: { 'Company Maintenance': ['inquire' as const] },
	},
};

describe('Domotz API credential', () => {
	const domotz = new DomotzSimulator();
	beforeAll(async () => {
		await domotz.start();
	});
	afterAll(async () => {
		await domotz.close();
	});

	const credential = (overrides: Record<string, string> = {}) => ({
		apiKey: domotz.apiKey,
		endpoint: 'custom',
		customEndpoint: domotz.apiBaseUrl,
		...overrides,
	});

	it.each([
		['the endpoint as the Portal shows it', () => credential()],
		[
			'the endpoint without /public-api/v1 and with a trailing slash',
			() => credential({ customEndpoint: `${domotz.baseUrl}/` }),
		],
	])('succeeds with %s', async (_case, data) => {
		expect(await testCredential('domotzApi', data())).toEqual({
			status: 'OK',
			message: 'Connection tested successfully',
		});
	});

	it('sends the key in X-Api-Key (authenticate applied by the engine)', async () => {
		domotz.http.resetCounts();
		await testCredential('domotzApi', credential());
		expect(domotz.http.count('GET', 'agent.list')).toBe(1);
	});

	it.each([
		['a wrong key', { apiKey: 'wrong-dummy-key' }, '401', /rejected the API key/],
		[
			'an Agent Activation key',
			{ apiKey: ACTIVATION_ONLY_API_KEY },
			'403',
			/Agent Activation only/,
		],
		[
			'an endpoint where nothing listens',
			{ customEndpoint: 'http://127.0.0.1:1' },
			undefined,
			/ECONNREFUSED|connect|refused/i,
		],
	])('tells %s apart', async (_case, overrides, httpCode, message) => {
		const data = credential(overrides as Record<string, string>);
		const outcome = await testCredential('domotzApi', data);
		expect(outcome.status).toBe('Error');
		if (httpCode) expect(outcome.httpCode).toBe(httpCode);
		expect(outcome.message).toMatch(message);
		expect(outcome.message).not.toContain(data.apiKey);
	});

	it('answers a wrong endpoint that reaches a server with the 404 hint', async () => {
		const outcome = await testCredential(
			'domotzApi',
			credential({ customEndpoint: `${domotz.baseUrl}/elsewhere` }),
		);
		expect(outcome).toMatchObject({ status: 'Error', httpCode: '404' });
		expect(outcome.message).toMatch(/API Key Endpoint/);
	});
});

describe('ConnectWise PSA API credential', () => {
	const connectwise = new ConnectWiseSimulator({
		seed: { ...connectWiseSeed(), members: [readmeRoleMember, companiesOnlyMember] },
	});
	beforeAll(async () => {
		await connectwise.start();
	});
	afterAll(async () => {
		await connectwise.close();
	});

	const credential = (overrides: Record<string, string> = {}) => ({
		site: 'custom',
		customSite: connectwise.baseUrl,
		companyId: connectwise.credentials.companyId,
		publicKey: readmeRoleMember.publicKey,
		privateKey: readmeRoleMember.privateKey,
		clientId: connectwise.credentials.clientId,
		apiVersion: '2025.1',
		...overrides,
	});

	it('succeeds with an API member holding exactly the role the README describes', async () => {
		connectwise.http.resetCounts();
		expect(await testCredential('connectWisePsaApi', credential())).toEqual({
			status: 'OK',
			message: 'Connection tested successfully',
		});
		expect(connectwise.http.count('GET', 'configurations.list')).toBe(1);
	});

	it.each([
		['a missing client ID', { clientId: '' }, '400', /Client ID/],
		[
			'a wrong private key',
			{ privateKey: 'wrong-dummy-private' },
			'401',
			/company ID, the public key and the private key/,
		],
		[
			'a role without Configurations',
			{ publicKey: companiesOnlyMember.publicKey, privateKey: companiesOnlyMember.privateKey },
			'403',
			/security role/,
		],
		['an unknown company', { companyId: 'nosuchcompany' }, '404', /company ID is not known/],
	])('surfaces %s', async (_case, overrides, httpCode, message) => {
		const data = credential(overrides);
		const outcome = await testCredential('connectWisePsaApi', data);
		expect(outcome).toMatchObject({ status: 'Error', httpCode });
		expect(outcome.message).toMatch(message);
		expect(outcome.message).not.toContain(data.privateKey);
	});
});
