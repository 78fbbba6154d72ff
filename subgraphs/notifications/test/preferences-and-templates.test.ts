import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { deliveryContentSchema } from '../src/delivery/delivery-content.ts';
import { NOTIFICATION_TYPES } from '../src/notification/notification-types.ts';
import { followed } from './event-fixtures.ts';
import type { PreferencesOwnQuery } from './graphql/graphql.ts';
import { graphql } from './graphql/index.ts';
import { SET_DEFAULTS, SET_PREFERENCES, notificationsOf } from './notifications-fixtures.ts';

let stack: TestStack;
let notifications: ReturnType<typeof notificationsOf>;
beforeAll(async () => {
  stack = await sharedTestStack();
  notifications = notificationsOf(stack);
});

const PREFERENCES = graphql(`
  query PreferencesOwn {
    notificationPreferences {
      type
      channel
      enabled
      source
    }
  }
`);
const DEFAULTS = graphql(`
  query PreferencesDefaults {
    notificationDefaults {
      type
      channel
      enabled
      source
    }
  }
`);

type Setting = NonNullable<PreferencesOwnQuery['notificationPreferences']>[number];
const setting = (settings: Setting[], type: string, channel: string) => settings.find((s) => s.type === type && s.channel === channel);
const preferencesOf = async (actor: Actor) => expectData(await actor.request(PREFERENCES)).notificationPreferences;

/** Every domain adds types; the lists must hold each one, whatever their number. */
const TYPE_COUNT = Object.keys(NOTIFICATION_TYPES).length;

describe('notification preferences', () => {
  it('lists every type and channel with the built-in defaults', async () => {
    const owner = await stack.createOrganization();
    const settings = await preferencesOf(owner);
    expect(settings).toHaveLength(TYPE_COUNT * 3);
    expect(settings.every((s) => s.source === 'BUILT_IN')).toBe(true);
    expect(setting(settings, 'post.commented', 'IN_APP')).toMatchObject({ enabled: true });
    expect(setting(settings, 'post.commented', 'EMAIL')).toMatchObject({ enabled: false });
    expect(setting(settings, 'invitation.received', 'EMAIL')).toMatchObject({ enabled: true });
  });

  it("stores the member's own choices, and null goes back to the level below", async () => {
    const owner = await stack.createOrganization();
    const updated = expectData(
      await owner.request(SET_PREFERENCES, {
        input: [
          { type: 'post.commented', channel: 'EMAIL', enabled: true },
          { type: 'message.received', channel: 'PUSH', enabled: false },
        ],
      }),
    ).updateNotificationPreferences;
    expect(setting(updated, 'post.commented', 'EMAIL')).toEqual({
      type: 'post.commented',
      channel: 'EMAIL',
      enabled: true,
      source: 'USER',
    });
    expect(setting(updated, 'message.received', 'PUSH')).toEqual({
      type: 'message.received',
      channel: 'PUSH',
      enabled: false,
      source: 'USER',
    });

    const reset = expectData(
      await owner.request(SET_PREFERENCES, { input: [{ type: 'post.commented', channel: 'EMAIL', enabled: null }] }),
    ).updateNotificationPreferences;
    expect(setting(reset, 'post.commented', 'EMAIL')).toMatchObject({ enabled: false, source: 'BUILT_IN' });
    expect(setting(reset, 'message.received', 'PUSH')).toMatchObject({ enabled: false, source: 'USER' });
  });

  it('names the bad setting and changes nothing', async () => {
    const owner = await stack.createOrganization();
    const unknown = expectErrorCode(
      await owner.request(SET_PREFERENCES, {
        input: [
          { type: 'post.commented', channel: 'EMAIL', enabled: true },
          { type: 'post.liked', channel: 'EMAIL', enabled: true },
        ],
      }),
      'BAD_USER_INPUT',
    );
    expect(unknown.message).toMatch(/input\.1\.type: must be one of .*post\.commented.*got "post\.liked"/);
    const twice = expectErrorCode(
      await owner.request(SET_PREFERENCES, {
        input: [
          { type: 'post.commented', channel: 'EMAIL', enabled: true },
          { type: 'post.commented', channel: 'EMAIL', enabled: false },
        ],
      }),
      'BAD_USER_INPUT',
    );
    expect(twice.message).toMatch(/input\.1: sets post\.commented\/EMAIL twice/);
    expect(expectErrorCode(await owner.request(SET_PREFERENCES, { input: [] }), 'BAD_USER_INPUT').message).toMatch(
      /input: must contain at least one/,
    );
    expect((await preferencesOf(owner)).every((s) => s.source === 'BUILT_IN')).toBe(true);
  });

  it('needs a member of an organization', async () => {
    expectErrorCode(await stack.anonymous.request(PREFERENCES), 'UNAUTHENTICATED');
    const loner = await stack.signUp();
    expectErrorCode(await stack.client(loner.token).request(PREFERENCES), 'FORBIDDEN');
  });
});

