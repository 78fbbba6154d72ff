import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compareSchemas, declaredBreakingChanges, formatChanges, verdictOf } from './schema-check.ts';

const BASE = `
  type Query {
    post(id: ID!): Post
    posts(first: Int): [Post!]!
  }
  type Post {
    id: ID!
    title: String!
    body: String
  }
  enum Visibility {
    PUBLIC
    PRIVATE
  }
`;

const compare = (head: string, base = BASE) => compareSchemas('API schema', buildSchema(base), buildSchema(head));

describe('compareSchemas', () => {
  it('classifies a removed field and a newly required argument as breaking', async () => {
    const report = await compare(BASE.replace('body: String', '').replace('posts(first: Int)', 'posts(first: Int!)'));
    expect(report.breaking.map((change) => change.message).sort()).toEqual([
      "Field 'body' was removed from object type 'Post'",
      "Type for argument 'first' on field 'Query.posts' changed from 'Int' to 'Int!'",
    ]);
    expect(report.safe).toEqual([]);
  });

  it('classifies an enum value added as dangerous and a field added as safe', async () => {
    const report = await compare(
      BASE.replace('PRIVATE', 'PRIVATE\n    MEMBERS').replace('body: String', 'body: String\n    pinned: Boolean'),
    );
    expect(report.breaking).toEqual([]);
    expect(report.dangerous.map((change) => change.message)).toEqual(["Enum value 'MEMBERS' was added to enum 'Visibility'"]);
    expect(report.safe.map((change) => change.message)).toEqual(["Field 'pinned' was added to object type 'Post'"]);
  });

  it('reports a schema the base does not have as new, with nothing to compare', async () => {
    const report = await compareSchemas('subgraph billing', undefined, buildSchema(BASE));
    expect(report).toMatchObject({ newSchema: true, breaking: [], dangerous: [], safe: [] });
    expect(formatChanges([report])).toBe('subgraph billing: new, nothing to compare with');
  });
});

describe('declaredBreakingChanges', () => {
  it('reads every Breaking-Change line with a reason, whatever its case', () => {
    const messages = [
      'Remove Post.body\n\nNo client reads it since the editor moved to blocks.\n\nBreaking-Change: Post.body replaced by Post.blocks',
      'Tidy\n\nbreaking-change:   web app 4.2 no longer sends first',
    ].join('\n');
    expect(declaredBreakingChanges(messages)).toEqual(['Post.body replaced by Post.blocks', 'web app 4.2 no longer sends first']);
  });

  it('ignores a declaration without a reason, or one not at the start of a line', () => {
    expect(declaredBreakingChanges('Breaking-Change:\nSee Breaking-Change: x')).toEqual([]);
  });
});

describe('verdictOf', () => {
  it('fails on an undeclared breaking change, naming the schema and the way out', async () => {
    const report = await compare(BASE.replace('body: String', ''));
    const verdict = verdictOf([report], []);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.summary).toContain('1 breaking change(s) in API schema');
    expect(verdict.summary).toContain('Breaking-Change: <reason>');
  });

  it('passes a declared breaking change, quoting the reason', async () => {
    const report = await compare(BASE.replace('body: String', ''));
    expect(verdictOf([report], ['Post.body replaced by Post.blocks'])).toEqual({
      exitCode: 0,
      summary: '1 breaking change(s) in API schema, declared: "Post.body replaced by Post.blocks".',
    });
  });

  it('passes dangerous and safe changes without a declaration', async () => {
    const report = await compare(BASE.replace('PRIVATE', 'PRIVATE\n    MEMBERS'));
    expect(verdictOf([report], [])).toEqual({ exitCode: 0, summary: 'No breaking change.' });
  });
});

describe('formatChanges', () => {
  it('lists each changed schema with its counts and changes, breaking first', async () => {
    const report = await compare(BASE.replace('body: String', 'pinned: Boolean'));
    expect(formatChanges([report, await compare(BASE)])).toBe(
      [
        'API schema: 1 breaking, 0 dangerous, 1 safe',
        "  Breaking  Field 'body' was removed from object type 'Post'",
        "  Safe      Field 'pinned' was added to object type 'Post'",
      ].join('\n'),
    );
  });

  it('says so when nothing changed', async () => {
    expect(formatChanges([await compare(BASE)])).toBe('No schema changed.');
  });
});
