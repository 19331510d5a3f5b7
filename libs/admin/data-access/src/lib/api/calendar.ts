import type { SeasonCalendarView } from '@zhtj/shared/contract';
import { http } from './http';

/** The transfer season at the server's clock (§5; guide §1, §3): its phase, key dates and today. */
export const calendarApi = {
  get: () => http.get<SeasonCalendarView>('/calendar'),
};
