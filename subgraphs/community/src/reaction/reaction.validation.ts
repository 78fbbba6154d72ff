import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const reactionSubjectTypeSchema = z.enum(['POST', 'COMMENT', 'MESSAGE']);

const EMOJI_MAX = 32;

/** One emoji, possibly composed (skin tones, ZWJ sequences, flags, keycaps): no words or text. */
const EMOJI = /^(?:[\p{Extended_Pictographic}\p{Emoji_Component}]|\u200D|\uFE0F|\u20E3)+$/u;
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const isSingleGrapheme = (value: string) => [...graphemes.segment(value)].length === 1;

const emojiSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(EMOJI_MAX, `must be at most ${EMOJI_MAX} characters`)
  .refine((value) => EMOJI.test(value) && PICTOGRAPH.test(value), 'must be an emoji')
  .refine(isSingleGrapheme, 'must be a single emoji');

export const reactionInput = z.object({ subjectType: reactionSubjectTypeSchema, subjectId: idSchema, emoji: emojiSchema });
