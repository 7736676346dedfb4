from odoo import api, models

# What a Protect user starts with: the unit works in UK English, on UK time,
# and its people open the app they use every day, not Discuss.
PROTECT_LANG = "en_GB"
PROTECT_TZ_NAME = "Europe/London"
PROTECT_HOME_ACTION = "protect_engagement.protect_engagement_action"
PROTECT_USER_GROUP = "protect_engagement.group_liaison"
# Odoo's own default language: a user who has it was never asked to choose.
ODOO_DEFAULT_LANG = "en_US"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._protect_set_newcomer_defaults()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "group_ids" in vals:
            # Given Protect access later: Protect becomes their home too.
            self._protect_set_home_action()
        return result

    def _protect_users(self):
        """The internal users among these who use Protect."""
        return self.filtered(
            lambda user: not user.share and user.has_group(PROTECT_USER_GROUP)
        )

    def _protect_set_newcomer_defaults(self):
        """English (UK), UK time and Protect as home for new Protect users, where
        they still have Odoo's defaults (a choice made on the form is kept)."""
        protect_users = self._protect_users()
        if not protect_users:
            return
        uk_english = self.env["res.lang"]._lang_get(PROTECT_LANG)
        if uk_english.active:
            protect_users.filtered(
                lambda user: user.lang in (False, ODOO_DEFAULT_LANG)
            ).lang = PROTECT_LANG
        protect_users.filtered(lambda user: not user.tz).tz = PROTECT_TZ_NAME
        protect_users._protect_set_home_action()

    def _protect_set_home_action(self):
        action = self.env.ref(PROTECT_HOME_ACTION, raise_if_not_found=False)
        if action:
            homeless = self._protect_users().filtered(lambda user: not user.action_id)
            homeless.action_id = action.id
