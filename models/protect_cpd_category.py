from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProtectCpdCategory(models.Model):
    _name = "protect.cpd.category"
    _description = "CPD category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    annual_minimum_hours = fields.Float(
        string="Annual minimum (hours)",
        digits=(6, 2),
        help="Hours a person must log in this category every CPD year, e.g. to keep "
        "an accreditation. Leave at zero when the category has no minimum.",
    )
    description = fields.Text()
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "A CPD category's code must be unique.")

    @api.constrains("annual_minimum_hours")
    def _check_annual_minimum_hours(self):
        for category in self:
            if category.annual_minimum_hours < 0:
                raise ValidationError(
                    self.env._(
                        "Annual minimum (hours): '%(name)s' cannot require a negative "
                        "number of hours.",
                        name=category.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo (1): whether any record or event uses the category, hidden or not.
        records = self.env["protect.cpd.record"].sudo()
        events = self.env["event.event"].sudo().with_context(active_test=False)
        if records.search_count([("category_id", "in", self.ids)], limit=1) or (
            events.search_count([("protect_cpd_category_id", "in", self.ids)], limit=1)
        ):
            raise ValidationError(
                self.env._(
                    "CPD category: CPD records or events use this category. "
                    "Archive it instead of deleting it."
                )
            )
