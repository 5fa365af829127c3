import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ConnectWiseClientOptions } from '../../lib/connectwise/client';

export type CodebaseOptions = Pick<ConnectWiseClientOptions, 'rememberedCodebase' | 'onCodebase'>;

/**
 * The ConnectWise codebase the last run discovered, kept in the workflow's static data with the
 * tenant (site and company ID) it was read for: a credential changed to another tenant discovers
 * its own. The client discovers it again when a request under it answers 404.
 */
export function rememberedCodebase(context: IExecuteFunctions, tenant: string): CodebaseOptions {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	const kept = (data.connectWiseCodebase ?? {}) as IDataObject;
	return {
		rememberedCodebase:
			kept.tenant === tenant && typeof kept.codebase === 'string' ? kept.codebase : undefined,
		onCodebase: (codebase) => {
			data.connectWiseCodebase = { tenant, codebase };
		},
	};
}
