import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** Resolves the preset or custom endpoint to `https://host/public-api/v1`, whichever form was pasted. */
const endpointExpression =
	"={{ ($credentials.endpoint === 'custom' ? $credentials.customEndpoint : $credentials.endpoint).trim().replace(/\\/+$/, '').replace(/\\/public-api\\/v1$/, '') + '/public-api/v1' }}";

export class DomotzApi implements ICredentialType {
	name = 'domotzApi';

	displayName = 'Domotz API';

	icon: Icon = { light: 'file:../icons/domotz.svg', dark: 'file:../icons/domotz.dark.svg' };

	documentationUrl = 'https://help.domotz.com/user-guide/domotz-api/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A Full Access key from the Domotz Portal (Settings › Domotz API). Agent Activation keys cannot read agents or devices.',
		},
		{
			displayName: 'API Endpoint',
			name: 'endpoint',
			type: 'options',
			options: [
				{
					name: 'US (api-us-east-1-cell-1)',
					value: 'https://api-us-east-1-cell-1.domotz.com/public-api/v1',
				},
				{
					name: 'EU (api-eu-west-1-cell-1)',
					value: 'https://api-eu-west-1-cell-1.domotz.com/public-api/v1',
				},
				{
					name: 'Other (Enter URL)',
					value: 'custom',
				},
			],
			default: 'https://api-us-east-1-cell-1.domotz.com/public-api/v1',
			description:
				'The "API Key Endpoint" shown next to your key in the Domotz Portal. Accounts live on different cells.',
		},
		{
			displayName: 'Custom API Endpoint',
			name: 'customEndpoint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api-eu-west-1-cell-1.domotz.com/public-api/v1',
			displayOptions: { show: { endpoint: ['custom'] } },
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the Domotz Trigger: a long random value you also put in the webhook URL of your Shared Alert Profile in the Domotz Portal (as ?token=…). Webhook calls without it are refused.',
		},
	];

	// A function, not a generic expression, which n8n resolves anew for every request
	// (bench/results/credential-authentication.md).
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, 'X-Api-Key': credentials.apiKey },
	});

	// One agent is the cheapest call that needs a Full Access key, so it tells all three causes apart.
	test: ICredentialTestRequest = {
		request: {
			baseURL: endpointExpression,
			url: '/agent',
			qs: { page_size: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Domotz rejected the API key. Copy it again from the Domotz Portal (Settings › Domotz API).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'This API key cannot read agents: it is probably an "Agent Activation only" key. Create a Full Access key.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The endpoint answered 404. Use the "API Key Endpoint" shown next to your key in the Domotz Portal, e.g. https://api-us-east-1-cell-1.domotz.com/public-api/v1.',
				},
			},
		],
	};
}
