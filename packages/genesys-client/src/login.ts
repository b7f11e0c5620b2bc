import type { Endpoint } from './errors.js';
import { toClientError } from './errors.js';
import type { Sdk } from './sdk.js';
import type { IssuedToken } from './token-cache.js';

const TOKEN_ENDPOINT: Endpoint = { method: 'POST', path: '/oauth/token', family: 'oauth' };

/**
 * The client-credentials grant through the SDK (`loginClientCredentialsGrant`, on the login host: `sdk.loginClient`),
 * as the token cache's fetchToken.
 * It runs outside any caller's AbortSignal: the refresh is shared, one caller giving up must not cancel it for the
 * others. A failure is re-thrown as GenesysApiError / GenesysNetworkError without the SDK's axios error, which
 * holds the Basic credentials.
 */
export function clientCredentialsLogin(sdk: Sdk, clientId: string, clientSecret: string): () => Promise<IssuedToken> {
  return async () => {
    try {
      const auth = await sdk.http.withSignal(undefined, () =>
        sdk.loginClient.loginClientCredentialsGrant(clientId, clientSecret),
      );
      // The SDK keeps only the absolute expiry it computed from expires_in on its own clock.
      return { accessToken: auth.accessToken, expiresInSeconds: (auth.tokenExpiryTime - Date.now()) / 1_000 };
    } catch (error) {
      throw toClientError(error, TOKEN_ENDPOINT);
    }
  };
}
