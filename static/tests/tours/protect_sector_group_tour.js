import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Kept in step with tests/test_ui.py, which checks the group the tour adds.
const GROUP = "Tour telecoms and utilities";

registry.category("web_tour.tours").add("protect_engagement_add_sector_group", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Protect app",
            trigger: '.o_app[data-menu-xmlid="protect_engagement.protect_engagement_menu_root"]',
            run: "click",
        },
        {
            content: "Open the Configuration menu",
            // The section's button, or the navbar's "More" menu when the
            // sections overflow the bar (an administrator has seven).
            trigger: `button[data-menu-xmlid="protect_engagement.protect_engagement_menu_config"], .o_menu_sections_more button[title='More Menu']`,
            run: "click",
        },
        {
            content: "Go to the sector groups",
            trigger: 'a[data-menu-xmlid="protect_engagement.protect_sector_group_menu"]',
            run: "click",
        },
        {
            content: "The seeded groups are listed, the fallback among them",
            trigger: '.o_list_view .o_data_row td[name="name"]:contains("Other")',
        },
        {
            content: "Add a group",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: `edit ${GROUP}`,
        },
        {
            content: "Save it",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "It is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
