/**
 * The creation lease is made of ConnectWise company notes whose text starts "Domotz sync lease".
 * They are read through the API route (`GET /company/companies/{id}/notes`), the contract the
 * engine uses, so that a simulator without the route yet reads as "cannot tell", not as "none".
 */
import type { ConnectWiseSimulator } from '../simulators/connectwise';

export const LEASE_NOTE_PREFIX = 'Domotz sync lease';

export interface LeaseNote {
	companyId: number;
	id: unknown;
	text: string;
}

export type LeaseNotesReading = { kind: 'noRoute' } | { kind: 'read'; notes: LeaseNote[] };

const PAGE_SIZE = 1000;

/** Where and as whom the ConnectWise API is asked. */
export type ConnectWiseApi = Pick<ConnectWiseSimulator, 'apiBaseUrl' | 'credentials'>;

/** The headers of an API member's request: Basic `company+publicKey:privateKey` and the clientId. */
export function apiHeaders(api: ConnectWiseApi): Record<string, string> {
	const { companyId, publicKey, privateKey, clientId } = api.credentials;
	const basic = Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64');
	return {
		Authorization: `Basic ${basic}`,
		clientId,
		Accept: 'application/json',
		'Content-Type': 'application/json',
	};
}

/** The lease notes left on these companies, or `noRoute` when the API has no notes route. */
export async function leaseNotesLeft(
	api: ConnectWiseApi,
	companyIds: readonly number[],
): Promise<LeaseNotesReading> {
	const notes: LeaseNote[] = [];
	for (const id of companyIds) {
		const url = `${api.apiBaseUrl}/company/companies/${id}/notes?pageSize=${PAGE_SIZE}`;
		const response = await fetch(url, { headers: apiHeaders(api) });
		if (response.status === 404) return { kind: 'noRoute' };
		if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
		const body = (await response.json()) as Array<{ id?: unknown; text?: unknown }>;
		for (const note of body) {
			const text = typeof note.text === 'string' ? note.text : '';
			if (text.startsWith(LEASE_NOTE_PREFIX)) notes.push({ companyId: id, id: note.id, text });
		}
	}
	return { kind: 'read', notes };
}