describe('organization defaults', () => {
  it('lets admins set defaults that members inherit unless they chose otherwise', async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    const member = await stack.addMember(owner, 'MEMBER');
    expectData(await member.request(SET_PREFERENCES, { input: [{ type: 'reaction.added', channel: 'PUSH', enabled: false }] }));

    const defaults = expectData(
      await admin.request(SET_DEFAULTS, {
        input: [
          { type: 'reaction.added', channel: 'IN_APP', enabled: false },
          { type: 'reaction.added', channel: 'PUSH', enabled: true },
        ],
      }),
    ).updateNotificationDefaults;
    expect(setting(defaults, 'reaction.added', 'IN_APP')).toMatchObject({ enabled: false, source: 'ORGANIZATION' });
    expect(setting(expectData(await member.request(DEFAULTS)).notificationDefaults, 'reaction.added', 'PUSH')).toMatchObject({
      enabled: true,
      source: 'ORGANIZATION',
    });

    const mine = await preferencesOf(member);
    expect(setting(mine, 'reaction.added', 'IN_APP')).toMatchObject({ enabled: false, source: 'ORGANIZATION' });
    expect(setting(mine, 'reaction.added', 'PUSH')).toMatchObject({ enabled: false, source: 'USER' });

    const reset = expectData(
      await admin.request(SET_DEFAULTS, { input: [{ type: 'reaction.added', channel: 'IN_APP', enabled: null }] }),
    ).updateNotificationDefaults;
    expect(setting(reset, 'reaction.added', 'IN_APP')).toMatchObject({ enabled: true, source: 'BUILT_IN' });
  });

  it('refuses members below ADMIN', async () => {
    const owner = await stack.createOrganization();
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const refused = expectErrorCode(
      await moderator.request(SET_DEFAULTS, { input: [{ type: 'reaction.added', channel: 'IN_APP', enabled: false }] }),
      'FORBIDDEN',
    );
    expect(refused.message).toMatch(/ADMIN role or higher; you are MODERATOR/);
  });

  it("keeps one organization's defaults out of another", async () => {
    const owner = await stack.createOrganization();
    const stranger = await stack.createOrganization();
    expectData(await owner.request(SET_DEFAULTS, { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: false }] }));
    const theirs = expectData(await stranger.request(DEFAULTS)).notificationDefaults;
    expect(theirs.every((s) => s.source === 'BUILT_IN')).toBe(true);
    expect(await notifications.services.ingest.ingest(followed(stranger.organizationId, stranger.userId))).toHaveLength(1);
    expect(await notifications.services.ingest.ingest(followed(owner.organizationId, owner.userId))).toEqual([]);
  });
});

const TEMPLATES = graphql(`
  query TemplatesList {
    notificationTemplates {
      type
      title
      body
      custom
      variables
      updatedAt
    }
  }
`);
const SET_TEMPLATE = graphql(`
  mutation TemplatesSet($input: SetNotificationTemplateInput!) {
    setNotificationTemplate(input: $input) {
      type
      title
      body
      custom
      variables
      updatedAt
    }
  }
`);
const CLEAR_TEMPLATE = graphql(`
  mutation TemplatesClear($type: String!) {
    clearNotificationTemplate(type: $type) {
      type
      title
      body
      custom
      variables
      updatedAt
    }
  }
`);

