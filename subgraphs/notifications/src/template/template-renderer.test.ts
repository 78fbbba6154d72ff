import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TYPES } from '../notification/notification-types.ts';
import { renderTemplate, templateProblem } from './template-renderer.ts';

describe('templateProblem', () => {
  it('accepts templates that parse, with sections and dotted names', () => {
    expect(templateProblem('{{actor.id}} reacted {{emoji}}{{#postId}} on a post{{/postId}}')).toBeNull();
  });

  it('names the parse error', () => {
    expect(templateProblem('Hello {{name')).toMatch(/Unclosed tag/);
    expect(templateProblem('{{#a}} never closed')).toMatch(/Unclosed section "a"/);
  });

  it('refuses partials, even inside sections', () => {
    expect(templateProblem('{{#a}}{{> secrets}}{{/a}}')).toMatch(/partials are not supported/);
  });

  it('accepts every built-in template', () => {
    for (const { template } of Object.values(NOTIFICATION_TYPES)) {
      expect(templateProblem(template.title)).toBeNull();
      expect(templateProblem(template.body)).toBeNull();
    }
  });
});

describe('renderTemplate', () => {
  it('renders plain text as is and escapes the email HTML', () => {
    const rendered = renderTemplate(
      { title: 'Re: {{topic}}', body: '{{actor.id}} wrote:\n{{quote}}' },
      { topic: '<b>bold</b>', actor: { id: 'u1' }, quote: '<script>alert("x")</script> & more' },
    );
    expect(rendered.title).toBe('Re: <b>bold</b>');
    expect(rendered.body).toBe('u1 wrote:\n<script>alert("x")</script> & more');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; &amp; more');
    expect(rendered.html).toContain('<title>Re: &lt;b&gt;bold&lt;&#x2F;b&gt;</title>');
  });

  it('exposes no inherited properties and calls nothing', () => {
    const rendered = renderTemplate(
      { title: '[{{constructor}}][{{actor.constructor.name}}][{{#constructor}}x{{/constructor}}]', body: '{{ids}}' },
      { actor: { id: 'u1' }, ids: ['a', 'b'] },
    );
    expect(rendered.title).toBe('[][][]');
    expect(rendered.body).toBe('a, b');
  });

  it('keeps titles on one line and renders missing variables empty', () => {
    expect(renderTemplate({ title: 'A\n{{missing}}\nB', body: '' }, {}).title).toBe('A B');
  });
});
