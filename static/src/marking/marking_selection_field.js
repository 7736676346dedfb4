import { registry } from "@web/core/registry";
import { SelectionField, selectionField } from "@web/views/fields/selection/selection_field";

/**
 * The marking list of a Protect form, offering only the markings the user may
 * set: those their vetting clears (the server sends no other), and none below
 * the record's saved marking unless they may lower it (protect_marking_floor).
 */
const ORDER = ["official", "official_sensitive", "secret"];

export class ProtectMarkingSelectionField extends SelectionField {
    get options() {
        const floor = ORDER.indexOf(this.props.record.data.protect_marking_floor);
        return super.options.filter(([key]) => ORDER.indexOf(key) >= floor);
    }
}

export const protectMarkingSelectionField = {
    ...selectionField,
    component: ProtectMarkingSelectionField,
    fieldDependencies: [{ name: "protect_marking_floor", type: "selection" }],
};

registry.category("fields").add("protect_marking_selection", protectMarkingSelectionField);
