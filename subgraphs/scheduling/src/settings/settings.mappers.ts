export type { CalendarSettingsView as CalendarSettingsMapper } from './settings.service.ts';
