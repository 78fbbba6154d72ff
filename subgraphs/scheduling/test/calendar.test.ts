import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const SETTINGS = graphql(`
  query CalendarSettings {
    calendarSettings {
      defaultTimeZone
      weekStart
      workingHours {
        weekday
        opens
        closes
      }
      updatedAt
    }
  }
`);
const UPDATE_SETTINGS = graphql(`
  mutation CalendarUpdateSettings($input: UpdateCalendarSettingsInput!) {
    updateCalendarSettings(input: $input) {
      defaultTimeZone
      weekStart
      workingHours {
        weekday
        opens
        closes
      }
    }
  }
`);
const CREATE_CALENDAR = graphql(`
  mutation CalendarCreate($input: CreateCalendarInput!) {
    createCalendar(input: $input) {
      id
      name
      ownerType
      ownerId
      owner {
        id
        name
      }
      timeZone
      color
    }
  }
`);
const UPDATE_CALENDAR = graphql(`
  mutation CalendarUpdate($id: ID!, $input: UpdateCalendarInput!) {
    updateCalendar(id: $id, input: $input) {
      id
      name
      timeZone
      color
    }
  }
`);
const CALENDARS = graphql(`
  query CalendarList($ownerType: CalendarOwnerType, $first: Int, $after: String) {
    calendars(ownerType: $ownerType, first: $first, after: $after) {
      edges {
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

describe('calendar settings', () => {
  it('starts from defaults, and an admin saves a time zone, week start and working hours', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    expect(expectData(await member.request(SETTINGS)).calendarSettings).toMatchObject({
      defaultTimeZone: 'UTC',
      weekStart: 1,
      updatedAt: null,
    });

    const workingHours = [
      { weekday: 2, opens: '13:00', closes: '18:00' },
      { weekday: 2, opens: '08:00', closes: '12:00' },
    ];
    const saved = expectData(
      await owner.request(UPDATE_SETTINGS, { input: { defaultTimeZone: 'Europe/Berlin', weekStart: 7, workingHours } }),
    ).updateCalendarSettings;
    expect(saved).toEqual({ defaultTimeZone: 'Europe/Berlin', weekStart: 7, workingHours: [workingHours[1], workingHours[0]] });

    expectErrorCode(await member.request(UPDATE_SETTINGS, { input: { weekStart: 2 } }), 'FORBIDDEN');
    const zone = expectErrorCode(await owner.request(UPDATE_SETTINGS, { input: { defaultTimeZone: 'Mars/Olympus' } }), 'BAD_USER_INPUT');
    expect(zone.message).toMatch(/defaultTimeZone: must be an IANA time zone such as Europe\/London, not "Mars\/Olympus"/);
    const overlap = expectErrorCode(
      await owner.request(UPDATE_SETTINGS, {
        input: {
          workingHours: [
            { weekday: 1, opens: '09:00', closes: '12:00' },
            { weekday: 1, opens: '11:00', closes: '13:00' },
          ],
        },
      }),
      'BAD_USER_INPUT',
    );
    expect(overlap.message).toMatch(/intervals of weekday 1 overlap/);
  });
});

describe('calendars', () => {
  it("creates organization and members' calendars in the organization's time zone, with rules on who may", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    await owner.request(UPDATE_SETTINGS, { input: { defaultTimeZone: 'America/New_York' } });

    const classes = expectData(
      await owner.request(CREATE_CALENDAR, { input: { name: 'Classes', ownerType: 'ORGANIZATION', color: '#FF8800' } }),
    ).createCalendar;
    expect(classes).toMatchObject({
      name: 'Classes',
      ownerType: 'ORGANIZATION',
      ownerId: null,
      owner: null,
      timeZone: 'America/New_York',
      color: '#ff8800',
    });

    const mine = expectData(
      await member.request(CREATE_CALENDAR, { input: { name: 'Mine', ownerType: 'USER', timeZone: 'Asia/Tokyo' } }),
    ).createCalendar;
    expect(mine).toMatchObject({
      ownerType: 'USER',
      ownerId: member.userId,
      owner: { id: member.userId, name: member.name },
      timeZone: 'Asia/Tokyo',
    });

    expectErrorCode(await member.request(CREATE_CALENDAR, { input: { name: 'Org', ownerType: 'ORGANIZATION' } }), 'FORBIDDEN');
    expectErrorCode(
      await member.request(CREATE_CALENDAR, { input: { name: 'Theirs', ownerType: 'USER', ownerId: owner.userId } }),
      'FORBIDDEN',
    );
    const stranger = await stack.createOrganization();
    const unknown = expectErrorCode(
      await owner.request(CREATE_CALENDAR, { input: { name: 'Stranger', ownerType: 'USER', ownerId: stranger.userId } }),
      'NOT_FOUND',
    );
    expect(unknown.message).toBe(`User ${stranger.userId} was not found`);
    expectErrorCode(
      await owner.request(CREATE_CALENDAR, { input: { name: 'Bad', ownerType: 'ORGANIZATION', timeZone: 'Nowhere' } }),
      'BAD_USER_INPUT',
    );

    // The owner of a USER calendar changes it; other members may not; an admin may.
    expect(expectData(await member.request(UPDATE_CALENDAR, { id: mine.id, input: { color: '#00AA00' } })).updateCalendar.color).toBe(
      '#00aa00',
    );
    expectErrorCode(await member.request(UPDATE_CALENDAR, { id: classes.id, input: { name: 'Mine now' } }), 'FORBIDDEN');
    expect(expectData(await owner.request(UPDATE_CALENDAR, { id: mine.id, input: { name: 'Renamed' } })).updateCalendar.name).toBe(
      'Renamed',
    );

    const organizationOnly = expectData(await member.request(CALENDARS, { ownerType: 'ORGANIZATION' })).calendars;
    expect(organizationOnly.edges.map((edge) => edge.node.id)).toEqual([classes.id]);
    const first = expectData(await member.request(CALENDARS, { first: 1 })).calendars;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await member.request(CALENDARS, { first: 1, after: first.pageInfo.endCursor })).calendars;
    expect(second.edges.map((edge) => edge.node.id)).toEqual([mine.id]);

    // Another organization sees none of it.
    expect(expectData(await stranger.request(CALENDARS, {})).calendars.edges).toEqual([]);
    expectErrorCode(await stranger.request(UPDATE_CALENDAR, { id: classes.id, input: { name: 'Mine' } }), 'NOT_FOUND');
  });
});
