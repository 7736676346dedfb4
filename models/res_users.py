from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .protect_sensitivity_mixin import SENSITIVITY_RANK, sensitivities_up_to

VETTING_FIELDS = {
    "protect_vetting_level_id",
    "protect_vetting_granted",
    "protect_vetting_expiry",
}


class ResUsers(models.Model):
    _inherit = "res.users"

    protect_vetting_level_id = fields.Many2one(
        "protect.vetting.level", string="Vetting level", index="btree_not_null"
    )
    protect_vetting_granted = fields.Date(string="Vetting granted")
    protect_vetting_expiry = fields.Date(
        string="Vetting expires",
        help="From this day on the vetting no longer counts: the user sees only "
        "what needs no vetting until it is renewed.",
    )
    protect_vetting_granted_by_id = fields.Many2one(
        "res.users", string="Vetting granted by", index="btree_not_null"
    )
    protect_vetting_valid = fields.Boolean(
        string="Vetting current", compute="_compute_protect_vetting_valid"
    )

    @api.depends("protect_vetting_level_id", "protect_vetting_expiry")
    @api.depends_context("uid")
    def _compute_protect_vetting_valid(self):
        today = fields.Date.context_today(self)
        for user in self:
            user.protect_vetting_valid = bool(
                user.protect_vetting_level_id
                and (
                    not user.protect_vetting_expiry
                    or user.protect_vetting_expiry > today
                )
            )

    @api.constrains("protect_vetting_granted", "protect_vetting_expiry")
    def _check_protect_vetting_dates(self):
        for user in self:
            granted, expiry = user.protect_vetting_granted, user.protect_vetting_expiry
            if granted and expiry and expiry < granted:
                raise ValidationError(
                    self.env._(
                        "Vetting expires: %(user)s's vetting cannot expire before it "
                        "was granted.",
                        user=user.name,
                    )
                )

    def _protect_cleared_sensitivities(self):
        """Sensitivities this user's current vetting clears, as a list.

        Only members of the Protect groups are cleared for anything; the
        superuser (not a sudo'ed environment: the real user still counts) sees
        everything. Expired vetting clears nothing from its expiry day on.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        return list(self.env["res.users"]._protect_clearance(self.id, today))

    @api.model
    @tools.ormcache("user_id", "today")
    def _protect_clearance(self, user_id, today):
        if user_id == api.SUPERUSER_ID:
            return tuple(SENSITIVITY_RANK)
        user = self.sudo().browse(user_id)
        level = user.protect_vetting_level_id
        expiry = user.protect_vetting_expiry
        if (
            not level
            or (expiry and expiry <= today)
            or not user._has_group("protect_engagement.group_liaison")
        ):
            return ()
        return tuple(sensitivities_up_to(level.max_sensitivity))

    def _protect_can_see(self, sensitivity):
        return sensitivity in self._protect_cleared_sensitivities()

    def write(self, vals):
        changing = VETTING_FIELDS & vals.keys()
        if changing and "protect_vetting_granted_by_id" not in vals:
            vals = dict(vals, protect_vetting_granted_by_id=self.env.user.id)
        before = (
            {user: user._protect_vetting_summary() for user in self} if changing else {}
        )
        result = super().write(vals)
        if changing:
            # Record rules and cached clearances depend on vetting: drop the caches
            # so every worker applies the change on its very next request.
            self.env.registry.clear_cache()
            for user, old in before.items():
                new = user._protect_vetting_summary()
                if new != old:
                    user.partner_id.sudo().message_post(
                        body=self.env._(
                            "Vetting changed by %(editor)s: %(old)s → %(new)s",
                            editor=self.env.user.name,
                            old=old,
                            new=new,
                        ),
                        subtype_xmlid="mail.mt_note",
                    )
        return result

    def _protect_vetting_summary(self):
        self.ensure_one()
        user = self.sudo()
        if not user.protect_vetting_level_id:
            return self.env._("none")
        return self.env._(
            "%(level)s, granted %(granted)s, expires %(expiry)s",
            level=user.protect_vetting_level_id.code,
            granted=user.protect_vetting_granted or "-",
            expiry=user.protect_vetting_expiry or "-",
        )

    def _protect_vetting_managers(self):
        """Who is told that this user's vetting is about to expire."""
        self.ensure_one()
        return self.sudo().protect_vetting_granted_by_id

    @api.model
    def _cron_protect_vetting_expiry_warning(self, days=30):
        """Warn users, and whoever manages them, 30 days before vetting expires.

        It only warns: expiry itself takes effect by date in the access rules,
        with no job in between.
        """
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=days)
        users = self.sudo().search(
            [
                ("protect_vetting_level_id", "!=", False),
                ("protect_vetting_expiry", ">", today),
                ("protect_vetting_expiry", "<=", horizon),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        summary = self.env._("Vetting renewal due")
        for user in users:
            partner = user.partner_id.sudo()
            already = partner.activity_ids.filtered(
                lambda a: a.summary == summary and a.activity_type_id == todo
            ).user_id
            for recipient in (user | user._protect_vetting_managers()) - already:
                partner.activity_schedule(
                    activity_type_id=todo.id,
                    summary=summary,
                    note=self.env._(
                        "%(user)s's %(level)s vetting expires on %(expiry)s. Start the "
                        "renewal now: from that day on they see only unmarked data.",
                        user=user.name,
                        level=user.protect_vetting_level_id.code,
                        expiry=user.protect_vetting_expiry,
                    ),
                    date_deadline=max(
                        today, user.protect_vetting_expiry - timedelta(days=7)
                    ),
                    user_id=recipient.id,
                )
