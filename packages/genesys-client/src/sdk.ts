import { platformClient } from './platform-client.js';
import { SignalHttpClient } from './signal-http-client.js';

export interface Gateway {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

type ApiClient = typeof platformClient.ApiClient;

/**
 * An SDK ApiClient of our own, not the process-wide singleton: `platformClient.ApiClient` is an instance (the
 * singleton), its constructor builds independent ones (own gateway, token, configuration and HTTP client), and
 * every API class takes the client to use in its constructor. So two services, or two clients in one test
 * process, never share a token or a gateway.
 *
 * Login and API on two hosts (real Genesys Cloud: login.<region> and api.<region>): the SDK's setEnvironment derives
 * both from a region but only as https on port 443, and its gateway (what reaches http://127.0.0.1:PORT or a mesh's
 * plain port 80) puts login and API on one host. So a distinct `loginGateway` gets an ApiClient of its own, used for
 * the token request only (`loginClient`); the token it obtains is handed to `apiClient` before every call (call.ts).
 * Both send through the one HTTP client, so cancellation and timeouts are the same.
 */
export function createSdk(gateway: Gateway, timeoutMs: number | undefined, loginGateway: Gateway = gateway) {
  const ApiClientClass = platformClient.ApiClient.constructor as new () => ApiClient;
  const http = new SignalHttpClient(timeoutMs ?? 16_000);
  const clientFor = (at: Gateway) => {
    const client = new ApiClientClass();
    client.setGateway(at);
    client.setReturnExtendedResponses(true);
    client.setHttpClient(http);
    return client;
  };
  const apiClient = clientFor(gateway);
  const sameHost = (['host', 'port', 'protocol'] as const).every((key) => loginGateway[key] === gateway[key]);
  const loginClient = sameHost ? apiClient : clientFor(loginGateway);
  return {
    apiClient,
    loginClient,
    http,
    routing: new platformClient.RoutingApi(apiClient),
    users: new platformClient.UsersApi(apiClient),
    analytics: new platformClient.AnalyticsApi(apiClient),
    conversations: new platformClient.ConversationsApi(apiClient),
    notifications: new platformClient.NotificationsApi(apiClient),
    wfm: new platformClient.WorkforceManagementApi(apiClient),
  };
}

export type Sdk = ReturnType<typeof createSdk>;
