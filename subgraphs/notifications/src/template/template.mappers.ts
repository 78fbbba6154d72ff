export type { EffectiveTemplate as NotificationTemplateMapper } from './template.service.ts';
