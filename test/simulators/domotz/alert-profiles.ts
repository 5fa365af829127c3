import type {
	AlertProfile,
	AlertProfileAgentBinding,
	AlertProfileBindingsSeed,
	AlertProfileDeviceBinding,
	DomotzSeed,
	WebhookChannel,
} from './types';

type AlertProfileSeedPart = Required<
	Pick<DomotzSeed, 'alertProfiles' | 'alertProfileWebhooks' | 'alertProfileBindings'>
>;

const agentKey = (profileId: number, agentId: number) => `${profileId}/${agentId}`;
const deviceKey = (profileId: number, agentId: number, deviceId: number) =>
	`${profileId}/${agentId}/${deviceId}`;

/**
 * The account's Shared Alert Profiles (domotz/slate:source/index.html.md, "alert profiles"), the
 * webhook channel each posts to (set in the Portal, never shown by the API) and their bindings to
 * agents and devices. Bindings are kept in the order they were made.
 */
export class AlertProfileBook {
	private profiles = new Map<number, AlertProfile>();
	private webhooks = new Map<number, WebhookChannel>();
	private agentBindings = new Map<string, { profileId: number; agentId: number }>();
	private deviceBindings = new Map<
		string,
		{ profileId: number; agentId: number; deviceId: number }
	>();

	load(seed: DomotzSeed): void {
		this.profiles = new Map((seed.alertProfiles ?? []).map((profile) => [profile.id, profile]));
		this.webhooks = new Map(
			Object.entries(seed.alertProfileWebhooks ?? {}).map(([id, channel]) => [Number(id), channel]),
		);
		const bindings: AlertProfileBindingsSeed = seed.alertProfileBindings ?? {
			agents: [],
			devices: [],
		};
		this.agentBindings = new Map();
		this.deviceBindings = new Map();
		for (const { alert_profile_id, agent_id } of bindings.agents) {
			this.bindAgent(alert_profile_id, agent_id);
		}
		for (const { alert_profile_id, agent_id, device_id } of bindings.devices) {
			this.bindDevice(alert_profile_id, agent_id, device_id);
		}
	}

	exportSeed(): AlertProfileSeedPart {
		return {
			alertProfiles: this.list(),
			alertProfileWebhooks: Object.fromEntries(
				[...this.webhooks].map(([id, channel]) => [String(id), structuredClone(channel)]),
			),
			alertProfileBindings: {
				agents: [...this.agentBindings.values()].map(({ profileId, agentId }) => ({
					alert_profile_id: profileId,
					agent_id: agentId,
				})),
				devices: [...this.deviceBindings.values()].map(({ profileId, agentId, deviceId }) => ({
					alert_profile_id: profileId,
					agent_id: agentId,
					device_id: deviceId,
				})),
			},
		};
	}

	/** What the Portal does when a user creates or edits a profile and its webhook channel. */
	put(profile: AlertProfile, webhook?: WebhookChannel): void {
		this.profiles.set(profile.id, structuredClone(profile));
		if (webhook) this.webhooks.set(profile.id, structuredClone(webhook));
		else this.webhooks.delete(profile.id);
	}

	/** The Portal step: a profile's webhook channel set, changed or (undefined) removed. */
	setWebhook(profileId: number, webhook: WebhookChannel | undefined): void {
		if (!this.profiles.has(profileId)) throw new Error(`No alert profile ${profileId}`);
		if (webhook) this.webhooks.set(profileId, structuredClone(webhook));
		else this.webhooks.delete(profileId);
	}

	/** Every profile, by id, as `GET /alert-profile` lists them. */
	list(): AlertProfile[] {
		return [...this.profiles.values()]
			.sort((left, right) => left.id - right.id)
			.map((profile) => structuredClone(profile));
	}

	profile(profileId: number): AlertProfile | undefined {
		const profile = this.profiles.get(profileId);
		return profile && structuredClone(profile);
	}

	webhook(profileId: number): WebhookChannel | undefined {
		const channel = this.webhooks.get(profileId);
		return channel && structuredClone(channel);
	}

	agentBindingsOf(agentId: number): AlertProfileAgentBinding[] {
		return [...this.agentBindings.values()]
			.filter((binding) => binding.agentId === agentId)
			.map(({ profileId }) => ({ alert_profile_id: profileId }));
	}

	deviceBindingsOf(agentId: number): AlertProfileDeviceBinding[] {
		return [...this.deviceBindings.values()]
			.filter((binding) => binding.agentId === agentId)
			.map(({ profileId, deviceId }) => ({ alert_profile_id: profileId, device_id: deviceId }));
	}

	isBoundToAgent(profileId: number, agentId: number): boolean {
		return this.agentBindings.has(agentKey(profileId, agentId));
	}

	isBoundToDevice(profileId: number, agentId: number, deviceId: number): boolean {
		return this.deviceBindings.has(deviceKey(profileId, agentId, deviceId));
	}

	/** Binding twice leaves one binding. */
	bindAgent(profileId: number, agentId: number): void {
		this.agentBindings.set(agentKey(profileId, agentId), { profileId, agentId });
	}

	/** False when there was no such binding. */
	unbindAgent(profileId: number, agentId: number): boolean {
		return this.agentBindings.delete(agentKey(profileId, agentId));
	}

	bindDevice(profileId: number, agentId: number, deviceId: number): void {
		this.deviceBindings.set(deviceKey(profileId, agentId, deviceId), {
			profileId,
			agentId,
			deviceId,
		});
	}

	unbindDevice(profileId: number, agentId: number, deviceId: number): boolean {
		return this.deviceBindings.delete(deviceKey(profileId, agentId, deviceId));
	}

	/** A deleted device keeps no binding. */
	forgetDevice(agentId: number, deviceId: number): void {
		for (const [key, binding] of this.deviceBindings) {
			if (binding.agentId === agentId && binding.deviceId === deviceId) {
				this.deviceBindings.delete(key);
			}
		}
	}
}
