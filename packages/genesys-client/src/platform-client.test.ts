import imported from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { platformClient } from './platform-client.js';

describe('platformClient', () => {
  it('is the very module an import of the SDK gets, not a second copy', () => {
    // A second copy would have its own ApiClient singleton and classes: instanceof across the two would fail.
    expect(platformClient).toBe(imported);
    expect(new platformClient.RoutingApi(platformClient.ApiClient)).toBeInstanceOf(imported.RoutingApi);
  });
});
