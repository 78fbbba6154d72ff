import type { TypedDocument } from '@plaza/testkit';

// Scheduling's operations of the benchmarks, typed by hand with what they select (see operations.ts).

type WeeklyHours = { weekday: number; opens: string; closes: string }[];

export const BENCH_CREATE_RESOURCE: TypedDocument<
  { createResource: { id: string } },
  { input: { name: string; type: 'SPACE'; timeZone: string; openHours: WeeklyHours } }
> = 'mutation BenchCreateResource($input: CreateResourceInput!) { createResource(input: $input) { id } }';

export const BENCH_CREATE_CALENDAR: TypedDocument<{ createCalendar: { id: string } }, { name: string; timeZone: string }> =
  'mutation BenchCreateCalendar($name: String!, $timeZone: String) { createCalendar(input: { name: $name, ownerType: ORGANIZATION, timeZone: $timeZone }) { id } }';

export const BENCH_ISSUE_FEED: TypedDocument<{ issueCalendarFeed: { url: string } }, { calendarId: string }> =
  'mutation BenchIssueFeed($calendarId: ID!) { issueCalendarFeed(calendarId: $calendarId) { url } }';

export const BENCH_RESOURCE_AVAILABILITY: TypedDocument<
  { resourceAvailability: { startsAt: string; endsAt: string }[] | null },
  { resourceId: string; from: string; to: string; durationMinutes: number }
> = `query BenchResourceAvailability($resourceId: ID!, $from: DateTime!, $to: DateTime!, $durationMinutes: Int!) {
  resourceAvailability(resourceId: $resourceId, from: $from, to: $to, durationMinutes: $durationMinutes) { startsAt endsAt }
}`;

export const BENCH_EVENT_OCCURRENCES: TypedDocument<
  {
    eventOccurrences:
      { originalStartsAt: string; startsAt: string; endsAt: string; title: string; modified: boolean; event: { id: string } }[] | null;
  },
  { from: string; to: string }
> = `query BenchEventOccurrences($from: DateTime!, $to: DateTime!) {
  eventOccurrences(from: $from, to: $to) { originalStartsAt startsAt endsAt title modified event { id } }
}`;

export const BENCH_BOOK_RESOURCE: TypedDocument<
  { bookResource: { id: string } },
  { input: { resourceId: string; startsAt: string; endsAt: string } }
> = 'mutation BenchBookResource($input: BookResourceInput!) { bookResource(input: $input) { id } }';
