/**
 * `DELETE /system/userDefinedFields/{id}` (ai-connor/connectwise `api_user_defined_fields.go`,
 * `DeleteSystemUserDefinedFieldsById`: no body, any status below 300 is success), and the two
 * readings of deleting a field that configurations still hold values in, which no document gives.
 */
import { defaultSeed, SECURITY_ROLES } from './default-seed';
import { ConnectWiseSimulator, type ConnectWiseSimulatorOptions, type Credentials } from './index';
import { call } from './test-support';

const READ_ONLY: Credentials = {
	companyId: 'domotzlab',
	publicKey: 'readonly-public',
	privateKey: 'readonly-private',
	clientId: '1f0c3b9e-5d2a-4c8e-9f6b-7a1d2e3c4b5a',
};

/** The default seed's configuration field "Domotz ID". */
const CONFIGURATION_FIELD = 1;

const simulators: ConnectWiseSimulator[] = [];

function tenant(options: ConnectWiseSimulatorOptions = {}): ConnectWiseSimulator {
	const simulator = new ConnectWiseSimulator({
		requestsPerMinute: 0,
		seed: {
			...defaultSeed(),
			members: [
				{
					identifier: 'ReadOnlyApi',
					publicKey: READ_ONLY.publicKey,
					privateKey: READ_ONLY.privateKey,
					securityRole: SECURITY_ROLES.readOnly,
				},
			],
		},
		...options,
	});
	simulators.push(simulator);
	return simulator;
}

const deletesValues = tenant();
const refused = tenant({ fieldInUseDelete: 'refused' });

beforeAll(async () => {
	await Promise.all(simulators.map((simulator) => simulator.start()));
});
afterAll(async () => {
	await Promise.all(simulators.map((simulator) => simulator.close()));
});
beforeEach(() => {
	for (const simulator of simulators) simulator.reset();
});

const deleteField = (simulator: ConnectWiseSimulator, id: number, credentials?: Credentials) =>
	call(simulator, `/system/userDefinedFields/${id}`, { method: 'DELETE', credentials });

function configurationHolding(simulator: ConnectWiseSimulator, value: string | null) {
	return simulator.state.addConfiguration({
		name: 'Core Switch',
		type: { id: 5 },
		company: { id: 2 },
		customFields: [{ id: CONFIGURATION_FIELD, value }],
	});
}

const captionsOn = (simulator: ConnectWiseSimulator, configurationId: number) =>
	(simulator.state.configuration(configurationId)?.customFields ?? []).map(
		(field) => field.caption,
	);

describe('DELETE /system/userDefinedFields/{id}', () => {
	it('answers 204 and the field leaves the list and every configuration', async () => {
		const configuration = configurationHolding(deletesValues, null);
		expect(captionsOn(deletesValues, configuration.id)).toContain('Domotz ID');
		const answer = await deleteField(deletesValues, CONFIGURATION_FIELD);
		const listed = await call(deletesValues, '/system/userDefinedFields');
		expect(answer.status).toBe(204);
		expect((listed.body as Array<{ id: number }>).map((field) => field.id)).not.toContain(
			CONFIGURATION_FIELD,
		);
		expect(captionsOn(deletesValues, configuration.id)).not.toContain('Domotz ID');
		expect(deletesValues.state.configurationCount).toBe(1);
	});

	it('answers 404 for a field that does not exist, a second DELETE included', async () => {
		await deleteField(deletesValues, CONFIGURATION_FIELD);
		const again = await deleteField(deletesValues, CONFIGURATION_FIELD);
		expect(again.status).toBe(404);
	});

	it('needs Table Setup delete', async () => {
		const answer = await deleteField(deletesValues, CONFIGURATION_FIELD, READ_ONLY);
		expect(answer.status).toBe(403);
		expect(deletesValues.state.userDefinedFields().map((field) => field.id)).toContain(
			CONFIGURATION_FIELD,
		);
	});

	it('takes the values with the field by default', async () => {
		const configuration = configurationHolding(deletesValues, 'dz-1');
		const answer = await deleteField(deletesValues, CONFIGURATION_FIELD);
		expect(answer.status).toBe(204);
		expect(deletesValues.state.customFieldValue(configuration.id, 'Domotz ID')).toBeUndefined();
	});

	it('under fieldInUseDelete "refused", answers 409 while a value is left, 204 once none is', async () => {
		const configuration = configurationHolding(refused, 'dz-1');
		const inUse = await deleteField(refused, CONFIGURATION_FIELD);
		refused.state.editConfiguration(configuration.id, {
			customFields: [{ id: CONFIGURATION_FIELD, value: null }],
		});
		const empty = await deleteField(refused, CONFIGURATION_FIELD);
		expect(inUse).toMatchObject({ status: 409, body: { code: 'Conflict' } });
		expect(empty.status).toBe(204);
	});
});
