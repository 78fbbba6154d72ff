import { randomBytes } from 'node:crypto';
import slugify from '@sindresorhus/slugify';

/**
 * A slug made from `name` that `taken` says is free: the name's own, or with a short random
 * suffix when that one is taken (the unique index still decides under a race).
 */
export async function freeSlugFor(name: string, fallback: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  const base = slugify(name).slice(0, 70).replace(/-+$/, '') || fallback;
  if (!(await taken(base))) return base;
  return `${base}-${randomBytes(3).toString('hex')}`;
}
