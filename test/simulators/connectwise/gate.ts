/**
 * What ConnectWise checks before a request reaches an endpoint (reference §1, §3): the request
 * budget, the `clientId` header, Basic authentication, the API version in `Accept`, the route, and
 * the member's security role.
 */
import type { Gate, SimRequest, SimResponse } from '../common/http-simulator';
import { ENDPOINT_NOT_FOUND, errorResponse, SECURITY_DENIED } from './errors';
import type { SecurityLevel, SecurityModule } from './model';
import type { RequestBudget } from './request-budget';
import type { ConnectWiseState } from './state';

export interface RoutePermission {
	module: SecurityModule;
	level: SecurityLevel;
}

export interface AuthenticatedMember {
	id: number;
	identifier: string;
}

export interface GateSettings {
	companyId: string;
	/** Registered clientIds; when absent any GUID is accepted. */
	clientIds?: readonly string[];
	unknownCompanyStatus: 401 | 404;
	unsupportedVersionStatus: 400 | 404;
	currentApiVersion: string;
	minimumApiVersion: string;
	/** Path prefixes the API answers under, e.g. `/v2025_1/apis/3.0/`. */
	apiPrefixes: readonly string[];
	/** Routes that answer without authentication (companyinfo). */
	openRoutes: ReadonlySet<string>;
	permissions: Readonly<Record<string, RoutePermission | undefined>>;
	budget: RequestBudget;
	state: ConnectWiseState;
	publicBase: () => string;
	/** Filled for every request that passes, so handlers know who writes (`_info.updatedBy`). */
	members: WeakMap<SimRequest, AuthenticatedMember>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Observed for a failed API-key login (issue christaylorcodes/ConnectWiseManageAPI#18:
 * "An exception has been thrown. --> ConnectWiseApi: UserNotAuthenticated"); exact body UNVERIFIED.
 */
const NOT_AUTHENTICATED: SimResponse = {
	status: 401,
	body: {
		code: 'ConnectWiseApi',
		message: 'An exception has been thrown.',
		errors: [{ code: 'ConnectWiseApi', message: 'UserNotAuthenticated' }],
	},
};

const MISSING_CLIENT_ID = errorResponse(
	400,
	'ConnectWiseApi',
	'The clientId header is required. Register a clientId at https://developer.connectwise.com/ClientID and send it in the clientId header.',
);

const INVALID_CLIENT_ID = errorResponse(
	400,
	'ConnectWiseApi',
	'The clientId header does not hold a registered clientId.',
);

function header(request: SimRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

type Credentials = { companyId: string; publicKey: string; privateKey: string };

export function basicCredentials(request: SimRequest): Credentials | undefined {
	const match = /^Basic\s+(\S+)$/i.exec(header(request, 'authorization') ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const plus = decoded.indexOf('+');
	if (colon === -1 || plus === -1 || plus > colon) return undefined;
	return {
		companyId: decoded.slice(0, plus),
		publicKey: decoded.slice(plus + 1, colon),
		privateKey: decoded.slice(colon + 1),
	};
}

function parseVersion(text: string): [number, number] | undefined {
	const match = /^(\d{4})\.(\d{1,2})$/.exec(text);
	return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function compareVersions(left: [number, number], right: [number, number]): number {
	return left[0] - right[0] || left[1] - right[1];
}

/**
 * `application/vnd.connectwise.com+json; version=2025.1` pins a version; no `version` parameter
 * means the latest. A version that is not `yyyy.n` is reported as '0.0', as tenants answered for
 * connectwise-rest's old default `3.0.0` (issue covenanttechnologysolutions/connectwise-rest#35).
 */
function unsupportedVersion(request: SimRequest, settings: GateSettings): SimResponse | undefined {
	const accept = header(request, 'accept') ?? '';
	const requested = /version\s*=\s*"?([^",;\s]*)/i.exec(accept)?.[1];
	if (requested === undefined) return undefined;
	const version = parseVersion(requested);
	const minimum = parseVersion(settings.minimumApiVersion) as [number, number];
	const current = parseVersion(settings.currentApiVersion) as [number, number];
	if (version && compareVersions(version, minimum) >= 0 && compareVersions(version, current) <= 0) {
		return undefined;
	}
	const uri = `${settings.publicBase()}${request.url.pathname}${request.url.search}`;
	return errorResponse(
		settings.unsupportedVersionStatus,
		'ConnectWiseApi',
		`The HTTP resource that matches the request URI '${uri}' does not support the API version '${version ? requested : '0.0'}'.`,
	);
}

/** 429 body uses `error`, not `code` (DG §Rate Limiting). */
function tooManyRequests(retryAfterSeconds: number): SimResponse {
	return {
		status: 429,
		headers: { 'Retry-After': String(retryAfterSeconds) },
		body: {
			error: 'ConnectWiseAPI',
			message: `Too many requests. Please try again in ${retryAfterSeconds} seconds.`,
		},
	};
}

export function createGate(settings: GateSettings): Gate {
	return (request, route) => {
		if (route && settings.openRoutes.has(route.name)) return undefined;
		if (!settings.apiPrefixes.some((prefix) => request.path.startsWith(prefix))) {
			return ENDPOINT_NOT_FOUND;
		}
		const decision = settings.budget.take();
		if (!decision.allowed) return tooManyRequests(decision.retryAfterSeconds);

		const clientId = header(request, 'clientid');
		if (!clientId) return MISSING_CLIENT_ID;
		const registered = settings.clientIds?.some(
			(id) => id.toLowerCase() === clientId.toLowerCase(),
		);
		if (!GUID.test(clientId) || registered === false) return INVALID_CLIENT_ID;

		const credentials = basicCredentials(request);
		if (!credentials) return NOT_AUTHENTICATED;
		if (credentials.companyId !== settings.companyId) {
			return settings.unknownCompanyStatus === 404 ? ENDPOINT_NOT_FOUND : NOT_AUTHENTICATED;
		}
		const member = settings.state.memberByPublicKey(credentials.publicKey);
		if (!member || member.privateKey !== credentials.privateKey || member.inactiveFlag) {
			return NOT_AUTHENTICATED;
		}

		const versionProblem = unsupportedVersion(request, settings);
		if (versionProblem) return versionProblem;
		if (!route) return ENDPOINT_NOT_FOUND;

		const permission = settings.permissions[route.name];
		const granted = permission
			? (member.securityRole.permissions[permission.module] ?? []).includes(permission.level)
			: true;
		if (!granted) return SECURITY_DENIED;
		settings.members.set(request, { id: member.id, identifier: member.identifier });
		return undefined;
	};
}
