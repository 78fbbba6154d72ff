import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';
import type { CreateContactInput } from './graphql/graphql.ts';

let stack: TestStack;
let crm: PrismaClient;
beforeAll(async () => {
  stack = await sharedTestStack();
  crm = stack.prisma<PrismaClient>('crm');
});

let sequence = 0;
const uniqueEmail = () => `contact-${Date.now().toString(36)}-${sequence++}@example.test`;

const CREATE = graphql(`
  mutation ContactsCreateContact($input: CreateContactInput!) {
    createContact(input: $input) {
      id
      email
      name
      phone
      stage
      owner {
        id
      }
      user {
        id
      }
      createdAt
    }
  }
`);
const CONTACTS = graphql(`
  query ContactsPage($first: Int, $after: String, $stage: ContactStage) {
    contacts(first: $first, after: $after, stage: $stage) {
      edges {
        cursor
        node {
          id
          email
          stage
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const CONTACT = graphql(`
  query ContactsContact($id: ID!) {
    contact(id: $id) {
      id
      name
      stage
    }
  }
`);
const CONTACT_PEOPLE = graphql(`
  query ContactsOwnerAndUser($id: ID!) {
    contact(id: $id) {
      owner {
        id
        name
      }
      user {
        id
        name
      }
    }
  }
`);
const UPDATE_STAGE = graphql(`
  mutation ContactsUpdateStage($id: ID!, $stage: ContactStage!) {
    updateContactStage(id: $id, stage: $stage) {
      id
      stage
    }
  }
`);

async function createContact(actor: Actor, input: Partial<CreateContactInput> = {}) {
  return expectData(await actor.request(CREATE, { input: { email: uniqueEmail(), name: 'Maya Patel', ...input } })).createContact;
}

describe('createContact', () => {
  it('creates a contact owned by the viewer, with email lowercased', async () => {
    const owner = await stack.createOrganization();
    const email = uniqueEmail();
    const data = expectData(
      await owner.request(CREATE, { input: { email: `  ${email.toUpperCase()} `, name: ' Maya Patel ', phone: '+44 20 7946 0001' } }),
    );
    expect(data.createContact).toMatchObject({
      email,
      name: 'Maya Patel',
      phone: '+44 20 7946 0001',
      stage: 'LEAD',
      owner: { id: owner.userId },
      user: null,
    });
  });

  it('refuses a duplicate email in the same organization with CONFLICT, but allows it in another', async () => {
    const owner = await stack.createOrganization();
    const { email } = await createContact(owner);
    const error = expectErrorCode(await owner.request(CREATE, { input: { email: email.toUpperCase(), name: 'Twin' } }), 'CONFLICT');
    expect(error.message).toContain(email);
    expect(await crm.contact.count({ where: { organizationId: owner.organizationId, email } })).toBe(1);

    const stranger = await stack.createOrganization();
    await createContact(stranger, { email });
  });

  it('names each invalid field with BAD_USER_INPUT', async () => {
    const owner = await stack.createOrganization();
    const response = await owner.request(CREATE, { input: { email: 'not-an-email', name: 'x'.repeat(121), phone: 'call me' } });
    const error = expectErrorCode(response, 'BAD_USER_INPUT');
    expect(error.message).toMatch(/email: must be a valid email address/);
    expect(error.message).toMatch(/name: must be at most 120 characters/);
    expect(error.message).toMatch(/phone: must contain only digits/);
    expectErrorCode(await owner.request(CREATE, { input: { email: uniqueEmail(), name: '   ' } }), 'BAD_USER_INPUT');
  });

  it('needs MODERATOR or higher', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    expectErrorCode(await member.request(CREATE, { input: { email: uniqueEmail(), name: 'Nope' } }), 'FORBIDDEN');
    await createContact(moderator);
    expectErrorCode(await stack.anonymous.request(CREATE, { input: { email: uniqueEmail(), name: 'Nope' } }), 'UNAUTHENTICATED');
  });
});

describe('contacts and contact', () => {
  it('pages through contacts oldest first and filters by stage', async () => {
    const owner = await stack.createOrganization();
    const created = [];
    for (const stage of ['LEAD', 'PROSPECT', 'LEAD', 'CUSTOMER', 'LEAD'] as const) created.push(await createContact(owner, { stage }));
    const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);

    const first = expectData(await owner.request(CONTACTS, { first: 2 })).contacts;
    expect(ids(first)).toEqual(created.slice(0, 2).map((contact) => contact.id));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await owner.request(CONTACTS, { first: 2, after: first.pageInfo.endCursor })).contacts;
    expect(ids(second)).toEqual(created.slice(2, 4).map((contact) => contact.id));
    const last = expectData(await owner.request(CONTACTS, { first: 2, after: second.pageInfo.endCursor })).contacts;
    expect(ids(last)).toEqual([created[4]?.id]);
    expect(last.pageInfo.hasNextPage).toBe(false);

    const leads = expectData(await owner.request(CONTACTS, { stage: 'LEAD' })).contacts;
    expect(ids(leads)).toEqual([created[0]?.id, created[2]?.id, created[4]?.id]);

    expectErrorCode(await owner.request(CONTACTS, { first: 101 }), 'BAD_USER_INPUT');
    expectErrorCode(await owner.request(CONTACTS, { after: 'garbage' }), 'BAD_USER_INPUT');
  });

  it('returns one contact by id, NOT_FOUND for an unknown id', async () => {
    const owner = await stack.createOrganization();
    const contact = await createContact(owner);
    expect(expectData(await owner.request(CONTACT, { id: contact.id })).contact).toEqual({
      id: contact.id,
      name: 'Maya Patel',
      stage: 'LEAD',
    });
    expectErrorCode(await owner.request(CONTACT, { id: 'does-not-exist' }), 'NOT_FOUND');
  });

  it('shows members below MODERATOR only the contacts they own', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const theirs = await createContact(owner, { ownerId: member.userId });
    const notTheirs = await createContact(owner);

    const seen = expectData(await member.request(CONTACTS)).contacts;
    expect(seen.edges.map((edge) => edge.node.id)).toEqual([theirs.id]);
    expectErrorCode(await member.request(CONTACT, { id: notTheirs.id }), 'NOT_FOUND');
    expect(expectData(await member.request(UPDATE_STAGE, { id: theirs.id, stage: 'PROSPECT' })).updateContactStage.stage).toBe('PROSPECT');
    expectErrorCode(await member.request(UPDATE_STAGE, { id: notTheirs.id, stage: 'PROSPECT' }), 'NOT_FOUND');

    const viewer = await stack.addMember(owner, 'VIEWER');
    expectErrorCode(await viewer.request(UPDATE_STAGE, { id: theirs.id, stage: 'CUSTOMER' }), 'FORBIDDEN');
  });

  it('resolves owner and user through identity', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const contact = await createContact(owner, { email: member.email, userId: member.userId });
    const data = expectData(await owner.request(CONTACT_PEOPLE, { id: contact.id }));
    expect(data.contact).toEqual({ owner: { id: owner.userId, name: owner.name }, user: { id: member.userId, name: member.name } });
  });
});

describe('updateContactStage', () => {
  it('moves a contact to another stage', async () => {
    const owner = await stack.createOrganization();
    const contact = await createContact(owner);
    const data = expectData(await owner.request(UPDATE_STAGE, { id: contact.id, stage: 'CUSTOMER' }));
    expect(data.updateContactStage).toEqual({ id: contact.id, stage: 'CUSTOMER' });
    expect(expectData(await owner.request(CONTACT, { id: contact.id })).contact?.stage).toBe('CUSTOMER');
  });
});

describe('tenancy', () => {
  it('shows and changes nothing of another organization', async () => {
    const a = await stack.createOrganization();
    const contact = await createContact(a);
    const b = await stack.createOrganization();

    expect(expectData(await b.request(CONTACTS)).contacts.edges).toEqual([]);
    expectErrorCode(await b.request(CONTACT, { id: contact.id }), 'NOT_FOUND');
    expectErrorCode(await b.request(UPDATE_STAGE, { id: contact.id, stage: 'CHURNED' }), 'NOT_FOUND');
    const row = await crm.contact.findUnique({ where: { id: contact.id }, select: { stage: true } });
    expect(row?.stage).toBe('LEAD');
  });

  it('needs an organization', async () => {
    const loner = await stack.signUp();
    expectErrorCode(await stack.client(loner.token).request(CONTACTS), 'FORBIDDEN');
    expectErrorCode(await stack.anonymous.request(CONTACTS), 'UNAUTHENTICATED');
  });
});

describe('user ids from clients (member directory)', () => {
  it("answers NOT_FOUND for another organization's user or a former member as owner or linked user, and writes nothing", async () => {
    const owner = await stack.createOrganization();
    const elsewhere = await stack.createOrganization();
    const former = await stack.addMember(owner, 'MEMBER');
    await stack.removeMember(owner, former.userId);
    const email = uniqueEmail();
    for (const userId of [elsewhere.userId, former.userId]) {
      const asOwner = await owner.request(CREATE, { input: { email, name: 'Maya Patel', ownerId: userId } });
      expectErrorCode(asOwner, 'NOT_FOUND');
      expect(asOwner.errors?.[0]?.message).toBe(`User ${userId} was not found`);
      expectErrorCode(await owner.request(CREATE, { input: { email, name: 'Maya Patel', userId } }), 'NOT_FOUND');
    }
    expect(await crm.contact.count({ where: { email } })).toBe(0);
  });
});
