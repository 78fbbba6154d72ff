import { LocalDiskFileStorage } from './file/file-storage.ts';
import { seedChatDemo } from './conversation/chat.demo.ts';
import { filesDirOf, type CommunitySettings } from './context.ts';
import type { PrismaClient } from './db.ts';
import { seedPostDemo } from './post/post.demo.ts';
import { seedSpaceDemo } from './space/space.demo.ts';

/** Upserts the demo community (spaces and the rest through their own seeds, then posts) by fixed id: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient, settings: CommunitySettings): Promise<void> {
  // Spaces, groups, announcements and settings first: posts, chat and files point at spaces.
  await seedSpaceDemo(prisma);
  // Chat, files and moderation upsert by fixed id, so they run even when the rest is already seeded.
  await seedChatDemo(prisma, new LocalDiskFileStorage(filesDirOf(settings)));
  await seedPostDemo(prisma);
}
