/**
 * Exact redaction of the credential values a client's port sends. Shape rules (errors.ts,
 * error-body.ts) catch what looks like a key; these catch the keys themselves, whatever they look
 * like, in every form an API or a proxy can echo them: as sent, URL-encoded, JSON-escaped and
 * Base64-encoded.
 */

export type Redactor = (text: string) => string;

export const REDACTED = '[redacted]';

/** Shorter values would blank ordinary words; real keys, ids and tokens are far longer. */
const minimumSecretLength = 6;

const echoedForms: ReadonlyArray<(value: string) => string> = [
	(value) => value,
	(value) => encodeURIComponent(value),
	(value) => JSON.stringify(value).slice(1, -1),
	(value) => base64(value),
];

/** UTF-8 Base64, as HTTP clients encode Basic credentials. */
function base64(value: string): string {
	const bytes = new TextEncoder().encode(value);
	return btoa(String.fromCharCode(...bytes));
}

/** Replaces every occurrence of every secret, longest form first so no part of one is left. */
export function secretRedactor(secrets: ReadonlyArray<string | null | undefined>): Redactor {
	const forms = [
		...new Set(
			secrets
				.filter((secret): secret is string => (secret ?? '').length >= minimumSecretLength)
				.flatMap((secret) => echoedForms.map((form) => form(secret))),
		),
	].sort((a, b) => b.length - a.length);
	if (forms.length === 0) return (text) => text;
	return (text) => forms.reduce((redacted, form) => redacted.split(form).join(REDACTED), text);
}

/** Every string inside a decoded body, redacted; the structure is kept for the body readers. */
export function redactBody(body: unknown, redact: Redactor): unknown {
	if (typeof body === 'string') return redact(body);
	if (Array.isArray(body)) return body.map((item) => redactBody(item, redact));
	if (typeof body === 'object' && body !== null) {
		return Object.fromEntries(
			Object.entries(body).map(([key, value]) => [redact(key), redactBody(value, redact)]),
		);
	}
	return body;
}
