import type { Connection } from '@plaza/subgraph-kit';
import type { AppointmentRecord } from './appointment.repository.ts';

export type { AppointmentRecord as AppointmentMapper } from './appointment.repository.ts';
export type AppointmentConnectionMapper = Connection<AppointmentRecord>;
/** CRM's contact, known here by id only. */
export type ContactMapper = { id: string };
