import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { CalendarController } from "@web/views/calendar/calendar_controller";
import { calendarView } from "@web/views/calendar/calendar_view";

/**
 * The engagement calendar: a click on a day opens the "Log engagement" dialog
 * under that name, not the generic "New Event" of calendars.
 */
export class ProtectEngagementCalendarController extends CalendarController {
    get editRecordDefaultDisplayText() {
        return _t("Log engagement");
    }

    getQuickCreateFormViewProps(record) {
        return { ...super.getQuickCreateFormViewProps(record), title: _t("Log engagement") };
    }
}

registry.category("views").add("protect_engagement_calendar", {
    ...calendarView,
    Controller: ProtectEngagementCalendarController,
});
