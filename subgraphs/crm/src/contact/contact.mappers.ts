import type { Connection } from '@plaza/subgraph-kit';
import type { ContactRecord } from './contact.repository.ts';

export type { ContactRecord as ContactMapper } from './contact.repository.ts';
export type ContactConnectionMapper = Connection<ContactRecord>;
