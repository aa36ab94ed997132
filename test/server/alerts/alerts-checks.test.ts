import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isForbiddenAddress } from '../../../server/alerts/addressPolicy';
import { matches } from '../../../server/alerts/glob';
import { signatureHeader, verifySignature } from '../../../server/alerts/signature';
import { checkWebhookUrl, originOf, resolveWebhookTarget, WebhookUrlError } from '../../../server/alerts/webhookUrl';

describe('call-id globs', () => {
  it('* matches any run, ? one character, the rest literally', () => {
    expect(matches('room-*', 'room-1')).toBe(true);
    expect(matches('room-*', 'room-')).toBe(true);
    expect(matches('room-*', 'lobby-1')).toBe(false);
    expect(matches('r??m', 'room')).toBe(true);
    expect(matches('r??m', 'rooom')).toBe(false);
    expect(matches('*.sales', 'eu.sales')).toBe(true);
    // `.` is a literal dot, not "any character" as it would be in a regular expression.
    expect(matches('a.c', 'abc')).toBe(false);
  });

  it('agrees with a reference translation on random globs and ids', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '-', '*', '?');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '.', '-'), maxLength: 10 }), (glob, id) => {
        const reference = new RegExp(`^${glob.replace(/[.\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
        expect(matches(glob, id)).toBe(reference.test(id));
      }),
    );
  });

  it('answers a glob built to make a backtracking matcher explode (within the test timeout)', () => {
    expect(matches(`${'*a'.repeat(60)}b`, 'a'.repeat(128))).toBe(false);
    expect(matches(`${'*a'.repeat(60)}`, 'a'.repeat(128))).toBe(true);
  });
});

describe('webhook addresses', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0',
    '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '::10.0.0.1',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it.each([
    ['http://hooks.example.com/x', 'https://'],
    ['ftp://hooks.example.com/x', 'https://'],
    ['javascript:alert(1)', 'https://'],
    ['https://localhost/x', 'private'],
    ['https://127.0.0.1/x', 'private'],
    ['https://2130706433/x', 'private'],
    ['https://0x7f.1/x', 'private'],
    ['https://[::ffff:169.254.169.254]/x', 'private'],
    ['https://metadata.google.internal/computeMetadata', 'private'],
    ['not a url', 'valid'],
  ])('refuses %s when a rule is saved', (url, reason) => {
    expect(() => checkWebhookUrl(url, [])).toThrow(WebhookUrlError);
    expect(() => checkWebhookUrl(url, [])).toThrow(reason);
  });

  it('lets ALERT_WEBHOOK_ALLOW hosts through, over http too', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook', ['127.0.0.1']).allowed).toBe(true);
    expect(() => checkWebhookUrl('http://127.0.0.2:9999/hook', ['127.0.0.1'])).toThrow(WebhookUrlError);
  });

  it('refuses a name that resolves to a private address, even if only one of its records does', async () => {
    const rebinding = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }];
    await expect(resolveWebhookTarget('https://hooks.example.com/x', [], rebinding)).rejects.toThrow('resolves to a private');
    const publicOnly = async () => [{ address: '93.184.216.34', family: 4 }];
    await expect(resolveWebhookTarget('https://hooks.example.com/x', [], publicOnly)).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
  });

  it('shows only the origin of a URL with credentials', () => {
    expect(originOf('https://user:pa55word@hooks.example.com/services/T000/B000/XXXX?token=abc')).toBe('https://hooks.example.com');
  });
});

describe('webhook signatures', () => {
  const secret = 'an-alert-webhook-secret';
  it('signs "<t>.<raw body>" and a receiver can check it', () => {
    const header = signatureHeader(secret, '{"a":1}', 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, '{"a":1}', header, 1_700_000_010)).toBe(true);
    expect(verifySignature(secret, '{"a":2}', header, 1_700_000_010)).toBe(false);
    expect(verifySignature('another-secret-entirely', '{"a":1}', header, 1_700_000_010)).toBe(false);
    expect(verifySignature(secret, '{"a":1}', header, 1_700_001_000)).toBe(false);
  });
});
