import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { AppointmentResolvers, ContactResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
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

export const Contact: ContactResolvers = {
  // CRM decides who may see a contact; scheduling only adds its appointments to the reference.
  __resolveReference: (reference) => ({ id: reference.id }),
  appointments: async (contact, { from, to, ...args }, { services, loaders }) => {
    const page = { ...parseInput(connectionArgsSchema, args), ...parseInput(appointmentFilterArgs, { from, to }) };
    return services.appointments.appointmentsPage(await loaders.appointmentsByContactId.load({ parentId: contact.id, ...page }), page);
  },
};
