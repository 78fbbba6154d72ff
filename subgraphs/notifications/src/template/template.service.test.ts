import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess, parseInput } from '@plaza/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TYPES } from '../notification/notification-types.ts';
import type { NotificationsRepositories } from '../repositories.ts';
import { renderTemplate } from './template-renderer.ts';
import type { TemplateRecord } from './template.repository.ts';
import { TemplateService } from './template.service.ts';
import { clearTemplateArgs, setTemplateInput } from './template.validation.ts';

const ORG = 'org-1';
const OTHER_ORG = 'org-2';

/** The NotificationTemplate table in memory: one row per (organization, type). */
function templatesWith(seed: Pick<TemplateRecord, 'organizationId' | 'type' | 'title' | 'body'>[] = []) {
  let clock = Date.UTC(2026, 0, 1);
  const rows: (TemplateRecord & { updatedById: string })[] = seed.map((row, index) => ({
    id: `tpl-${index}`,
    updatedAt: new Date(clock),
    updatedById: 'seed',
    ...row,
  }));
  const copy = ({ updatedById: _, ...row }: TemplateRecord & { updatedById: string }): TemplateRecord => ({ ...row });
  const data = fakeDataAccess<NotificationsRepositories>({
    templates: {
      listByOrganization: async (organizationId) => rows.filter((row) => row.organizationId === organizationId).map(copy),
      findByTypes: async (organizationId, types) =>
        rows.filter((row) => row.organizationId === organizationId && types.includes(row.type)).map(copy),
      upsert: async (organizationId, type, content) => {
        clock += 1000;
        let row = rows.find((candidate) => candidate.organizationId === organizationId && candidate.type === type);
        if (!row) {
          row = { id: `tpl-${rows.length}`, organizationId, type, ...content, updatedAt: new Date(clock) };
          rows.push(row);
        }
        Object.assign(row, content, { updatedAt: new Date(clock) });
        return copy(row);
      },
      delete: async (organizationId, type) => {
        const index = rows.findIndex((row) => row.organizationId === organizationId && row.type === type);
        if (index < 0) return 0;
        rows.splice(index, 1);
        return 1;
      },
    },
  });
  return { service: new TemplateService({ data }), rows };
}

