import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** `https://` + host for presets and bare on-premise hosts; a pasted URL is kept as it is. */
const originExpression =
	"={{ (host => /^https?:\\/\\//i.test(host) ? host : 'https://' + host)(($credentials.site === 'custom' ? $credentials.customSite : $credentials.site).trim().replace(/\\/+$/, '')) }}";

export class ConnectWisePsaApi implements ICredentialType {
	name = 'connectWisePsaApi';

	displayName = 'ConnectWise PSA API';

	icon: Icon = {
		light: 'file:../icons/connectwise.svg',
		dark: 'file:../icons/connectwise.dark.svg',
	};

	documentationUrl = 'https://developer.connectwise.com/Products/ConnectWise_PSA/Developer_Guide';

	properties: INodeProperties[] = [
		{
			displayName: 'Site',
			name: 'site',
			type: 'options',
			options: [
				{ name: 'Australia (Au.myconnectwise.net)', value: 'api-au.myconnectwise.net' },
				{ name: 'Australia (Aus.myconnectwise.net)', value: 'api-aus.myconnectwise.net' },
				{ name: 'Europe (Eu.myconnectwise.net)', value: 'api-eu.myconnectwise.net' },
				{ name: 'North America (Na.myconnectwise.net)', value: 'api-na.myconnectwise.net' },
				{ name: 'On-Premise or Other Host', value: 'custom' },
				{ name: 'South Africa (Za.myconnectwise.net)', value: 'api-za.myconnectwise.net' },
				{ name: 'Staging (Staging.connectwisedev.com)', value: 'api-staging.connectwisedev.com' },
			],
			default: 'api-na.myconnectwise.net',
			description: 'The ConnectWise PSA cloud you sign in to, or your own server',
		},
		{
			displayName: 'Host',
			name: 'customSite',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'psa.example.com',
			description:
				'Host name of an on-premise ConnectWise PSA server (or a full URL such as https://psa.example.com). Cloud hosts are reached through their api- prefix.',
			displayOptions: { show: { site: ['custom'] } },
		},
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			required: true,
			description: 'The company you enter on the ConnectWise PSA login screen (case-sensitive)',
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description: 'Public key of the API member (System › Members › API Members › API Keys)',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000',
			description:
				'Required by ConnectWise on every request. Create one for free at https://developer.connectwise.com/ClientID (sign in, then "Create Client ID").',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '2025.1',
			description:
				'Pinned in the Accept header so that ConnectWise upgrades cannot change the shape of the answers',
		},
	];

	// A function, not generic expressions, which n8n resolves anew for every request: it halves a
	// first sync's time (bench/results/credential-authentication.md).
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		auth: {
			username: `${credentials.companyId}+${credentials.publicKey}`,
			password: String(credentials.privateKey),
		},
		headers: {
			...requestOptions.headers,
			clientId: credentials.clientId,
			Accept: `application/vnd.connectwise.com+json; version=${credentials.apiVersion}`,
		},
	});

	// Listing one configuration needs the same Configurations inquire right as the sync, so a
	// missing security role shows up here rather than in the first workflow run.
	test: ICredentialTestRequest = {
		request: {
			baseURL: originExpression,
			url: '/v4_6_release/apis/3.0/company/configurations',
			qs: { pageSize: 1, fields: 'id' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'ConnectWise refused the request: the Client ID is missing or invalid. Create one at https://developer.connectwise.com/ClientID.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'ConnectWise did not accept the login: check the company ID, the public key and the private key of the API member.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"The API member's security role is missing a right: it needs Companies › Company Maintenance (Inquire) and Companies › Configurations (Add, Edit, Inquire), plus System › Table Setup (Add, Edit, Inquire).",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'ConnectWise answered 404: this company ID is not known on this site (cloud sites also answer 404 to wrong keys). Check the site and the company ID.',
				},
			},
		],
	};
}