describe('notification templates', () => {
  it('lists the built-in templates with their variables', async () => {
    const owner = await stack.createOrganization();
    const templates = expectData(await owner.request(TEMPLATES)).notificationTemplates;
    expect(templates).toHaveLength(TYPE_COUNT);
    expect(templates.find((t) => t.type === 'reaction.added')).toEqual({
      type: 'reaction.added',
      title: 'Someone reacted {{emoji}} to your {{subject.kind}}',
      body: expect.any(String),
      custom: false,
      variables: expect.arrayContaining(['actor.id', 'subject.kind', 'emoji']),
      updatedAt: null,
    });
  });

  it("renders the organization's template, text as is, and clears back to the built-in one", async () => {
    const owner = await stack.createOrganization();
    const set = expectData(
      await owner.request(SET_TEMPLATE, {
        input: {
          type: 'user.followed',
          title: '{{followerId}} follows you',
          body: 'Say hi to {{followerId}}{{#recipient.id}}, {{recipient.id}}{{/recipient.id}}.',
        },
      }),
    ).setNotificationTemplate;
    expect(set).toMatchObject({ type: 'user.followed', custom: true, updatedAt: expect.any(String) });

    const follower = '<script>alert(1)</script>';
    const [notification] = await notifications.services.ingest.ingest(followed(owner.organizationId, owner.userId, follower));
    expect(notification).toMatchObject({ title: `${follower} follows you`, body: `Say hi to ${follower}, ${owner.userId}.` });

    // Email was turned on: its HTML is escaped (the content is rendered once, at ingestion).
    expectData(await owner.request(SET_PREFERENCES, { input: [{ type: 'user.followed', channel: 'EMAIL', enabled: true }] }));
    const [second] = await notifications.services.ingest.ingest(followed(owner.organizationId, owner.userId, follower));
    if (!second) throw new Error('the follow should have made a notification');
    const { content } = await notifications.prisma.notificationDelivery.findFirstOrThrow({
      where: { notificationId: second.id },
      select: { content: true },
    });
    const { html } = deliveryContentSchema.parse(content);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;&#x2F;script&gt; follows you');

    const cleared = expectData(await owner.request(CLEAR_TEMPLATE, { type: 'user.followed' })).clearNotificationTemplate;
    expect(cleared).toMatchObject({ custom: false, title: 'You have a new follower', updatedAt: null });
    const [third] = await notifications.services.ingest.ingest(followed(owner.organizationId, owner.userId));
    expect(third?.title).toBe('You have a new follower');
  });

  it('refuses templates that do not parse, naming the error', async () => {
    const owner = await stack.createOrganization();
    const unclosed = expectErrorCode(
      await owner.request(SET_TEMPLATE, { input: { type: 'user.followed', title: 'Hello {{followerId', body: 'ok' } }),
      'BAD_USER_INPUT',
    );
    expect(unclosed.message).toMatch(/title: is not a valid template: Unclosed tag at \d+/);
    const section = expectErrorCode(
      await owner.request(SET_TEMPLATE, { input: { type: 'user.followed', title: 'ok', body: '{{#followerId}}never closed' } }),
      'BAD_USER_INPUT',
    );
    expect(section.message).toMatch(/body: is not a valid template: Unclosed section "followerId"/);
    const partial = expectErrorCode(
      await owner.request(SET_TEMPLATE, { input: { type: 'user.followed', title: 'ok', body: '{{> header}}' } }),
      'BAD_USER_INPUT',
    );
    expect(partial.message).toMatch(/partials are not supported/);
    expect(expectErrorCode(await owner.request(CLEAR_TEMPLATE, { type: 'nope' }), 'BAD_USER_INPUT').message).toMatch(
      /type: must be one of/,
    );
    expect(await notifications.prisma.notificationTemplate.count({ where: { organizationId: owner.organizationId } })).toBe(0);
  });

  it('is for admins, per organization', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const stranger = await stack.createOrganization();
    expectErrorCode(await member.request(TEMPLATES), 'FORBIDDEN');
    expectErrorCode(await member.request(SET_TEMPLATE, { input: { type: 'user.followed', title: 'x', body: 'y' } }), 'FORBIDDEN');
    expectErrorCode(await member.request(CLEAR_TEMPLATE, { type: 'user.followed' }), 'FORBIDDEN');

    expectData(await owner.request(SET_TEMPLATE, { input: { type: 'user.followed', title: 'Ours', body: 'Ours' } }));
    const theirs = expectData(await stranger.request(TEMPLATES)).notificationTemplates;
    expect(theirs.find((t) => t.type === 'user.followed')).toMatchObject({ custom: false, title: 'You have a new follower' });
    const [notification] = await notifications.services.ingest.ingest(followed(stranger.organizationId, stranger.userId));
    expect(notification?.title).toBe('You have a new follower');
  });
});
