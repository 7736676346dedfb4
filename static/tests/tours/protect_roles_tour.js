import { registry } from "@web/core/registry";

// Kept in step with tests/test_ui_roles.py, which creates these records.
const COLLEAGUE_MEETING = "Roles tour: colleague's briefing";
const CPD_EVENT = "Roles tour: ransomware seminar";

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
    ],
});

// A manager's report: the coverage for the last 12 months, previewed in the
// browser; reloading the preview shows the same report again (it used to open
// an unrelated contact).
registry.category("web_tour.tours").add("protect_engagement_manager_preview", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the Reporting menu",
            trigger: 'button[data-menu-xmlid="protect_engagement.protect_engagement_menu_reporting"]',
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
