import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE = graphql(`
  mutation AppointmentCreate($input: CreateAppointmentInput!) {
    createAppointment(input: $input) {
      id
      status
      staff {
        id
      }
      contact {
        id
      }
    }
  }
`);
const SET_STATUS = graphql(`
  mutation AppointmentSetStatus($id: ID!, $status: AppointmentStatus!) {
    setAppointmentStatus(id: $id, status: $status) {
      status
    }
  }
`);
const LIST = graphql(`
  query AppointmentList($staffUserId: ID) {
    appointments(staffUserId: $staffUserId) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const at = (hour: number) => new Date(Date.UTC(2031, 1, 3, hour)).toISOString();

describe('appointments', () => {
  it("keeps one staff member's live appointments from overlapping, whoever books them", async () => {
    const owner = await stack.createOrganization();
    const staff = await stack.addMember(owner, 'MEMBER');
    const first = expectData(
      await owner.request(CREATE, { input: { staffUserId: staff.userId, contactId: 'contact-1', startsAt: at(9), endsAt: at(10) } }),
    ).createAppointment;
    expect(first).toMatchObject({ status: 'SCHEDULED', staff: { id: staff.userId }, contact: { id: 'contact-1' } });

    const overlap = expectErrorCode(
      await staff.request(CREATE, { input: { contactId: 'contact-2', startsAt: at(9.5), endsAt: at(11) } }),
      'CONFLICT',
    );
    expect(overlap.extensions?.conflictingAppointmentId).toBe(first.id);
    // Another staff member's time is their own; a member may not book for someone else.
    expectData(await owner.request(CREATE, { input: { contactId: 'contact-2', startsAt: at(9.5), endsAt: at(11) } }));
    expectErrorCode(
      await staff.request(CREATE, { input: { staffUserId: owner.userId, contactId: 'contact-3', startsAt: at(12), endsAt: at(13) } }),
      'FORBIDDEN',
    );

    // Cancelled, the time is free again; a cancelled appointment stays cancelled.
    expect(expectData(await staff.request(SET_STATUS, { id: first.id, status: 'CANCELLED' })).setAppointmentStatus.status).toBe(
      'CANCELLED',
    );
    expectErrorCode(await staff.request(SET_STATUS, { id: first.id, status: 'CONFIRMED' }), 'CONFLICT');
    expectData(await staff.request(CREATE, { input: { contactId: 'contact-2', startsAt: at(9.5), endsAt: at(11) } }));
    expect(expectData(await owner.request(LIST, { staffUserId: staff.userId })).appointments.edges).toHaveLength(2);
    expectErrorCode(await staff.request(CREATE, { input: { contactId: 'c', startsAt: at(12), endsAt: at(11) } }), 'BAD_USER_INPUT');
  });
});
