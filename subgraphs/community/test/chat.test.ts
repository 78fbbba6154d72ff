import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { allPages, communityDb, createGroup, createPost, createSpace, joinGroup, nodesOf, recordedEvents } from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';

// File bytes go to a throwaway folder, set as community's PLAZA_FILES_DIR: this file needs a stack
// of its own (identity resolves senders; nothing else is needed).
const filesDir = mkdtempSync(join(tmpdir(), 'plaza-chat-test-'));
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ only: ['identity', 'community'], env: { PLAZA_FILES_DIR: filesDir } });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(filesDir, { recursive: true, force: true });
});

const START_DIRECT = graphql(`
  mutation ChatStartDirect($userId: ID!) {
    startDirectConversation(userId: $userId) {
      id
      kind
      title
      members {
        user {
          id
        }
      }
    }
  }
`);
const CREATE_GROUP_CHAT = graphql(`
  mutation ChatCreateGroupChat($input: CreateGroupConversationInput!) {
    createGroupConversation(input: $input) {
      id
      kind
      title
      groupId
      members {
        user {
          id
        }
      }
    }
  }
`);
const ADD_MEMBERS = graphql(`
  mutation ChatAddMembers($input: AddConversationMembersInput!) {
    addConversationMembers(input: $input) {
      id
      members {
        user {
          id
        }
      }
    }
  }
`);
const LEAVE = graphql(`
  mutation ChatLeave($id: ID!) {
    leaveConversation(conversationId: $id)
  }
`);
const SEND = graphql(`
  mutation ChatSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      body
      createdAt
      replyTo {
        id
        body
      }
      sender {
        id
      }
      attachments {
        id
        name
      }
    }
  }
`);
const CONVERSATION = graphql(`
  query ChatConversation($id: ID!) {
    conversation(id: $id) {
      id
      unreadCount
      lastMessage {
        id
        body
      }
      messages(first: 50) {
        edges {
          node {
            id
            body
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);
const CONVERSATION_DETAILS = graphql(`
  query ChatConversationDetails($id: ID!) {
    conversation(id: $id) {
      lastMessage {
        id
      }
      messages {
        edges {
          node {
            id
            body
            sender {
              id
              name
            }
            conversation {
              id
            }
          }
        }
      }
    }
  }
`);
const MESSAGES_PAGE = graphql(`
  query ChatMessagesPage($id: ID!, $after: String) {
    conversation(id: $id) {
      messages(first: 2, after: $after) {
        edges {
          node {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);
const CONVERSATIONS_PAGE = graphql(`
  query ChatConversationsPage($after: String) {
    conversations(first: 1, after: $after) {
      edges {
        node {
          id
          unreadCount
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const CONVERSATIONS = graphql(`
  query ChatConversations {
    conversations {
      edges {
        node {
          id
        }
      }
    }
  }
`);
const UNREAD_TOTAL = graphql(`
  query ChatUnreadTotal {
    unreadMessageCount
  }
`);
const MARK_READ = graphql(`
  mutation ChatMarkRead($input: MarkConversationReadInput!) {
    markConversationRead(input: $input) {
      id
      unreadCount
    }
  }
`);
const EDIT = graphql(`
  mutation ChatEdit($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
      body
      editedAt
    }
  }
`);
const DELETE = graphql(`
  mutation ChatDelete($id: ID!) {
    deleteMessage(id: $id)
  }
`);
const MESSAGE = graphql(`
  query ChatMessage($id: ID!) {
    message(id: $id) {
      id
    }
  }
`);
const BAN = graphql(`
  mutation ChatBan($input: BanFromGroupInput!) {
    banFromGroup(input: $input) {
      reason
    }
  }
`);
const UPLOAD = graphql(`
  mutation ChatUpload($input: UploadFileInput!) {
    uploadFile(input: $input) {
      id
      name
      mimeType
      size
      uploader {
        id
      }
    }
  }
`);
const FILE = graphql(`
  query ChatFile($id: ID!) {
    file(id: $id) {
      id
      name
      contentBase64
    }
  }
`);
const DELETE_FILE = graphql(`
  mutation ChatDeleteFile($id: ID!) {
    deleteFile(id: $id)
  }
`);
const ATTACH = graphql(`
  mutation ChatAttach($input: AttachFilesToPostInput!) {
    attachFilesToPost(input: $input) {
      id
    }
  }
`);
const POST_ATTACHMENTS = graphql(`
  query ChatPostAttachments($id: ID!) {
    post(id: $id) {
      attachments {
        id
        name
        size
      }
    }
  }
`);

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really pixels')]);

async function direct(a: Actor, b: Actor): Promise<string> {
  return expectData(await a.request(START_DIRECT, { userId: b.userId })).startDirectConversation.id;
}

async function send(actor: Actor, conversationId: string, body: string, extra: { replyToId?: string; fileIds?: string[] } = {}) {
  return expectData(await actor.request(SEND, { input: { conversationId, body, ...extra } })).sendMessage;
}

async function unread(actor: Actor, conversationId: string): Promise<number | undefined> {
  return expectData(await actor.request(CONVERSATION, { id: conversationId })).conversation?.unreadCount;
}

describe('direct conversations', () => {
  it('keeps one conversation per pair, whoever starts it and even when both start at once', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const [a, b] = await Promise.all([direct(owner, member), direct(member, owner)]);
    expect(a).toBe(b);
    expect(await direct(owner, member)).toBe(a);
    const conversation = expectData(await owner.request(START_DIRECT, { userId: member.userId })).startDirectConversation;
    expect(conversation.kind).toBe('DIRECT');
    expect(conversation.members.map((m) => m.user?.id).sort()).toEqual([owner.userId, member.userId].sort());
    expect(await communityDb(stack).conversation.count({ where: { organizationId: owner.organizationId } })).toBe(1);
  });

  it('refuses a conversation with oneself, naming the field', async () => {
    const owner = await stack.createOrganization();
    const error = expectErrorCode(await owner.request(START_DIRECT, { userId: owner.userId }), 'BAD_USER_INPUT');
    expect(error.message).toMatch(/userId/);
  });

  it('refuses read-only VIEWERs', async () => {
    const owner = await stack.createOrganization();
    const viewer = await stack.addMember(owner, 'VIEWER');
    expectErrorCode(await viewer.request(START_DIRECT, { userId: owner.userId }), 'FORBIDDEN');
  });
});

describe('messages', () => {
  it('sends, replies, lists newest first with the sender resolved by identity, and records message.sent', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const conversationId = await direct(owner, member);
    const first = await send(owner, conversationId, 'Hello there');
    const reply = await send(member, conversationId, 'Hi!', { replyToId: first.id });
    expect(reply.replyTo).toEqual({ id: first.id, body: 'Hello there' });

    const data = expectData(await member.request(CONVERSATION_DETAILS, { id: conversationId }));
    expect(data.conversation?.lastMessage?.id).toBe(reply.id);
    const messages = nodesOf(data.conversation?.messages ?? { edges: [] });
    expect(messages.map((message) => message.id)).toEqual([reply.id, first.id]);
    expect(messages[1]?.sender).toEqual({ id: owner.userId, name: owner.name });
    expect(messages[1]?.conversation?.id).toBe(conversationId);

    const events = await recordedEvents(stack, 'community.message.sent', { organizationId: owner.organizationId });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorId: owner.userId, subject: { type: 'Message', id: first.id } });
    expect(events[0]?.payload).toEqual({ messageId: first.id, conversationId, senderId: owner.userId, recipientIds: [member.userId] });
  });

  it('paginates messages newest first', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const conversationId = await direct(owner, member);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await send(owner, conversationId, `m${i}`)).id);
    const seen = await allPages(async (after) => {
      const { conversation } = expectData(await member.request(MESSAGES_PAGE, { id: conversationId, after }));
      if (!conversation) throw new Error(`conversation ${conversationId} resolved to null`);
      return conversation.messages;
    });
    expect(seen.map((message) => message.id)).toEqual([...sent].reverse());
  });

  it('counts unread messages per member and moves read positions forward only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const conversationId = await direct(owner, member);
    const m1 = await send(owner, conversationId, 'one');
    const m2 = await send(owner, conversationId, 'two');
    await send(owner, conversationId, 'three');
    expect(await unread(member, conversationId)).toBe(3);
    expect(await unread(owner, conversationId)).toBe(0); // own messages are read by sending them

    const marked = expectData(await member.request(MARK_READ, { input: { conversationId, messageId: m2.id } })).markConversationRead;
    expect(marked.unreadCount).toBe(1);
    // An older position does not un-read anything.
    expect(
      expectData(await member.request(MARK_READ, { input: { conversationId, messageId: m1.id } })).markConversationRead.unreadCount,
    ).toBe(1);

    const other = await direct(member, await stack.addMember(owner, 'MEMBER'));
    expect(expectData(await member.request(UNREAD_TOTAL)).unreadMessageCount).toBe(1);
    expect(other).toBeTruthy();

    expect(expectData(await member.request(MARK_READ, { input: { conversationId } })).markConversationRead.unreadCount).toBe(0);
    await send(member, conversationId, 'reply');
    expect(await unread(owner, conversationId)).toBe(1);
    expect(expectData(await owner.request(UNREAD_TOTAL)).unreadMessageCount).toBe(1);

    const foreign = await communityDb(stack).message.create({
      data: { organizationId: owner.organizationId, conversationId: other, senderId: member.userId, body: 'elsewhere' },
    });
    const error = expectErrorCode(await member.request(MARK_READ, { input: { conversationId, messageId: foreign.id } }), 'BAD_USER_INPUT');
    expect(error.message).toMatch(/messageId/);
  });

  it('lists conversations most recently active first, with their unread counts', async () => {
    const owner = await stack.createOrganization();
    const a = await stack.addMember(owner, 'MEMBER');
    const b = await stack.addMember(owner, 'MEMBER');
    const withA = await direct(owner, a);
    const withB = await direct(owner, b);
    await send(a, withA, 'ping');
    const first = expectData(await owner.request(CONVERSATIONS_PAGE, {})).conversations;
    expect(first.edges).toEqual([{ node: { id: withA, unreadCount: 1 } }]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await owner.request(CONVERSATIONS_PAGE, { after: first.pageInfo.endCursor })).conversations;
    expect(second.edges).toEqual([{ node: { id: withB, unreadCount: 0 } }]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('edits and deletes: the sender edits, moderators delete, others are FORBIDDEN', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const conversationId = await direct(owner, member);
    const message = await send(owner, conversationId, 'typo');
    expectErrorCode(await member.request(EDIT, { input: { messageId: message.id, body: 'hijack' } }), 'FORBIDDEN');
    const edited = expectData(await owner.request(EDIT, { input: { messageId: message.id, body: 'fixed' } })).editMessage;
    expect(edited.body).toBe('fixed');
    expect(edited.editedAt).toBeTruthy();

    expectErrorCode(await member.request(DELETE, { id: message.id }), 'FORBIDDEN');
    // The moderator is not in the conversation, yet may delete.
    expect(expectData(await moderator.request(DELETE, { id: message.id })).deleteMessage).toBe(message.id);
    expectErrorCode(await owner.request(DELETE, { id: message.id }), 'NOT_FOUND');
    expect(expectData(await member.request(CONVERSATION, { id: conversationId })).conversation).toMatchObject({
      unreadCount: 0,
      lastMessage: null,
      messages: { edges: [] },
    });
    const own = await send(member, conversationId, 'mine');
    expect(expectData(await member.request(DELETE, { id: own.id })).deleteMessage).toBe(own.id);
    expectErrorCode(await owner.request(EDIT, { input: { messageId: own.id, body: 'x' } }), 'NOT_FOUND');
  });

  it('names the field and limit on a bad body', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const conversationId = await direct(owner, member);
    const empty = expectErrorCode(await owner.request(SEND, { input: { conversationId, body: '   ' } }), 'BAD_USER_INPUT');
    expect(empty.message).toMatch(/body: must not be empty unless files are attached/);
    const long = expectErrorCode(await owner.request(SEND, { input: { conversationId, body: 'x'.repeat(4001) } }), 'BAD_USER_INPUT');
    expect(long.message).toMatch(/body: must be at most 4000 characters/);
    const other = await direct(owner, await stack.addMember(owner, 'MEMBER'));
    const elsewhere = await send(owner, other, 'elsewhere');
    const reply = expectErrorCode(
      await owner.request(SEND, { input: { conversationId, body: 'x', replyToId: elsewhere.id } }),
      'BAD_USER_INPUT',
    );
    expect(reply.message).toMatch(/replyToId/);
  });

  it('records mentions of conversation members only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.addMember(owner, 'MEMBER');
    const conversationId = await direct(owner, member);
    const message = await send(owner, conversationId, `Hey <@${member.userId}> and <@${outsider.userId}>`);
    const mentions = await communityDb(stack).mention.findMany({ where: { subjectId: message.id } });
    expect(mentions.map((mention) => mention.mentionedUserId)).toEqual([member.userId]);
    const events = await recordedEvents(stack, 'community.user.mentioned', { subjectId: message.id });
    expect(events.map((event) => event.payload.mentionedUserId)).toEqual([member.userId]);
  });
});

describe('conversation access', () => {
  it('answers FORBIDDEN to non-members for existing, unknown and other organizations’ ids alike', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.addMember(owner, 'ADMIN');
    const conversationId = await direct(owner, member);
    const message = await send(owner, conversationId, 'private');
    const stranger = await stack.createOrganization();
    const strangersOwn = await direct(stranger, await stack.addMember(stranger, 'MEMBER'));

    for (const id of [conversationId, '01900000-0000-7000-8000-000000000000', strangersOwn]) {
      expectErrorCode(await outsider.request(SEND, { input: { conversationId: id, body: 'let me in' } }), 'FORBIDDEN');
      expectErrorCode(await outsider.request(CONVERSATION, { id }), 'FORBIDDEN');
      expectErrorCode(await outsider.request(MARK_READ, { input: { conversationId: id } }), 'FORBIDDEN');
    }
    expectErrorCode(await outsider.request(MESSAGE, { id: message.id }), 'FORBIDDEN');
    expectErrorCode(await stranger.request(SEND, { input: { conversationId, body: 'hi' } }), 'FORBIDDEN');
    expectErrorCode(await stranger.request(MESSAGE, { id: message.id }), 'FORBIDDEN');
    expect(expectData(await outsider.request(CONVERSATIONS)).conversations.edges).toEqual([]);
    expectErrorCode(await stack.anonymous.request(CONVERSATION, { id: conversationId }), 'UNAUTHENTICATED');
    expect(await communityDb(stack).message.count({ where: { conversationId } })).toBe(1);
  });
});

describe('group chats', () => {
  it('creates, adds members, lets members leave, and caps input', async () => {
    const owner = await stack.createOrganization();
    const a = await stack.addMember(owner, 'MEMBER');
    const b = await stack.addMember(owner, 'MEMBER');
    const chat = expectData(
      await owner.request(CREATE_GROUP_CHAT, { input: { title: ' Teachers ', memberIds: [a.userId] } }),
    ).createGroupConversation;
    expect(chat).toMatchObject({ kind: 'GROUP', title: 'Teachers', groupId: null });
    expect(chat.members).toHaveLength(2);

    expectErrorCode(await b.request(SEND, { input: { conversationId: chat.id, body: 'hi' } }), 'FORBIDDEN');
    expect(
      expectData(await a.request(ADD_MEMBERS, { input: { conversationId: chat.id, userIds: [b.userId, b.userId] } })).addConversationMembers
        .members,
    ).toHaveLength(3);
    const hello = await send(b, chat.id, 'hello all');
    expect(await unread(owner, chat.id)).toBe(1);
    const [event] = await recordedEvents(stack, 'community.message.sent', { subjectId: hello.id });
    expect([...(event?.payload.recipientIds ?? [])].sort()).toEqual([owner.userId, a.userId].sort());

    expect(expectData(await b.request(LEAVE, { id: chat.id })).leaveConversation).toBe(true);
    expectErrorCode(await b.request(SEND, { input: { conversationId: chat.id, body: 'still here?' } }), 'FORBIDDEN');

    const pair = await direct(owner, a);
    expectErrorCode(await owner.request(ADD_MEMBERS, { input: { conversationId: pair, userIds: [b.userId] } }), 'BAD_USER_INPUT');
    expectErrorCode(await owner.request(LEAVE, { id: pair }), 'BAD_USER_INPUT');
    const bad = expectErrorCode(await owner.request(CREATE_GROUP_CHAT, { input: { title: '', memberIds: [] } }), 'BAD_USER_INPUT');
    expect(bad.message).toMatch(/title: must not be empty/);
    expect(bad.message).toMatch(/memberIds: must name at least one other member/);
  });

  it("applies a group's bans to its chat", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(owner, { name: 'Runners', joinPolicy: 'OPEN' });
    await joinGroup(member, group.id);
    const chat = expectData(
      await owner.request(CREATE_GROUP_CHAT, { input: { title: 'Runners chat', memberIds: [member.userId], groupId: group.id } }),
    ).createGroupConversation;
    expect(chat.groupId).toBe(group.id);
    await send(member, chat.id, 'before the ban');
    expectData(await owner.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'Spam' } }));
    const error = expectErrorCode(await member.request(SEND, { input: { conversationId: chat.id, body: 'after the ban' } }), 'FORBIDDEN');
    expect(error.message).toMatch(/banned/);
    const readd = expectErrorCode(
      await owner.request(ADD_MEMBERS, { input: { conversationId: chat.id, userIds: [member.userId] } }),
      'BAD_USER_INPUT',
    );
    expect(readd.message).toMatch(/userIds: .* is banned from group/);
    // Outsiders of the group cannot open a chat for it.
    const outsider = await stack.addMember(owner, 'MEMBER');
    expectErrorCode(
      await outsider.request(CREATE_GROUP_CHAT, { input: { title: 'x', memberIds: [owner.userId], groupId: group.id } }),
      'FORBIDDEN',
    );
  });
});

describe('files', () => {
  it('uploads, attaches to a message, and serves the bytes to conversation members only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.addMember(owner, 'MEMBER');
    const file = expectData(
      await owner.request(UPLOAD, { input: { name: 'photo.png', mimeType: 'image/png', contentBase64: PNG.toString('base64') } }),
    ).uploadFile;
    expect(file).toMatchObject({ name: 'photo.png', mimeType: 'image/png', size: PNG.length, uploader: { id: owner.userId } });
    const row = await communityDb(stack).file.findUnique({ where: { id: file.id } });
    expect(row?.storageKey.startsWith(`${owner.organizationId}/`)).toBe(true);
    // The bytes are where community's PLAZA_FILES_DIR says.
    expect(readFileSync(join(filesDir, ...(row?.storageKey ?? '').split('/')))).toEqual(PNG);

    // Unattached: the uploader's alone.
    expectErrorCode(await member.request(FILE, { id: file.id }), 'NOT_FOUND');

    const conversationId = await direct(owner, member);
    const message = await send(owner, conversationId, '', { fileIds: [file.id] });
    expect(message.attachments).toEqual([{ id: file.id, name: 'photo.png' }]);
    expect(expectData(await member.request(FILE, { id: file.id })).file?.contentBase64).toBe(PNG.toString('base64'));
    expectErrorCode(await outsider.request(FILE, { id: file.id }), 'NOT_FOUND');
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(FILE, { id: file.id }), 'NOT_FOUND');

    // Already attached, or someone else's: refused, and the message is not sent.
    const again = expectErrorCode(
      await owner.request(SEND, { input: { conversationId, body: 'again', fileIds: [file.id] } }),
      'BAD_USER_INPUT',
    );
    expect(again.message).toMatch(/fileIds/);
    const mine = expectData(
      await member.request(UPLOAD, {
        input: { name: 'notes.txt', mimeType: 'text/plain', contentBase64: Buffer.from('hi').toString('base64') },
      }),
    ).uploadFile;
    expectErrorCode(await owner.request(SEND, { input: { conversationId, body: 'steal', fileIds: [mine.id] } }), 'BAD_USER_INPUT');
    expect(await communityDb(stack).message.count({ where: { conversationId } })).toBe(1);

    const mineRow = await communityDb(stack).file.findUnique({ where: { id: mine.id } });
    expectErrorCode(await outsider.request(DELETE_FILE, { id: mine.id }), 'NOT_FOUND');
    expect(expectData(await member.request(DELETE_FILE, { id: mine.id })).deleteFile).toBe(mine.id);
    expect(await communityDb(stack).file.count({ where: { id: mine.id } })).toBe(0);
    expect(existsSync(join(filesDir, ...(mineRow?.storageKey ?? '').split('/')))).toBe(false);
  });

  it('names the field and limit for bad uploads', async () => {
    const owner = await stack.createOrganization();
    const upload = (input: { name?: string; mimeType?: string; contentBase64?: string }) =>
      owner.request(UPLOAD, { input: { name: 'a.png', mimeType: 'image/png', contentBase64: PNG.toString('base64'), ...input } });
    expect(expectErrorCode(await upload({ mimeType: 'application/x-msdownload' }), 'BAD_USER_INPUT').message).toMatch(
      /mimeType: must be one of image\/png/,
    );
    expect(expectErrorCode(await upload({ contentBase64: Buffer.from('GIF89a').toString('base64') }), 'BAD_USER_INPUT').message).toMatch(
      /contentBase64: is not image\/png content/,
    );
    expect(expectErrorCode(await upload({ contentBase64: '' }), 'BAD_USER_INPUT').message).toMatch(/contentBase64: must not be empty/);
    expect(expectErrorCode(await upload({ contentBase64: 'not base64!' }), 'BAD_USER_INPUT').message).toMatch(
      /contentBase64: must be base64/,
    );
    const tooBig = Buffer.alloc(1_048_577, 1);
    tooBig.set(PNG.subarray(0, 8));
    expect(expectErrorCode(await upload({ contentBase64: tooBig.toString('base64') }), 'BAD_USER_INPUT').message).toMatch(
      /contentBase64: must be at most 1048576 bytes/,
    );
    expect(expectErrorCode(await upload({ name: '../etc/passwd' }), 'BAD_USER_INPUT').message).toMatch(/name: must not contain slashes/);
    expect(await communityDb(stack).file.count({ where: { organizationId: owner.organizationId } })).toBe(0);
  });

  it("attaches files to the author's post", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const post = await createPost(member, { spaceId: space.id, title: 'Mat', body: 'See photo' });
    const file = expectData(
      await member.request(UPLOAD, { input: { name: 'mat.png', mimeType: 'image/png', contentBase64: PNG.toString('base64') } }),
    ).uploadFile;
    expectErrorCode(await owner.request(ATTACH, { input: { postId: post.id, fileIds: [file.id] } }), 'FORBIDDEN');
    expect(expectData(await member.request(ATTACH, { input: { postId: post.id, fileIds: [file.id] } })).attachFilesToPost).toEqual([
      { id: file.id },
    ]);
    expect(expectData(await owner.request(POST_ATTACHMENTS, { id: post.id })).post?.attachments).toEqual([
      { id: file.id, name: 'mat.png', size: PNG.length },
    ]);
    expect(expectData(await owner.request(FILE, { id: file.id })).file?.contentBase64).toBe(PNG.toString('base64'));
  });
});
