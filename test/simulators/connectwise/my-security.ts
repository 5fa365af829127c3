/**
 * `GET /system/mySecurity`: the calling API member's rights, one entry per module function
 * (ai-connor/connectwise `api_my_securitys.go`, `model_my_security.go`). The specification lists
 * no level values; `All` and `None` are the ones ConnectWise's security role screen shows.
 */
import type { SimRequest } from '../common/http-simulator';
import { basicCredentials } from './gate';
import type { ListView } from './listing';
import type { SecurityLevel, SecurityModule, SecurityRole } from './model';
import type { ConnectWiseState } from './state';

interface MySecurityEntry {
	id: number;
	moduleFunctionName: SecurityModule;
	moduleName: string;
	inquireLevel: string;
	addLevel: string;
	editLevel: string;
	deleteLevel: string;
}

/** The module each function sits in on ConnectWise's security role screen. */
const functionModules: Record<SecurityModule, string> = {
	'Company Maintenance': 'Companies',
	Configurations: 'Companies',
	Notes: 'Companies',
	'Table Setup': 'System',
};

function level(role: SecurityRole, name: SecurityModule, wanted: SecurityLevel): string {
	return (role.permissions[name] ?? []).includes(wanted) ? 'All' : 'None';
}

export function mySecurityEntries(role: SecurityRole): MySecurityEntry[] {
	return (Object.keys(functionModules) as SecurityModule[]).map((name, index) => ({
		id: index + 1,
		moduleFunctionName: name,
		moduleName: functionModules[name],
		inquireLevel: level(role, name, 'inquire'),
		addLevel: level(role, name, 'add'),
		editLevel: level(role, name, 'edit'),
		deleteLevel: level(role, name, 'delete'),
	}));
}

/** The entries of the member whose key signed the request (the gate has checked it). */
export function mySecurityView(
	state: ConnectWiseState,
	request: SimRequest,
): ListView<MySecurityEntry> {
	const publicKey = basicCredentials(request)?.publicKey ?? '';
	const member = state.memberByPublicKey(publicKey);
	const entries = member ? mySecurityEntries(member.securityRole) : [];
	const fields = new Set(Object.keys(entries[0] ?? {}).map((name) => name.toLowerCase()));
	return {
		entries: () => entries,
		idOf: (entry) => entry.id,
		dataOf: (entry) => entry,
		hasField: (name) => fields.has(name),
		hasArrayField: () => false,
		childrenOf: () => undefined,
		render: (entry) => ({ ...entry }),
	};
}
