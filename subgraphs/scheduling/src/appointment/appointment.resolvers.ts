import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { AppointmentResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { appointmentFilterArgs, appointmentStatusSchema, createAppointmentInput } from './appointment.validation.ts';

export const appointmentQueries: QueryResolvers = {
  appointments: (_, { staffUserId, contactId, from, to, ...page }, { viewer, services }) =>
    services.appointments.list(viewer, {
      ...parseInput(connectionArgsSchema, page),
      ...parseInput(appointmentFilterArgs, { staffUserId, contactId, from, to }),
    }),
};

export const appointmentMutations: MutationResolvers = {
  createAppointment: (_, { input }, { viewer, services }) =>
    services.appointments.create(viewer, parseInput(createAppointmentInput, input)),
  setAppointmentStatus: (_, { id, status }, { viewer, services }) =>
    services.appointments.setStatus(viewer, parseInput(idSchema, id), parseInput(appointmentStatusSchema, status)),
};

export const Appointment: AppointmentResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.appointmentById.load(reference.id),
  // Identity resolves the staff member and CRM the contact; each decides what the viewer may see.
  staff: (appointment) => ({ id: appointment.staffUserId }),
  contact: (appointment) => ({ id: appointment.contactId }),
};
