import { SetupError } from '../http/errors';
import { parseHttpUrl } from '../http/url';

const apiPath = '/public-api/v1';

/**
 * The API base from what a user pastes as "API Key Endpoint": with or without `/public-api/v1`,
 * with or without a trailing slash. Credentials, query and fragment of the pasted URL are dropped.
 */
export function domotzApiBase(endpoint: string): string {
	const url = parseHttpUrl(endpoint.trim());
	if (!url) {
		throw new SetupError(
			'The Domotz API endpoint is not an http(s) URL',
			'Paste the "API Key Endpoint" shown next to the key in the Domotz Portal, e.g. https://api-us-east-1-cell-1.domotz.com/public-api/v1',
		);
	}
	const prefix = url.pathname.replace(/\/+$/, '').replace(/\/public-api(\/v1)?$/i, '');
	return `${url.origin}${prefix}${apiPath}`;
}
