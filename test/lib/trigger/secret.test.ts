import { secretMatches } from '../../../lib/trigger/secret';

describe('secretMatches', () => {
	it('accepts the secret itself', () => {
		expect(secretMatches('s3cret-token', 's3cret-token')).toBe(true);
	});

	it.each([
		['another value of the same length', 's3cret-tokem'],
		['a prefix', 's3cret'],
		['the secret and more', 's3cret-token-and-more'],
		['nothing presented', undefined],
		['an empty value', ''],
		['the secret in another case', 'S3CRET-TOKEN'],
	])('refuses %s', (_case, presented) => {
		expect(secretMatches('s3cret-token', presented)).toBe(false);
	});

	it('lets an empty secret match nothing, not even an empty value', () => {
		expect(secretMatches('', '')).toBe(false);
	});

	it('compares characters beyond ASCII as they are', () => {
		expect(secretMatches('clé-ü', 'clé-ü')).toBe(true);
		expect(secretMatches('clé-ü', 'cle-u')).toBe(false);
	});
});
