import { describe, expect, it } from 'vitest';
import { ListingSetupError, renderListing } from '../../src/site/listing.ts';

describe('<Listing> rendering', () => {
  it('renders the command output of the scenario after its setup', () => {
    const r = renderListing({ scenario: 'bookinfo-1.6', setup: ['kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0'], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_IN_REDIRECT -v' });
    expect(r.output).toBe('-N ISTIO_IN_REDIRECT\n-A ISTIO_IN_REDIRECT -p tcp -c 1 60 -j REDIRECT --to-ports 15006\n');
    expect(r.code).toBe(0);
  });

  it('lets a request fail on purpose but not a rule change or an unknown command', () => {
    const loop = ['nsenter -t 4170 -n iptables -t nat -D ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN', 'nsenter -t 4170 -n iptables -t nat -D ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN', 'kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/reviews/0'];
    expect(renderListing({ scenario: 'bookinfo-1.6', setup: loop, cmd: 'echo ok' }).output).toBe('ok\n');
    expect(() => renderListing({ scenario: 'bookinfo-1.6', setup: ['nsenter -t 4170 -n iptables -t nat -D ISTIO_OUTPUT -j NOPE'], cmd: 'echo' })).toThrow(ListingSetupError);
    expect(() => renderListing({ scenario: 'empty', setup: ['kubeclt get pods'], cmd: 'echo' })).toThrow(ListingSetupError);
  });

  it('shows errors the way a terminal does (stderr in the output)', () => {
    const r = renderListing({ scenario: 'empty', cmd: 'iptables -t nat -A OUTPUT -j DROP' });
    expect(r.code).toBe(2);
    expect(r.output).toContain('The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.');
  });
});
