import { registry } from "@web/core/registry";
import { FormController } from "@web/views/form/form_controller";
import { formView } from "@web/views/form/form_view";

/**
 * The engagement form, full page ("New" in the Engagements list) and as the
 * "Log engagement" dialog. A new engagement is only ever created by its Save
 * button (or, full page, by moving on inside the app, as any Odoo form saves):
 * closing the tab, reloading or switching away does not save it (every
 * required field has a default, so the standard urgent save would log a Done
 * engagement nobody meant to log). Unsaved input makes the browser ask before
 * leaving instead.
 */
export class ProtectEngagementLogFormController extends FormController {
    beforeUnload(ev) {
        if (!this.model.root.isNew) {
            return super.beforeUnload(ev);
        }
        if (this.model.root.dirty) {
            ev.preventDefault();
            ev.returnValue = "Unsaved changes";
        }
    }

    beforeVisibilityChange() {
        if (!this.model.root.isNew) {
            return super.beforeVisibilityChange();
        }
    }
}

const protectEngagementFormView = {
    ...formView,
    Controller: ProtectEngagementLogFormController,
};

registry.category("views").add("protect_engagement_form", protectEngagementFormView);
registry.category("views").add("protect_engagement_log_form", protectEngagementFormView);
