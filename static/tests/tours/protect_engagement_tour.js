import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Kept in step with tests/test_ui.py, which creates the organisation and checks
// the engagement the tour logs.
const ORGANISATION = "Tour Valley Building Society";
const SUBJECT = "Tour: romance-fraud briefing for branch staff";

// From the apps menu to the organisation's form, its engagements counted.
function openOrganisation(count) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Protect app",
            trigger: '.o_app[data-menu-xmlid="protect_engagement.protect_engagement_menu_root"]',
            run: "click",
        },
        {
            content: "Open the Stakeholders menu",
            trigger: 'button[data-menu-xmlid="protect_engagement.res_partner_menu_protect"]',
            run: "click",
        },
        {
            content: "Go to the stakeholder register",
            trigger: 'a[data-menu-xmlid="protect_engagement.res_partner_menu_protect_stakeholder"]',
            run: "click",
        },
        {
            content: "The register opens",
            trigger: '.o_breadcrumb .o_last_breadcrumb_item:contains("Stakeholders")',
        },
        {
            content: "Search the register for the organisation",
            trigger: ".o_list_view .o_searchview_input",
            run: `edit ${ORGANISATION}`,
        },
        {
            content: "Search by name",
            trigger: ".o_searchview_autocomplete .o-dropdown-item:first",
            run: "click",
        },
        {
            content: "The search applies",
            trigger: `.o_searchview_facet:contains("${ORGANISATION}")`,
        },
        {
            content: "Open the organisation",
            trigger: `.o_list_view .o_data_row td[name="name"]:contains("${ORGANISATION}")`,
            run: "click",
        },
        {
            content: `The organisation has ${count} engagement(s)`,
            trigger: `.o_form_view button[name="action_protect_view_engagements"] .o_stat_value:contains("${count}")`,
        },
        {
            content: "Log an engagement with it",
            trigger: '.o_form_view button[name="action_protect_log_engagement"]',
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("protect_engagement_log_meeting", {
    url: "/odoo",
    steps: () => [
        ...openOrganisation(0),
        {
            content: "The new engagement opens in a dialog and names the stakeholder",
            trigger: `.modal .o_form_view .o_field_widget[name="partner_ids"] .o_tag:contains("${ORGANISATION}")`,
        },
        {
            content: "Give it a subject",
            trigger: '.modal .o_form_view .o_field_widget[name="name"] input',
            run: `edit ${SUBJECT}`,
        },
        {
            content: "Save it",
            trigger: '.modal .modal-footer button[special="save"]',
            run: "click",
        },
        {
            content: "The dialog closes on the organisation",
            trigger: `body:not(:has(.modal)) .o_breadcrumb .o_last_breadcrumb_item:contains("${ORGANISATION}")`,
        },
        {
            content: "Its engagements button counts the new engagement",
            trigger: '.o_form_view button[name="action_protect_view_engagements"] .o_stat_value:contains("1")',
        },
    ],
});

// Kept in step with tests/test_phantom_engagement.py, which checks that nothing
// was logged.
registry.category("web_tour.tours").add("protect_engagement_log_abandoned", {
    url: "/odoo",
    steps: () => [
        ...openOrganisation(0),
        {
            content: "Reload the page without saving the new engagement",
            trigger: `.o_form_view .o_field_widget[name="partner_ids"] .o_tag:contains("${ORGANISATION}")`,
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "The page is back",
            trigger: ".o_action_manager .o_form_view",
        },
    ],
});

// "New" in the Engagements list opens a full-page form: reloading it before
// saving logs nothing, though every required field has a default.
registry.category("web_tour.tours").add("protect_engagement_new_abandoned", {
    url: "/odoo",
    steps: () => [
        {
            content: "The officer lands in the Engagements list",
            trigger: '.o_breadcrumb .o_last_breadcrumb_item:contains("Engagements")',
        },
        {
            content: "Start a new engagement",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Type its subject",
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: "edit Tour: engagement abandoned on a full page",
        },
        {
            content: "Reload the page without saving",
            trigger: '.o_form_view .o_field_widget[name="name"] input:value("Tour: engagement abandoned on a full page")',
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "The page is back",
            trigger: ".o_action_manager .o_view_controller",
        },
    ],
});
