import { HttpError, parseInput } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CrmContext } from '../context.js';
import { CONTACT_ID, customerFor } from '../customers.js';

const params = z.object({
  contactId: z.string().regex(CONTACT_ID, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -'),
});

/** GET /api/customers/:contactId: the customer record crm-sync enriches Data Action calls with. */
export async function customerRoutes(app: FastifyInstance, ctx: CrmContext): Promise<void> {
  app.get('/api/customers/:contactId', async (request) => {
    const { contactId } = parseInput(params, request.params, 'contactId');
    if (contactId.startsWith('missing-')) {
      throw new HttpError(404, 'not_found', `No customer with contactId ${contactId}`, 'contactId');
    }
    return customerFor(ctx.config.CRM_SEED, contactId);
  });
  // An empty id never reaches the route above; answer it as the bad input it is rather than "no route".
  app.get('/api/customers/', async () => {
    throw new HttpError(400, 'bad_request', 'Invalid contactId: must not be empty', 'contactId');
  });
}
