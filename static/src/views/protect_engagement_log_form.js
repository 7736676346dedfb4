import { registry } from "@web/core/registry";
import { FormController } from "@web/views/form/form_controller";
import { formView } from "@web/views/form/form_view";

/**
 * The "Log engagement" dialog. A new engagement is only ever created by its
 * Save button: closing the tab, reloading or leaving the page does not save
 * it (every required field has a default, so the standard urgent save would
 * log a Done engagement nobody meant to log). Unsaved input makes the browser
 * ask before leaving instead.
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

registry.category("views").add("protect_engagement_log_form", {
    ...formView,
    Controller: ProtectEngagementLogFormController,
});
