import { registry } from "@web/core/registry";

// Kept in step with tests/test_ui_roles.py, which creates these records and
// users.
const COLLEAGUE_MEETING = "Roles tour: colleague's briefing";
const CPD_EVENT = "Roles tour: ransomware seminar";
const LIAISON = "Roles Liaison";
const PANEL = "Roles tour: Trent fraud forum";
// A member since 2020, and one who joined on 1 June 2025.
const EARLY_MEMBER = "Roles tour: Early Bird Bank";
const LATE_MEMBER = "Roles tour: Latecomer Trust";
// Typed as a user in English (UK) does: before the late member joined.
const PANEL_MEETING_DATE = "15/03/2025 10:00:00";
const SENSITIVE_ORGANISATION = "Roles tour: Sensitive Savings Society";
const SECRET_ORGANISATION = "Roles tour: Secret Harbour Bank";

// From Protect's home to the CPD event's form, as the liaison goes.
function openCpdEvent() {
    return [
        {
            content: "Open the CPD menu",
            trigger: 'button[data-menu-xmlid="protect_engagement.protect_cpd_menu_root"]',
            run: "click",
        },
        {
            content: "Go to the CPD events",
            trigger: 'a[data-menu-xmlid="protect_engagement.protect_cpd_event_menu"]',
            run: "click",
        },
        {
            content: "Open the seminar",
            trigger: `.o_data_row td[name="name"]:contains("${CPD_EVENT}")`,
            run: "click",
        },
        {
            content: "The event opens (it failed with an access error before)",
            trigger: `.o_form_view .o_form_sheet:contains("${CPD_EVENT}")`,
        },
        {
            content: "No access error",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ];
}

// A liaison user's day: lands in Protect, opens a colleague's engagement and
// finds it read-only under its marking, then opens a CPD event.
registry.category("web_tour.tours").add("protect_engagement_liaison_day", {
    url: "/odoo",
    steps: () => [
        {
            content: "After login the liaison lands in Protect's engagements",
            trigger: '.o_breadcrumb .o_last_breadcrumb_item:contains("Engagements")',
        },
        {
            content: "Search for the colleague's engagement",
            trigger: ".o_searchview_input",
            run: `edit ${COLLEAGUE_MEETING}`,
        },
        {
            content: "Search by subject",
            trigger: ".o_searchview_autocomplete .o-dropdown-item:first",
            run: "click",
        },
        {
            content: "Open it",
            trigger: `.o_data_row td[name="name"]:contains("${COLLEAGUE_MEETING}")`,
            run: "click",
        },
        {
            content: "Its marking shows as a band at the top of the form",
            trigger: '.o_form_sheet .o_protect_marking_banner:contains("OFFICIAL")',
        },
        {
            content: "The form is read-only: the subject is not an input",
            trigger: '.o_form_view .o_field_widget[name="name"]:not(:has(input))',
        },
        {
            content: "No button the liaison cannot use",
            trigger:
                ".o_form_view:not(:has(button[name='action_reset_planned'])):not(:has(button[name='action_mark_done']))",
        },
        ...openCpdEvent(),
    ],
});

// A liaison registers themself for a CPD event the way the event form offers
// it: its Attendees button, then a new registration booked by themself.
registry.category("web_tour.tours").add("protect_engagement_liaison_registers", {
    url: "/odoo",
    steps: () => [
        {
            content: "After login the liaison lands in Protect",
            trigger: '.o_breadcrumb .o_last_breadcrumb_item:contains("Engagements")',
        },
        ...openCpdEvent(),
        {
            content: "Open the event's attendees",
            trigger: '.o_form_view .oe_stat_button:contains("Attendees")',
            run: "click",
        },
        {
            content: "Add a registration",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "The registration is for the seminar",
            trigger: `.o_form_view .o_field_widget[name="event_id"] input:value("${CPD_EVENT}")`,
        },
        {
            content: "Booked by: the liaison",
            trigger: '.o_form_view .o_field_widget[name="partner_id"] input',
            run: `edit ${LIAISON}`,
        },
        {
            content: "Pick themself",
            trigger: `.o-autocomplete--dropdown-item:contains("${LIAISON}")`,
            run: "click",
        },
        {
            content: "The attendee's name follows",
            trigger: `.o_form_view .o_field_widget[name="name"] input:value("${LIAISON}")`,
        },
        {
            content: "Save the registration",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "It is saved: the form names the attendee",
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains("${LIAISON}")`,
        },
        {
            content: "and nothing is left unsaved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "No access error",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

// An officer logs a panel meeting from the panel: the dialog names the panel
// and the type Panel meeting, and the attendance follows the date typed before
// anything is saved.
registry.category("web_tour.tours").add("protect_engagement_officer_panel_meeting", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the Panels menu",
            trigger: 'button[data-menu-xmlid="protect_engagement.protect_panel_menu_root"]',
            run: "click",
        },
        {
            content: "Go to the panels",
            trigger: 'a[data-menu-xmlid="protect_engagement.protect_panel_menu"]',
            run: "click",
        },
        {
            content: "Open the forum",
            trigger: `.o_kanban_record:contains("${PANEL}")`,
            run: "click",
        },
        {
            content: "Log a meeting of it",
            trigger: '.o_form_view button[name="action_log_meeting"]',
            run: "click",
        },
        {
            content: "The dialog names the panel",
            trigger: `.modal .o_field_widget[name="panel_id"] input:value("${PANEL}")`,
        },
        {
            content: "The type is Panel meeting",
            trigger: '.modal .o_field_widget[name="engagement_type_id"] input:value("Panel meeting")',
        },
        {
            content: "Open the attendance",
            trigger: '.modal .o_notebook_headers a[name="attendance"]',
            run: "click",
        },
        {
            content: "Today both members sit",
            trigger: `.modal .o_field_widget[name="attendance_ids"] .o_data_row:contains("${LATE_MEMBER}")`,
        },
        {
            content: "Change the start",
            trigger: '.modal .o_field_widget[name="date_start"] button',
            run: "click",
        },
        {
            content: "The meeting was held in March 2025",
            trigger: '.modal .o_field_widget[name="date_start"] input',
            run: `edit ${PANEL_MEETING_DATE}`,
        },
        {
            content: "Confirm the date",
            trigger: '.modal .o_field_widget[name="date_start"] input',
            run: "press Enter",
        },
        {
            content: "Before saving, the attendance lists who sat then: the early member",
            trigger: `.modal .o_field_widget[name="attendance_ids"] .o_data_row:contains("${EARLY_MEMBER}")`,
        },
        {
            content: "and not the member who joined later",
            trigger: ".modal .o_field_widget[name='attendance_ids']",
            run() {
                const rows = [...this.anchor.querySelectorAll(".o_data_row")];
                const names = rows.map((row) => row.textContent);
                if (names.length !== 1 || names.some((n) => n.includes(LATE_MEMBER))) {
                    throw new Error(`attendance lists ${names.join(" | ")}`);
                }
            },
        },
        {
            content: "Save the meeting",
            trigger: '.modal .modal-footer button[special="save"]',
            run: "click",
        },
        {
            content: "The dialog closes on the panel, which counts the meeting",
            trigger: 'body:not(:has(.modal)) .o_form_view button[name="action_view_meetings"] .o_stat_value:contains("1")',
        },
    ],
});

// An officer clicks a day of the engagement calendar (month view): the dialog
// offers a meeting from 10:00 to 11:00 that day, and discarding logs nothing.
registry.category("web_tour.tours").add("protect_engagement_officer_calendar_day", {
    url: "/odoo",
    steps: () => {
        // The 18th of the month the calendar opens on, as shown in English (UK).
        const today = new Date();
        const month = String(today.getMonth() + 1).padStart(2, "0");
        const year = today.getFullYear();
        const day = `${year}-${month}-18`;
        const shown = `18/${month}/${year}`;
        return [
            {
                content: "Open the Engagements menu",
                trigger: 'button[data-menu-xmlid="protect_engagement.protect_engagement_menu_engagements"]',
                run: "click",
            },
            {
                content: "Go to the calendar",
                trigger: 'a[data-menu-xmlid="protect_engagement.protect_engagement_menu_calendar"]',
                run: "click",
            },
            {
                content: "Click the 18th in the month view",
                trigger: `.o_calendar_view .fc-dayGridMonth-view .fc-daygrid-day[data-date="${day}"]`,
                run: "click",
            },
            {
                content: "The log dialog opens starting at 10:00 that day",
                trigger: `.modal .o_field_widget[name="date_start"] [data-tooltip^="${shown} 10:00"]`,
            },
            {
                content: "and ending at 11:00, not 07:00 to 19:00",
                trigger: `.modal .o_field_widget[name="date_end"] [data-tooltip^="${shown} 11:00"]`,
            },
            {
                content: "titled Log engagement, not New Event",
                trigger: '.modal .modal-title:contains("Log engagement")',
            },
            {
                content: "with no status buttons before it is saved",
                trigger: '.modal:not(:has(button[name="action_reset_planned"]))',
            },
            {
                content: "Discard it",
                trigger: '.modal .modal-footer button[special="cancel"]',
                run: "click",
            },
            {
                content: "Back on the calendar",
                trigger: "body:not(:has(.modal)) .o_calendar_view",
            },
        ];
    },
});

// A manager's report: the coverage for the last 12 months, previewed in the
// browser; reloading the preview shows the same report again (it used to open
// an unrelated contact).
registry.category("web_tour.tours").add("protect_engagement_manager_preview", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the Reporting menu",
            // The section's button, or the navbar's "More" menu when the
            // sections overflow the bar (an administrator has seven).
            trigger: `button[data-menu-xmlid="protect_engagement.protect_engagement_menu_reporting"], .o_menu_sections_more button[title='More Menu']`,
            run: "click",
        },
        {
            content: "Choose Partnership coverage",
            trigger: 'a[data-menu-xmlid="protect_engagement.protect_report_wizard_menu_coverage"]',
            run: "click",
        },
        {
            content: "Open the period presets",
            trigger: '.modal .o_field_widget[name="period_preset"] input',
            run: "click",
        },
        {
            content: "Pick the last 12 months",
            trigger: '.o_select_menu_item:contains("Last 12 months"), .o-dropdown-item:contains("Last 12 months")',
            run: "click",
        },
        {
            content: "The period follows",
            trigger: '.modal .o_field_widget[name="period_preset"] input:value("Last 12 months")',
        },
        {
            content: "Preview it",
            trigger: '.modal button[name="action_preview"]',
            run: "click",
        },
        {
            content: "The preview shows the coverage report",
            trigger: ':iframe h1:contains("Partnership coverage"), :iframe h2:contains("Partnership coverage"), :iframe .o_protect_heading:contains("Partnership coverage")',
        },
        {
            content: "Its address is the preview's own",
            trigger: "body",
            run() {
                if (!window.location.pathname.endsWith("/protect-report-preview")) {
                    throw new Error(`preview address ${window.location.pathname}`);
                }
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "After a reload, the same report",
            trigger: ':iframe h1:contains("Partnership coverage"), :iframe h2:contains("Partnership coverage"), :iframe .o_protect_heading:contains("Partnership coverage")',
        },
        {
            content: "Not a contact form",
            trigger: "body:not(:has(.o_form_view .o_field_widget[name='vat']))",
        },
    ],
});

// A SECRET-cleared manager prints the stakeholder map for a partner cleared to
// OFFICIAL-SENSITIVE: the preview names the OFFICIAL-SENSITIVE stakeholder and
// not the SECRET one.
registry.category("web_tour.tours").add("protect_engagement_manager_print_lower", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the Reporting menu",
            // The section's button, or the navbar's "More" menu when the
            // sections overflow the bar (an administrator has seven).
            trigger: `button[data-menu-xmlid="protect_engagement.protect_engagement_menu_reporting"], .o_menu_sections_more button[title='More Menu']`,
            run: "click",
        },
        {
            content: "Choose Stakeholder map",
            trigger: 'a[data-menu-xmlid="protect_engagement.protect_report_wizard_menu_stakeholder_map"]',
            run: "click",
        },
        {
            content: "Open the Print at choices",
            trigger: '.modal .o_field_widget[name="print_marking"] input',
            run: "click",
        },
        {
            content: "Print at OFFICIAL-SENSITIVE",
            trigger: '.o_select_menu_item:contains("OFFICIAL-SENSITIVE")',
            run: "click",
        },
        {
            content: "The choice is made",
            trigger: '.modal .o_field_widget[name="print_marking"] input:value("OFFICIAL-SENSITIVE")',
        },
        {
            content: "Preview it",
            trigger: '.modal button[name="action_preview"]',
            run: "click",
        },
        {
            content: "The preview names the OFFICIAL-SENSITIVE stakeholder",
            trigger: `:iframe body:contains("${SENSITIVE_ORGANISATION}")`,
        },
        {
            content: "and not the SECRET one",
            trigger: `:iframe body:contains("${SENSITIVE_ORGANISATION}")`,
            run() {
                // The anchor is the preview's body, once the report is in it.
                if (this.anchor.textContent.includes(SECRET_ORGANISATION)) {
                    throw new Error("the SECRET stakeholder is in the preview");
                }
            },
        },
    ],
});
