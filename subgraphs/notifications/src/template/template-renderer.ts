import Mustache from 'mustache';

/** The wording of one notification type: Mustache templates over plain text. */
export interface TemplateSource {
  title: string;
  body: string;
}

/** One notification's text, rendered once at ingestion and reused by every channel. */
export interface RenderedNotification {
  /** One line of plain text. */
  title: string;
  /** Plain text. */
  body: string;
  /** The body for email: the rendered text HTML-escaped, so neither variables nor template text can inject markup. */
  html: string;
}

// A writer of our own: its parse cache holds only notification templates (a few per organization).
const writer = new Mustache.Writer();

// Plain-text rendering: HTML escaping happens once, on the whole text, for the email body.
const plainText = { escape: (value: unknown) => String(value) };

type Token = [string, string, number, number, Token[]?];

/** Why `source` is not a usable template, or null when it is. Never evaluates anything. */
export function templateProblem(source: string): string | null {
  let tokens: Token[];
  try {
    tokens = writer.parse(source) as Token[];
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const partial = findPartial(tokens);
  return partial ? `partials are not supported ({{>${partial}}})` : null;
}

function findPartial(tokens: Token[]): string | null {
  for (const [kind, value, , , children] of tokens) {
    if (kind === '>') return value;
    if (children) {
      const nested = findPartial(children);
      if (nested) return nested;
    }
  }
  return null;
}

/**
 * Renders a template with `variables` (event payload and ids). Logic-less Mustache over a copy of
 * the variables without prototypes: a template can read the values it is given and nothing else
 * (`{{constructor}}` renders empty), and no value is ever called.
 */
export function renderTemplate(template: TemplateSource, variables: Record<string, unknown>): RenderedNotification {
  const view = toView(variables);
  const title = writer
    .render(template.title, view, {}, plainText)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
  const body = writer.render(template.body, view, {}, plainText).trim();
  return { title, body, html: toHtml(title, body) };
}

function escapeHtml(text: string): string {
  return Mustache.escape(text);
}

function toHtml(title: string, body: string): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${paragraphs}\n</body></html>\n`;
}

/**
 * Plain data only: objects lose their prototype (so Mustache's `in` lookup finds no inherited
 * functions), arrays become comma-separated text, functions and symbols are dropped.
 */
function toView(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' ? '' : String(item))).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const view = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) view[key] = toView(item);
    return view;
  }
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  return value;
}
