import { HttpSimulator } from '../simulators/common/http-simulator';
import { ConnectWiseSimulator } from '../simulators/connectwise';
import { apiHeaders, leaseNotesLeft } from './leases';

describe('leaseNotesLeft', () => {
	const connectwise = new ConnectWiseSimulator();
	let companyIds: number[] = [];

	beforeAll(async () => {
		await connectwise.start();
		companyIds = connectwise.state.companies().map((company) => Number(company.id));
	});
	afterAll(async () => await connectwise.close());
	beforeEach(() => connectwise.reset());

	const addNote = async (companyId: number, text: string) => {
		const response = await fetch(`${connectwise.apiBaseUrl}/company/companies/${companyId}/notes`, {
			method: 'POST',
			headers: apiHeaders(connectwise),
			body: JSON.stringify({ text }),
		});
		expect(response.status).toBe(201);
	};

	it('finds the lease notes of each company and leaves the other notes out', async () => {
		const [first, second] = companyIds;
		await addNote(first, 'Called the customer about the new firewall');
		await addNote(second, 'Domotz sync lease 3f9c — creating configurations');
		const reading = await leaseNotesLeft(connectwise, [first, second]);
		expect(reading).toEqual({
			kind: 'read',
			notes: [
				{
					companyId: second,
					id: expect.any(Number) as number,
					text: 'Domotz sync lease 3f9c — creating configurations',
				},
			],
		});
	});

	it('reads no note on companies without notes', async () => {
		expect(await leaseNotesLeft(connectwise, companyIds.slice(0, 2))).toEqual({
			kind: 'read',
			notes: [],
		});
	});

	it('tells an API without the notes route apart from one without notes', async () => {
		const bare = new HttpSimulator({
			name: 'no notes route',
			routes: [],
			admin: { state: () => ({}), load: () => undefined, reset: () => undefined },
		});
		await bare.start();
		try {
			const api = { apiBaseUrl: bare.baseUrl, credentials: connectwise.credentials };
			expect(await leaseNotesLeft(api, [1])).toEqual({ kind: 'noRoute' });
		} finally {
			await bare.close();
		}
	});
});
