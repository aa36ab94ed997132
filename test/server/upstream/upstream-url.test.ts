import { describe, expect, it } from 'vitest';
import { buildUpstreamUrl, UnsafePathError } from '../../../server/upstream/url';

const base = new URL('https://admin.example.com/api');

describe('buildUpstreamUrl', () => {
  it('keeps the base path prefix and encodes the id', () => {
    expect(buildUpstreamUrl(base, ['sessions-status', 'team:daily@eu']).toString()).toBe(
      'https://admin.example.com/api/sessions-status/team%3Adaily%40eu',
    );
    expect(buildUpstreamUrl(new URL('https://admin.example.com/api/'), ['meetings']).pathname).toBe('/api/meetings');
  });

  it.each(['..', '.', '%2e%2e', '%2E%2E', 'a/b', 'a\\b', '', 'a?b', 'a#b', 'x'.repeat(129), '..%2f'])(
    'refuses the segment %j before any request',
    (segment) => {
      expect(() => buildUpstreamUrl(base, ['call-catchup', segment])).toThrow(UnsafePathError);
    },
  );

  it('adds query parameters without touching the path', () => {
    const url = buildUpstreamUrl(new URL('https://x.example/t'), ['v4', 'get_call_info'], { sdkappid: '1', usersig: 'a+b/c=' });
    expect(url.pathname).toBe('/t/v4/get_call_info');
    expect(url.searchParams.get('usersig')).toBe('a+b/c=');
  });
});
