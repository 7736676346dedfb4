from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .protect_sensitivity_mixin import SENSITIVITY_RANK, sensitivities_up_to

# Vetting is a fact about a date in the UK: every comparison of a vetting date
# with "today" reads this one clock, whatever the user's or the caller's tz.
PROTECT_TZ = ZoneInfo("Europe/London")

# Who may read and set anyone's vetting; a user also reads their own.
VETTING_GROUP = "protect_engagement.group_admin"

# Changes to these are logged and take effect at once.
VETTING_FIELDS = {
    "protect_vetting_level_id",
    "protect_vetting_granted",
    "protect_vetting_expiry",
}
# What a user may read on their own user record.
VETTING_SELF_READABLE_FIELDS = [
    *sorted(VETTING_FIELDS),
    "protect_vetting_granted_by_id",
    "protect_vetting_valid",
]


# The context key of a print at a lower marking: its value is the marking key
# the printing user's clearance is capped at, for every read of the print.
PRINT_MARKING_KEY = "protect_print_marking"


def protect_print_cap(context):
    """The marking key a print caps the user's clearance at, or None (no cap).

    A context may come from any client: a value that is not a marking key
    caps at nothing ("", clears nothing) rather than being ignored, and a cap
    only ever removes markings from a clearance, never adds one.
    """
    value = context.get(PRINT_MARKING_KEY)
    if value is None or value is False:
        return None
    return value if isinstance(value, str) and value in SENSITIVITY_RANK else ""


def protect_today():
    """Today's date in the UK (Europe/London): the one clock vetting is read on."""
    return datetime.now(PROTECT_TZ).date()


