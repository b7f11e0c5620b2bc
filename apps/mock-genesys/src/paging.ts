import { z } from 'zod';

/** Query parameters of Genesys listings: pageSize (default 25) and pageNumber (default 1). */
export const listingQuerySchema = z.object({
  pageSize: z.coerce.number().int().min(1).max(500).default(25),
  pageNumber: z.coerce.number().int().min(1).default(1),
});

/** A page of a listing with Genesys' paging fields and links; `extra` query parameters are kept in the links. */
export function listingPage<T>(
  all: T[],
  path: string,
  { pageSize, pageNumber }: z.infer<typeof listingQuerySchema>,
  extra: Record<string, string | undefined> = {},
) {
  const total = all.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const link = (n: number) => {
    const params = new URLSearchParams({ pageSize: String(pageSize), pageNumber: String(n) });
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, v);
    return `${path}?${params.toString()}`;
  };
  return {
    entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: link(1),
    selfUri: link(pageNumber),
    ...(pageNumber < pageCount ? { nextUri: link(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: link(Math.min(pageNumber - 1, pageCount)) } : {}),
    lastUri: link(pageCount),
  };
}
