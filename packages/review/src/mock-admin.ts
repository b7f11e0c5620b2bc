import { mockAdmin as labMockAdmin, type MockAdmin } from '@lab/lab-client';

/** The mocks' admin API (the shared fault-engine contract), through @lab/lab-client. */
export function mockAdmin(baseUrl: string): MockAdmin {
  return labMockAdmin(baseUrl);
}
