export type { EffectiveSetting as NotificationPreferenceMapper } from './preference.service.ts';
