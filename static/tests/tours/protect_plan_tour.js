import { registry } from "@web/core/registry";

// Kept in step with tests/test_ui_plans.py, which creates these records and
// users.
const PLAN = "Plan tour: delivery plan";
const OBJECTIVE = "Plan tour: reach the finance sector";
const DRAFT_PLAN = "Plan tour: officer's draft";
const DRAFT_OBJECTIVE = "Plan tour: reach charities";
// The measure's dialog: the one with an editable target.
const MEASURE_DIALOG = '.modal:has(.o_field_widget[name="target"] input)';

// From the plans list to the tour's plan.
function openPlan() {
    return [
        {
            content: "Open the tour's plan from the delivery plans",
            trigger: `.o_data_row td[name="name"]:contains("${PLAN}")`,
            run: "click",
        },
        {
            content: "The plan's form is open",
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains("${PLAN}")`,
        },
    ];
}

registry.category("web_tour.tours").add("protect_engagement_manager_approves_plan", {
    url: "/odoo/protect-plans",
    steps: () => [
        ...openPlan(),
        {
            content: "Approve the officer's draft",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_approve"]',
            run: "click",
        },
        {
            content: "The plan is approved",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Approved")',
        },
        {
            content: "Open its objectives by status",
            trigger: '.o_form_view button[name="action_open_objective_status"]',
            run: "click",
        },
        {
            content: "The objective is in a status column",
            trigger: `.o_kanban_group .o_kanban_record:contains("${OBJECTIVE}")`,
        },
        {
            content: "Back to the plan",
            trigger: `.o_breadcrumb li.breadcrumb-item a:contains("${PLAN}")`,
            run: "click",
        },
        {
            content: "The plan's form is open again",
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains("${PLAN}")`,
        },
        {
            content: "Open its progress by quarter",
            trigger: '.o_form_view button[name="action_open_progress"]',
            run: "click",
        },
        {
            content: "The pivot counts the measure",
            trigger: '.o_pivot .o_pivot_header_cell_closed:contains("Partner meetings"), .o_pivot th:contains("Partner meetings")',
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

registry.category("web_tour.tours").add("protect_engagement_liaison_reads_plan", {
    url: "/odoo/protect-plans",
    steps: () => [
        ...openPlan(),
        {
            content: "The liaison reads the plan and cannot approve it",
            trigger: '.o_form_view:not(:has(button[name="action_approve"]))',
        },
        {
            content: "Nor edit its name",
            trigger: '.o_form_view .o_field_widget[name="name"]:not(:has(input))',
        },
        {
            content: "The progress tab shows the measure",
            trigger: '.o_form_view .o_notebook_headers a[name="measures"]',
            run: "click",
        },
        {
            content: "The measure and its status are listed",
            trigger: '.o_form_view .o_field_widget[name="measure_ids"] .o_data_row:contains("Partner meetings")',
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

registry.category("web_tour.tours").add("protect_engagement_manager_dashboard", {
    url: "/odoo/protect-dashboard",
    steps: () => [
        {
            content: "The plan's objective is on the dashboard",
            trigger: `.o-dashboard-action:contains("Plan progress") .o_data_row:contains("${OBJECTIVE}")`,
        },
        {
            content: "The engagement graph is drawn",
            trigger: '.o-dashboard-action:contains("Engagements done") .o_graph_renderer canvas',
        },
        {
            content: "The coverage pivot is drawn",
            trigger: '.o-dashboard-action:contains("Coverage this financial year") .o_pivot',
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

registry.category("web_tour.tours").add("protect_engagement_officer_drafts_plan", {
    url: "/odoo/protect-plans",
    steps: () => [
        {
            content: "Start a new plan",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: `edit ${DRAFT_PLAN}`,
        },
        {
            content: "Add an objective",
            trigger: '.o_field_widget[name="objective_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Name the objective",
            trigger: '.modal .o_field_widget[name="name"] input',
            run: `edit ${DRAFT_OBJECTIVE}`,
        },
        {
            content: "Choose its national aim",
            trigger: '.modal .o_field_widget[name="aim_id"] input',
            run: "edit Empower",
        },
        {
            content: "Pick the aim",
            trigger: '.o-autocomplete--dropdown-item:contains("Empower")',
            run: "click",
        },
        {
            content: "Add a measure to the objective",
            trigger: '.modal .o_field_widget[name="measure_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Name the measure",
            trigger: `${MEASURE_DIALOG} .o_field_widget[name="name"] input`,
            run: "edit Charity visits",
        },
        {
            content: "Give it a target",
            trigger: `${MEASURE_DIALOG} .o_field_widget[name="target"] input`,
            run: "edit 12",
        },
        {
            content: "Save the measure",
            trigger: `${MEASURE_DIALOG} .o_form_button_save`,
            run: "click",
        },
        {
            content: "The measure is listed on the objective",
            trigger: '.modal .o_field_widget[name="measure_ids"] .o_data_row:contains("Charity visits")',
        },
        {
            content: "Save the objective",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The objective is listed on the plan",
            trigger: `.o_field_widget[name="objective_ids"] .o_data_row:contains("${DRAFT_OBJECTIVE}")`,
        },
        {
            content: "Save the plan",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The plan is saved as a draft",
            trigger: '.o_form_view .o_form_saved .o_statusbar_status button.o_arrow_button_current:contains("Draft"), .o_form_view:has(.o_form_saved) .o_statusbar_status button.o_arrow_button_current:contains("Draft")',
        },
        {
            content: "An officer has no Approve button",
            trigger: '.o_form_view:not(:has(button[name="action_approve"]))',
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
