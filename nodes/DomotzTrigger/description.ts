import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { DomotzWebhookEventName } from '../../lib/domotz/webhook-events';

/** Each event of the reference's "Webhook Events" tables, as the user picks it. */
const eventOptions: Array<INodePropertyOptions & { value: DomotzWebhookEventName }> = [
	{
		name: 'Agent Down',
		value: 'agent_status_down',
		description: "The agent's connection to Domotz is lost",
	},
	{
		name: 'Agent Up',
		value: 'agent_status_up',
		description: "The agent's connection to Domotz is back",
	},
	{
		name: 'Device Configuration Changed',
		value: 'device_configuration_change',
		description: 'The configuration backed up from a device changes',
	},
	{
		name: 'Device Configuration Misaligned',
		value: 'device_configuration_misalignment',
		description: "A device's running configuration differs from its startup one",
	},
	{
		name: 'Device Discovered',
		value: 'agent_device_discovery',
		description: "A new device appears on an agent's network",
	},
	{
		name: 'Device Down',
		value: 'device_status_down',
		description: 'A device stops answering',
	},
	{
		name: 'Device Heartbeat Lost',
		value: 'device_heartbeat_lost',
		description: 'A device does not answer a ping',
	},
	{
		name: 'Device IP Changed',
		value: 'device_ip_change',
		description: "A device's IP address changes",
	},
	{
		name: 'Device Round-Trip Delay Issue',
		value: 'device_rtd',
		description: "A device's latency or packet loss crosses its thresholds",
	},
	{
		name: 'Device SNMP Value Changed',
		value: 'device_snmp',
		description: 'The status of an SNMP value of a device changes',
	},
	{
		name: 'Device TCP Service Changed',
		value: 'device_tcp',
		description: 'The status of a monitored TCP service of a device changes',
	},
	{
		name: 'Device Up',
		value: 'device_status_up',
		description: 'A device answers again',
	},
	{
		name: 'Feature Discovered',
		value: 'agent_feature_discovery',
		description: 'A new feature is discovered on a device',
	},
	{
		name: 'Internet Speed Issue',
		value: 'agent_speed_test',
		description: "The measured Internet speed crosses the agent's threshold",
	},
	{
		name: 'LAN Changed',
		value: 'agent_lan_change',
		description: 'The gateway, DNS servers or DHCP servers of the network change',
	},
	{
		name: 'MIB Discovered',
		value: 'agent_feature_discovery_mib',
		description: 'A new SNMP MIB is discovered on a device',
	},
	{
		name: 'Monitoring Profile State Changed',
		value: 'monitoring_profile_state_changed',
		description: 'The state of a monitoring profile of a device changes',
	},
	{
		name: 'Security Issue',
		value: 'agent_security_issue',
		description: 'Domotz finds an open TCP port or a UPnP port forward',
	},
	{
		name: 'WAN Changed',
		value: 'agent_wan_change',
		description: 'The Internet provider or the public IP address changes',
	},
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"Domotz sends events only to the webhook of a Shared Alert Profile, which only the Domotz Portal can create. Once: in the Portal (Settings › Shared Alerts), create a profile with a <b>Webhook</b> contact channel whose URL is this node's Production URL followed by <code>?token=</code> and the Webhook Secret of your Domotz credential, and tick the events chosen below. Then pick the profile here. On activation the node binds it to the agents (and, for device events, to their devices); on deactivation it removes the bindings it made, and only those.",
		name: 'portalNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Shared Alert Profile',
		name: 'alertProfile',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The profile made in the Domotz Portal with a webhook to this node, found by its name on activation',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a profile...',
				typeOptions: { searchListMethod: 'searchAlertProfiles', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. n8n device sync',
			},
		],
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: eventOptions,
		default: ['agent_device_discovery', 'device_ip_change'],
		required: true,
		description:
			'The events that start the workflow; the profile must send them all. Device events need the profile bound to every device, which the node does.',
	},
	{
		displayName: 'Agents',
		name: 'agentScope',
		type: 'options',
		options: [
			{
				name: 'All Agents',
				value: 'all',
				description: 'Every agent the API key can use, as they are on activation',
			},
			{ name: 'Chosen Agents', value: 'chosen' },
		],
		default: 'all',
	},
	{
		displayName: 'Agent Names or IDs',
		name: 'agentIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getAgents' },
		default: [],
		required: true,
		displayOptions: { show: { agentScope: ['chosen'] } },
		description:
			'Events of other agents are dropped. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Repeat Window (Seconds)',
				name: 'repeatWindowSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 300,
				description:
					'An event Domotz sends again within this time (the same device discovered twice) starts the workflow once. 0 passes every repeat on.',
			},
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: '',
				placeholder: 'e.g. X-Webhook-Token',
				description:
					'Read the Webhook Secret from this header instead of the token query parameter, if your profile sends one',
			},
		],
	},
];
