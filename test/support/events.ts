// Reads an organisation's events through the admin API, as a host application would.
import { expect } from "vitest";
import type { WireEvent } from "../../src/events/catalogue";
import { admin } from "./admin-client";

export interface EventPage {
  items: WireEvent[];
  nextAfter: number;
  hasMore: boolean;
}

export async function eventPage(orgId: string, query = ""): Promise<EventPage> {
  const res = await admin.get<EventPage>(`/organisations/${orgId}/events${query ? `?${query}` : ""}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Every event of the organisation, oldest first. */
export const eventsOf = async (orgId: string, query = ""): Promise<WireEvent[]> =>
  (await eventPage(orgId, `limit=1000${query ? `&${query}` : ""}`)).items;

/** Event types in order, with the resource each is about: the shape most assertions need. */
export const typesOf = (events: WireEvent[]) => events.map((e) => e.type);
