import type { Connection } from '@plaza/subgraph-kit';
import type { RsvpRecord } from './rsvp.repository.ts';

export type { RsvpRecord as RsvpMapper } from './rsvp.repository.ts';
export type RsvpConnectionMapper = Connection<RsvpRecord>;
