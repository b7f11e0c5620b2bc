import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBasicAuth } from '../auth/tokens.js';
import type { MockContext } from '../context.js';
import { GenesysError } from '../errors.js';
import { parseInput } from '../validation.js';

const tokenRequest = z.object({ grant_type: z.literal('client_credentials', { error: 'must be client_credentials' }) });

/** POST /oauth/token: client-credentials grant, Basic auth, form body. */
export async function oauthRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.post('/oauth/token', async (request) => {
    const basic = parseBasicAuth(request.headers.authorization);
    if (!basic) {
      throw new GenesysError(401, 'Client credentials are required as HTTP Basic authorization', 'bad.credentials');
    }
    parseInput(tokenRequest, request.body ?? {}, 'body');
    const client = ctx.tokens.authenticateClient(basic.clientId, basic.clientSecret);
    if (!client) throw new GenesysError(401, 'Invalid client id or secret', 'bad.credentials');
    request.clientId = client.clientId;
    const token = ctx.tokens.issue(client);
    return { access_token: token.accessToken, token_type: 'bearer', expires_in: client.tokenLifetimeSeconds };
  });
}
