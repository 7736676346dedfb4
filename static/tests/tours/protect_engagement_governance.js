import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Kept in step with tests/test_ui_governance.py, which creates the person and
// checks the erasure and the disclosure log rows after the tour.
const PERSON = "Gwen Governance-Tour";
const ANONYMISED = "Anonymised person";

function openPersonFromRegister(name) {
    return [
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
            content: "Search the register for the person",
            trigger: ".o_searchview_input",
            run: `edit ${name}`,
        },
        {
            content: "Search by name",
            trigger: ".o_searchview_autocomplete .o-dropdown-item:first",
            run: "click",
        },
        {
            content: "The search applies",
            trigger: `.o_searchview_facet:contains("${name}")`,
        },
        {
            content: "Open the person",
            trigger: `.o_list_view .o_data_row td[name="name"]:contains("${name}")`,
            run: "click",
        },
        {
            content: "The person's form opens",
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains("${name}")`,
        },
    ];
}

registry.category("web_tour.tours").add("protect_engagement_governance", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Protect app",
            trigger: '.o_app[data-menu-xmlid="protect_engagement.protect_engagement_menu_root"]',
            run: "click",
        },
        ...openPersonFromRegister(PERSON),
        // Subject access.
        {
            content: "Ask for a subject access response",
            trigger: '.o_form_view .o_form_statusbar button[name="action_protect_subject_access"]',
            run: "click",
        },
        {
            content: "Produce the files",
            trigger: '.modal .modal-footer button[name="action_produce"]',
            run: "click",
        },
        {
            content: "The PDF can be downloaded",
            trigger: '.modal .modal-footer button[name="action_download_pdf"]',
        },
        {
            content: "The JSON can be downloaded",
            trigger: '.modal .modal-footer button[name="action_download_json"]',
        },
        {
            content: "Close the subject access window",
            trigger: '.modal .modal-footer button.btn-secondary:contains("Close")',
            run: "click",
        },
        {
            content: "The window is closed",
            trigger: "body:not(:has(.modal))",
        },
        // Disclosure log.
        {
            content: "Open the Configuration menu",
            // The section's button, or the navbar's "More" menu when the
            // sections overflow the bar (an administrator has seven).
            trigger: `button[data-menu-xmlid="protect_engagement.protect_engagement_menu_config"], .o_menu_sections_more button[title='More Menu']`,
            run: "click",
        },
        {
            content: "Go to the disclosure log",
            trigger: 'a[data-menu-xmlid="protect_engagement.protect_disclosure_log_menu"]',
            run: "click",
        },
        {
            content: "The subject access is in the log",
            trigger: '.o_list_view .o_data_row td[name="kind"]:contains("Subject access request")',
        },
        {
            content: "Verify the log",
            trigger: '.o_control_panel button[name="action_protect_verify"]',
            run: "click",
        },
        {
            content: "The log is intact",
            trigger: '.o_notification:contains("intact")',
        },
        // Anonymisation.
        ...openPersonFromRegister(PERSON),
        {
            content: "Anonymise the person",
            trigger: '.o_form_view .o_form_statusbar button[name="action_protect_anonymise"]',
            run: "click",
        },
        {
            content: "The button to anonymise waits for the confirmation",
            trigger: '.modal:not(:has(button[name="action_anonymise"]))',
        },
        {
            content: "Confirm that it cannot be undone",
            trigger: '.modal .o_field_widget[name="confirm"] input',
            run: "click",
        },
        {
            content: "Anonymise",
            trigger: '.modal .modal-footer button[name="action_anonymise"]',
            run: "click",
        },
        {
            content: "The window is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The form now shows the anonymised person",
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains("${ANONYMISED}")`,
        },
        {
            content: "and is ribboned as anonymised",
            trigger: '.o_form_view .ribbon:contains("Anonymised")',
        },
        {
            content: "and no longer offers to anonymise",
            trigger: '.o_form_view:not(:has(button[name="action_protect_anonymise"]))',
        },
    ],
});
