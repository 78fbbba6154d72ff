import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { API_SCHEMA_PATH } from './compose.ts';
import { PLAYGROUND_EXAMPLES, playgroundHtml } from './playground.ts';

describe('playground', () => {
  const schema = buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8'));

  it.each(PLAYGROUND_EXAMPLES)('the $domain example is valid against the API schema', ({ query }) => {
    expect(validate(schema, parse(query)).map((error) => error.message)).toEqual([]);
  });

  it('loads nothing from another origin', () => {
    expect(playgroundHtml()).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });
});
