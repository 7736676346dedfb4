from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    # Private to HR, like every field hr.employee.public does not repeat; the CPD
    # screens read them through protect.cpd.summary.
    protect_cpd_own_target = fields.Boolean(
        string="Own CPD target",
        groups="hr.group_hr_user",
        help="Use the hours below instead of the annual target in the Settings.",
    )
    protect_cpd_target_hours = fields.Float(
        string="CPD target (hours)",
        digits=(6, 2),
        groups="hr.group_hr_user",
        help="Annual CPD hours this person must reach, e.g. fewer for part-time staff.",
    )
    protect_cpd_reminded_year = fields.Char(
        string="CPD reminder sent for",
        groups="hr.group_hr_user",
        copy=False,
        help="The last CPD year this person was reminded of being behind pace; the "
        "reminder job never sends a second one for the same year.",
    )

    @api.constrains("protect_cpd_target_hours")
    def _check_protect_cpd_target_hours(self):
        for employee in self:
            if employee.protect_cpd_target_hours < 0:
                raise ValidationError(
                    self.env._(
                        "CPD target (hours): %(name)s's target cannot be negative.",
                        name=employee.name,
                    )
                )

    @api.model
    def _protect_by_partner(self, partners):
        """Map the id of each of ``partners`` that is an employee's contact to the
        employee (in sudo).

        An employee's contact is their work contact or their user's partner, the
        one an event registration names. Across companies, the first employee
        (by id) wins.
        """
        if not partners:
            return {}
        # sudo (1): which partners are staff decides how attendance counts.
        employees = self.sudo().search(
            [
                "|",
                ("work_contact_id", "in", partners.ids),
                ("user_id.partner_id", "in", partners.ids),
            ],
            order="id",
        )
        wanted = set(partners.ids)
        result = {}
        for employee in employees:
            for partner in employee.work_contact_id | employee.user_id.partner_id:
                if partner.id in wanted:
                    result.setdefault(partner.id, employee)
        return result

    @api.model
    def _protect_reports(self, user=None):
        """Everyone below ``user`` (the current user) in the employee hierarchy,
        directly or not, in sudo: the team a manager oversees."""
        # sudo (4): a manager's team, which HR rights alone may not let them read.
        mine = (user or self.env.user).sudo().employee_ids
        if not mine:
            return self.sudo().browse()
        return self.sudo().search(
            [("id", "child_of", mine.ids), ("id", "not in", mine.ids)]
        )

    def _protect_contacts(self):
        """The partners an event registration may name for these employees."""
        # sudo (1): the employees' work contacts, to register them.
        employees = self.sudo()
        return employees.work_contact_id | employees.user_id.partner_id
