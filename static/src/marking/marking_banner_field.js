import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { Component } from "@odoo/owl";

/**
 * The record's protective marking as a full-width coloured band at the top of
 * a form, the way classified systems show it: OFFICIAL neutral,
 * OFFICIAL-SENSITIVE amber, SECRET red. Read-only: the marking is changed in
 * its own field of the form.
 */
const TONES = {
    official: "o_protect_marking_official",
    official_sensitive: "o_protect_marking_official_sensitive",
    secret: "o_protect_marking_secret",
};

export class ProtectMarkingBannerField extends Component {
    static template = "protect_engagement.MarkingBannerField";
    static props = { ...standardFieldProps };

    get marking() {
        return this.props.record.data[this.props.name];
    }

    get label() {
        const selection = this.props.record.fields[this.props.name].selection || [];
        const option = selection.find(([key]) => key === this.marking);
        return option ? option[1] : "";
    }

    get ariaLabel() {
        return _t("Protective marking: %(marking)s", { marking: this.label });
    }

    get toneClass() {
        return TONES[this.marking] || TONES.official;
    }
}

export const protectMarkingBannerField = {
    component: ProtectMarkingBannerField,
    displayName: _t("Protective marking banner"),
    supportedTypes: ["selection"],
};

registry.category("fields").add("protect_marking_banner", protectMarkingBannerField);
