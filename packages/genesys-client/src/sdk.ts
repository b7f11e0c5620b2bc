import platformClient from 'purecloud-platform-client-v2';
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
 */
export function createSdk(gateway: Gateway, timeoutMs: number | undefined) {
  const ApiClientClass = platformClient.ApiClient.constructor as new () => ApiClient;
  const apiClient = new ApiClientClass();
  apiClient.setGateway(gateway);
  apiClient.setReturnExtendedResponses(true);
  const http = new SignalHttpClient(timeoutMs ?? 16_000);
  apiClient.setHttpClient(http);
  return {
    apiClient,
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
