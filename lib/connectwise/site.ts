import { SetupError } from '../http/errors';
import { parseHttpUrl } from '../http/url';

/** Cloud sites answer the API only on their `api-` host; the sign-in host refuses it. */
const apiHostByCloudHost: Readonly<Record<string, string>> = {
	'na.myconnectwise.net': 'api-na.myconnectwise.net',
	'eu.myconnectwise.net': 'api-eu.myconnectwise.net',
	'au.myconnectwise.net': 'api-au.myconnectwise.net',
	'aus.myconnectwise.net': 'api-aus.myconnectwise.net',
	'za.myconnectwise.net': 'api-za.myconnectwise.net',
	'staging.connectwisedev.com': 'api-staging.connectwisedev.com',
};

const cloudApiHosts = new Set(Object.values(apiHostByCloudHost));

/**
 * The origin to call for a site given as a host (`api-na.myconnectwise.net`, `psa.example.com`),
 * a sign-in host (`na.myconnectwise.net`) or a full URL. Cloud hosts always use https: they refuse
 * plain HTTP, and the credentials must not travel in clear text on the way to that refusal.
 */
export function connectWiseOrigin(site: string): string {
	const trimmed = site.trim();
	const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
	const url = parseHttpUrl(withScheme);
	if (!url) {
		throw new SetupError(
			'The ConnectWise PSA site is not a host name or an http(s) URL',
			'Use the API host of your cloud (e.g. api-na.myconnectwise.net) or the host of your own server',
		);
	}
	const apiHost = apiHostByCloudHost[url.hostname] ?? url.hostname;
	if (cloudApiHosts.has(apiHost)) return `https://${apiHost}`;
	return url.origin;
}