class ResUsers(models.Model):
    _inherit = "res.users"

    protect_vetting_level_id = fields.Many2one(
        "protect.vetting.level",
        string="Vetting level",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        groups=VETTING_GROUP,
    )
    protect_vetting_granted = fields.Date(
        string="Vetting granted", copy=False, groups=VETTING_GROUP
    )
    protect_vetting_expiry = fields.Date(
        string="Vetting expires",
        copy=False,
        groups=VETTING_GROUP,
        help="From this day on (UK date) the vetting no longer counts: the user "
        "sees only what needs no vetting until it is renewed.",
    )
    protect_vetting_granted_by_id = fields.Many2one(
        "res.users",
        string="Vetting granted by",
        index="btree_not_null",
        copy=False,
        groups=VETTING_GROUP,
    )
    protect_vetting_valid = fields.Boolean(
        string="Vetting current",
        compute="_compute_protect_vetting_valid",
        groups=VETTING_GROUP,
    )
    protect_vetting_log_ids = fields.One2many(
        "protect.vetting.log",
        "user_id",
        string="Vetting history",
        groups=VETTING_GROUP,
    )

    # Odoo's own name for the fields a user may read on their own record.
    @property
    def SELF_READABLE_FIELDS(self):  # pylint: disable=invalid-name
        return super().SELF_READABLE_FIELDS + VETTING_SELF_READABLE_FIELDS

    @api.depends(
        "protect_vetting_level_id",
        "protect_vetting_level_id.active",
        "protect_vetting_expiry",
    )
    def _compute_protect_vetting_valid(self):
        today = protect_today()
        for user in self:
            user.protect_vetting_valid = user._protect_vetting_current(today)

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

    @api.model
    def _protect_today(self):
        """Today's date in the UK; see ``protect_today``."""
        return protect_today()

    def _protect_vetting_current(self, today):
        """Whether this user's vetting counts on ``today`` (a UK date).

        The one definition shared by the clearance and the "Vetting current"
        flag: a level that is not archived, and no expiry reached.
        """
        self.ensure_one()
        level = self.protect_vetting_level_id
        expiry = self.protect_vetting_expiry
        return bool(level and level.active and (not expiry or expiry > today))

    def _protect_cleared_sensitivities(self):
        """Sensitivities this user's current vetting clears, as a list.

        Only members of the Protect groups are cleared for anything; the
        superuser (not a sudo'ed environment: the real user still counts) sees
        everything. Expired vetting clears nothing from its expiry day on, and
        an archived level clears nothing.

        Printing at a lower marking (``PRINT_MARKING_KEY`` in the context)
        caps the clearance of the environment's own user, as if they were
        cleared only to it; see ``protect_print_cap``. It never raises one.
        """
        self.ensure_one()
        cleared = self.env["res.users"]._protect_clearance(self.id, protect_today())
        cap = protect_print_cap(self.env.context)
        if cap is not None and self.id == self.env.uid:
            limit = SENSITIVITY_RANK.get(cap, 0)
            cleared = [key for key in cleared if SENSITIVITY_RANK[key] <= limit]
        return list(cleared)

    @api.model
    @tools.ormcache("user_id", "today")
    def _protect_clearance(self, user_id, today):
        if user_id == api.SUPERUSER_ID:
            return tuple(SENSITIVITY_RANK)
        # sudo: the rules of every user need their clearance, and only Protect
        # administrators may read vetting fields.
        user = self.sudo().browse(user_id)
        if not user._protect_vetting_current(today) or not user._has_group(
            "protect_engagement.group_liaison"
        ):
            return ()
        return tuple(sensitivities_up_to(user.protect_vetting_level_id.max_sensitivity))

    # ------------------------------------------------------------ changes

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._protect_with_granter(vals) for vals in vals_list]
        users = super().create(vals_list)
        vetted = users.browse(
            user.id
            for user, vals in zip(users, vals_list, strict=True)
            if VETTING_FIELDS & vals.keys()
        )
        empty = (False, False, False)
        vetted._protect_log_vetting_changes(dict.fromkeys(vetted.ids, empty))
        return users

    def write(self, vals):
        if not VETTING_FIELDS & vals.keys():
            return super().write(vals)
        vals = self._protect_with_granter(vals)
        before = {user.id: user._protect_vetting_state() for user in self}
        result = super().write(vals)
        # Record rules and cached clearances depend on vetting: drop the caches
        # so every worker applies the change on its very next request.
        self.env.registry.clear_cache()
        self._protect_log_vetting_changes(before)
        return result

    def _protect_with_granter(self, vals):
        if VETTING_FIELDS & vals.keys() and "protect_vetting_granted_by_id" not in vals:
            return dict(vals, protect_vetting_granted_by_id=self.env.user.id)
        return vals

    def _protect_vetting_state(self):
        """(level, granted, expiry) of this user's vetting."""
        self.ensure_one()
        # sudo: the state is read to log a change, whoever makes it.
        user = self.sudo()
        return (
            user.protect_vetting_level_id.id,
            user.protect_vetting_granted,
            user.protect_vetting_expiry,
        )

    def _protect_log_vetting_changes(self, before):
        """Append one vetting log entry per user whose vetting changed.

        ``before`` maps user ids to their ``_protect_vetting_state`` before the
        change. The log is readable by Protect administrators and the user only,
        never by everyone who can read the user's contact.
        """
        entries = []
        for user in self:
            old, new = before[user.id], user._protect_vetting_state()
            if old != new:
                entries.append(
                    {
                        "user_id": user.id,
                        "changed_by_id": self.env.user.id,
                        "level_before_id": old[0],
                        "level_after_id": new[0],
                        "granted_before": old[1],
                        "granted_after": new[1],
                        "expiry_before": old[2],
                        "expiry_after": new[2],
                    }
                )
        if entries:
            # sudo: nobody may create log entries by hand; only a vetting change
            # writes one.
            self.env["protect.vetting.log"].sudo()._protect_append(entries)

    # ------------------------------------------------------------ expiry warning

    def _protect_vetting_managers(self):
        """Who, besides the user, is told that their vetting is about to expire.

        The granter while they are an active Protect administrator, otherwise
        the Protect administrators: nobody else may read someone's vetting.
        """
        self.ensure_one()
        # sudo: the job reads group membership and vetting of every user.
        admins = (
            self.env.ref(VETTING_GROUP)
            .sudo()
            .all_user_ids.filtered(lambda admin: admin.active and not admin.share)
        )
        granter = self.sudo().protect_vetting_granted_by_id
        return granter if granter in admins else admins

    def _protect_vetting_log_to_warn_on(self):
        """The latest vetting log entry of this user, recorded now if none."""
        self.ensure_one()
        # sudo: the job works on everyone's vetting history.
        log_model = self.env["protect.vetting.log"].sudo()
        log = log_model.search([("user_id", "=", self.id)], limit=1)
        if not log:
            # Vetting set before changes were logged: record it as found.
            level, granted, expiry = self._protect_vetting_state()
            log = log_model._protect_append(
                [
                    {
                        "user_id": self.id,
                        "level_after_id": level,
                        "granted_after": granted,
                        "expiry_after": expiry,
                    }
                ]
            )
        return log

    @api.model
    def _cron_protect_vetting_expiry_warning(self, days=30):
        """Warn users, and whoever manages them, 30 days before vetting expires.

        It only warns: expiry itself takes effect by date in the access rules,
        with no job in between. The warnings are activities on the user's
        vetting log, which only they and the Protect administrators can read.
        """
        today = protect_today()
        horizon = today + timedelta(days=days)
        # sudo: the job reads everyone's vetting.
        users = self.sudo().search(
            [
                ("protect_vetting_level_id", "!=", False),
                ("protect_vetting_level_id.active", "=", True),
                ("protect_vetting_expiry", ">", today),
                ("protect_vetting_expiry", "<=", horizon),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        summary = self.env._("Vetting renewal due")
        # sudo: warnings may sit on any user's history.
        activity_model = self.env["mail.activity"].sudo()
        for user in users:
            already = activity_model.search(
                [
                    ("res_model", "=", "protect.vetting.log"),
                    ("res_id", "in", user.protect_vetting_log_ids.ids),
                    ("activity_type_id", "=", todo.id),
                    ("summary", "=", summary),
                ]
            ).user_id
            recipients = (user | user._protect_vetting_managers()) - already
            if not recipients:
                continue
            log = user._protect_vetting_log_to_warn_on()
            for recipient in recipients:
                log.activity_schedule(
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
