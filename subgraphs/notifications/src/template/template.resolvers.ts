import { parseInput } from '@plaza/subgraph-kit';
import type { NotificationsContext } from '../context.ts';
import { clearTemplateArgs, setTemplateInput } from './template.validation.ts';

export const templateQueries = {
  notificationTemplates: (_: unknown, __: unknown, { viewer, services }: NotificationsContext) => services.templates.list(viewer),
};

export const templateMutations = {
  setNotificationTemplate: (_: unknown, args: { input: unknown }, { viewer, services }: NotificationsContext) =>
    services.templates.set(viewer, parseInput(setTemplateInput, args.input)),
  clearNotificationTemplate: (_: unknown, args: unknown, { viewer, services }: NotificationsContext) =>
    services.templates.clear(viewer, parseInput(clearTemplateArgs, args).type),
};