const viewer = (role: Role, organizationId = ORG, userId = `${role.toLowerCase()}-1`): Viewer => ({ userId, organizationId, role });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('TemplateService', () => {
  it('lists the template in force for every type: the built-in one, or the organization’s own', async () => {
    const { service } = templatesWith([{ organizationId: ORG, type: 'user.followed', title: 'Ours', body: 'Our body' }]);
    const templates = await service.list(viewer('ADMIN'));
    expect(templates.map((template) => template.type)).toEqual(Object.keys(NOTIFICATION_TYPES));
    expect(templates.find((template) => template.type === 'user.followed')).toEqual({
      type: 'user.followed',
      title: 'Ours',
      body: 'Our body',
      custom: true,
      variables: expect.arrayContaining(['actor.id', 'recipient.id', 'event.occurredAt', 'followerId']),
      updatedAt: new Date(Date.UTC(2026, 0, 1)),
    });
    expect(templates.find((template) => template.type === 'reaction.added')).toMatchObject({
      title: NOTIFICATION_TYPES['reaction.added'].template.title,
      custom: false,
      updatedAt: null,
      variables: expect.arrayContaining(['subject.kind', 'emoji']),
    });
  });

  it('keeps templates to the organization that set them', async () => {
    const { service } = templatesWith();
    await service.set(viewer('OWNER'), { type: 'user.followed', title: 'Ours', body: 'Ours' });
    const theirs = await service.list(viewer('ADMIN', OTHER_ORG));
    expect(theirs.find((template) => template.type === 'user.followed')).toMatchObject({ custom: false, title: 'You have a new follower' });
    expect((await service.inForce(OTHER_ORG, ['user.followed'])).get('user.followed')).toEqual(
      NOTIFICATION_TYPES['user.followed'].template,
    );
    expect((await service.inForce(ORG, ['user.followed'])).get('user.followed')).toMatchObject({ title: 'Ours', body: 'Ours' });
  });

  it('sets, replaces and clears a template, recording who changed it', async () => {
    const { service, rows } = templatesWith();
    const set = await service.set(viewer('ADMIN'), { type: 'post.commented', title: 'First', body: 'First' });
    expect(set).toMatchObject({ type: 'post.commented', title: 'First', custom: true, updatedAt: expect.any(Date) });
    const replaced = await service.set(viewer('OWNER'), { type: 'post.commented', title: 'Second', body: 'Second' });
    expect(replaced.updatedAt!.getTime()).toBeGreaterThan(set.updatedAt!.getTime());
    expect(rows).toMatchObject([{ organizationId: ORG, type: 'post.commented', title: 'Second', updatedById: 'owner-1' }]);

    const cleared = await service.clear(viewer('ADMIN'), 'post.commented');
    expect(cleared).toMatchObject({ type: 'post.commented', title: 'New comment on your post', custom: false, updatedAt: null });
    expect(rows).toEqual([]);
  });

  it('is for admins and owners only', async () => {
    const { service, rows } = templatesWith();
    for (const role of ['MODERATOR', 'MEMBER', 'VIEWER'] as const) {
      expect((await rejection(service.list(viewer(role)))).message).toMatch(new RegExp(`ADMIN role or higher; you are ${role}`));
      expect((await rejection(service.set(viewer(role), { type: 'user.followed', title: 'x', body: 'y' }))).code).toBe('FORBIDDEN');
      expect((await rejection(service.clear(viewer(role), 'user.followed'))).code).toBe('FORBIDDEN');
    }
    expect((await rejection(service.list({ userId: 'u1', organizationId: null, role: null }))).code).toBe('FORBIDDEN');
    expect(rows).toEqual([]);
  });

  it('renders what an organization set as text, and escapes it for email only', async () => {
    const { service } = templatesWith();
    const input = parseInput(setTemplateInput, {
      type: 'user.followed',
      title: '  {{followerId}} follows you  ',
      body: '{{#recipient.id}}Hi {{recipient.id}}{{/recipient.id}}',
    });
    await service.set(viewer('ADMIN'), input);
    const template = (await service.inForce(ORG, ['user.followed'])).get('user.followed')!;
    const rendered = renderTemplate(template, { followerId: '<b>Ann</b>', recipient: { id: 'u7' } });
    expect(rendered).toMatchObject({ title: '<b>Ann</b> follows you', body: 'Hi u7' });
    expect(rendered.html).toContain('&lt;b&gt;Ann&lt;&#x2F;b&gt; follows you');
  });
});

describe('template input', () => {
  const problem = (input: unknown) => {
    try {
      parseInput(setTemplateInput, input);
    } catch (error) {
      if (error instanceof DomainError) return error.message;
      throw error;
    }
    return null;
  };

  it('trims and accepts templates that parse', () => {
    expect(parseInput(setTemplateInput, { type: 'reaction.added', title: ' {{emoji}} on your {{subject.kind}} ', body: 'Body' })).toEqual({
      type: 'reaction.added',
      title: '{{emoji}} on your {{subject.kind}}',
      body: 'Body',
    });
  });

  it('names the parse error of each field', () => {
    expect(problem({ type: 'user.followed', title: 'Hello {{followerId', body: 'ok' })).toMatch(
      /title: is not a valid template: Unclosed tag at \d+/,
    );
    expect(problem({ type: 'user.followed', title: 'ok', body: '{{#followerId}}never closed' })).toMatch(
      /body: is not a valid template: Unclosed section "followerId"/,
    );
  });

  it('refuses partials, which could pull in other templates', () => {
    expect(problem({ type: 'user.followed', title: 'ok', body: '{{> header}}' })).toMatch(
      /body: is not a valid template: partials are not supported/,
    );
  });

  it('bounds the length and refuses blank text', () => {
    expect(problem({ type: 'user.followed', title: 'x'.repeat(201), body: 'ok' })).toMatch(/title: must be at most 200 characters/);
    expect(problem({ type: 'user.followed', title: 'ok', body: 'x'.repeat(4001) })).toMatch(/body: must be at most 4000 characters/);
    expect(problem({ type: 'user.followed', title: '   ', body: 'ok' })).toMatch(/title: must not be empty/);
  });

  it('names the known types when given another', () => {
    expect(problem({ type: 'post.liked', title: 'ok', body: 'ok' })).toMatch(
      /type: must be one of invitation.received, .*report.resolved, .*; got "post.liked"/,
    );
    expect(() => parseInput(clearTemplateArgs, { type: 'nope' })).toThrow(/type: must be one of/);
  });
});
