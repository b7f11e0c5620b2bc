import { z } from 'zod';
import { API_FAMILIES, type ApiFamily } from '../config.js';

/** Which requests a fault applies to. Empty: every Genesys API request. */
export const faultTargetSchema = z
  .object({
    family: z.enum(API_FAMILIES).optional(),
    /** A route as the mock names it in metrics, e.g. "/api/v2/conversations/:conversationId". */
    route: z.string().startsWith('/').optional(),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .optional(),
  })
  .default({});
export type FaultTarget = z.infer<typeof faultTargetSchema>;

export interface RequestFacts {
  method: string;
  route: string;
  family: ApiFamily | undefined;
}

export function targets(target: FaultTarget, request: RequestFacts): boolean {
  if (target.family && target.family !== request.family) return false;
  if (target.route && target.route !== request.route) return false;
  if (target.method && target.method !== request.method) return false;
  return true;
}
