from email import message_from_string, policy

from odoo.tests import new_test_user, tagged

from .common import ProtectCommon

HOME_ACTION = "protect_engagement.protect_engagement_action"
ALIAS = "protect_engagement.mail_alias_protect_engagement"
DEMO_USERS = (
    "protect_engagement.user_manager_demo",
    "protect_engagement.user_officer_demo",
    "protect_engagement.user_officer2_demo",
    "protect_engagement.user_liaison_demo",
)


@tagged("post_install", "-at_install")
class TestNewcomerDefaults(ProtectCommon):
    """A Protect user starts in English (UK), on UK time, in Protect."""

    def _new_user(self, login, groups, **values):
        return new_test_user(
            self.env,
            login=login,
            groups=groups,
            context={"no_reset_password": True},
            **values,
        )

    def test_english_uk_is_active_after_install(self):
        self.assertTrue(self.env["res.lang"]._lang_get("en_GB").active)

    def test_demo_users_speak_english_uk(self):
        demo_users = self.env["res.users"].browse(
            self.env.ref(xmlid).id for xmlid in DEMO_USERS
        )
        self.assertEqual(set(demo_users.mapped("lang")), {"en_GB"})

    def test_demo_users_land_in_protect(self):
        demo_users = self.env["res.users"].browse(
            self.env.ref(xmlid).id for xmlid in DEMO_USERS
        )
        self.assertEqual(demo_users.action_id.ids, [self.env.ref(HOME_ACTION).id])

    def test_new_protect_user_speaks_english_uk(self):
        user = self._new_user("newcomer_lang", "protect_engagement.group_officer")
        self.assertEqual(user.lang, "en_GB")

    def test_new_protect_user_keeps_a_language_chosen_for_them(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        user = self._new_user(
            "newcomer_fr", "protect_engagement.group_liaison", lang="fr_FR"
        )
        self.assertEqual(user.lang, "fr_FR")

    def test_new_protect_user_is_on_uk_time(self):
        user = self._new_user("newcomer_tz", "protect_engagement.group_liaison")
        self.assertEqual(user.tz, "Europe/London")

    def test_new_protect_user_lands_in_protect(self):
        user = self._new_user("newcomer_home", "protect_engagement.group_liaison")
        self.assertEqual(user.action_id.id, self.env.ref(HOME_ACTION).id)

    def test_new_protect_user_sent_odoo_default_language_speaks_english_uk(self):
        # The user form of Settings → Users sends Odoo's default language
        # along with every other field of a new user.
        user = self._new_user(
            "newcomer_form", "protect_engagement.group_officer", lang="en_US"
        )
        self.assertEqual(user.lang, "en_GB")

    def test_user_outside_protect_keeps_odoo_defaults(self):
        user = self._new_user("newcomer_other", "base.group_user")
        self.assertEqual((user.lang, user.action_id.id), ("en_US", False))

    def test_user_given_protect_access_later_lands_in_protect(self):
        user = self._new_user("newcomer_later", "base.group_user")
        user.group_ids = self.env.ref("protect_engagement.group_liaison")
        self.assertEqual(user.action_id.id, self.env.ref(HOME_ACTION).id)

    def test_protect_user_keeps_a_home_chosen_for_them(self):
        calendar = self.env.ref("protect_engagement.protect_engagement_action_calendar")
        user = self._new_user(
            "newcomer_cal", "protect_engagement.group_liaison", action_id=calendar.id
        )
        self.assertEqual(user.action_id.id, calendar.id)


@tagged("post_install", "-at_install")
class TestEngagementAlias(ProtectCommon):
    """The alias meeting notes are forwarded to exists from install on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref(ALIAS)
        cls.domain = cls.env["mail.alias.domain"].create({"name": "unit.example.com"})
        cls.alias.write(
            {"alias_name": "protect-engagement", "alias_domain_id": cls.domain.id}
        )
        cls.env["hr.employee"].create(
            {
                "name": cls.officer.name,
                "user_id": cls.officer.id,
                "work_email": cls.officer.email,
            }
        )

    def _email(self, sender, subject):
        raw = (
            f"From: {sender}\r\n"
            "To: protect-engagement@unit.example.com\r\n"
            f"Subject: {subject}\r\n"
            f"Message-Id: <{subject.replace(' ', '-')}@example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Agreed a courier-fraud briefing for branch staff.\r\n"
        )
        return message_from_string(raw, policy=policy.SMTP).as_string()

    def _engagements(self, subject):
        return self.env["protect.engagement"].search([("name", "=", subject)])

    def test_alias_logs_engagements(self):
        self.assertEqual(self.alias.alias_model_id.model, "protect.engagement")

    def test_email_from_an_officer_to_the_alias_logs_an_engagement(self):
        self.env["mail.thread"].message_process(
            False, self._email(self.officer.email, "Notes from the officer")
        )
        self.assertEqual(
            self._engagements("Notes from the officer").user_id, self.officer
        )

    def test_email_from_a_stranger_to_the_alias_logs_nothing(self):
        self.env["mail.thread"].message_process(
            False, self._email("someone@elsewhere.example.org", "Notes from outside")
        )
        self.assertFalse(self._engagements("Notes from outside"))

    def test_email_from_an_employee_outside_protect_logs_nothing(self):
        # Another team's employee passes Odoo's "employees only" check.
        self.env["hr.employee"].create(
            {
                "name": self.internal.name,
                "user_id": self.internal.id,
                "work_email": self.internal.email,
            }
        )
        self.env["mail.thread"].message_process(
            False, self._email(self.internal.email, "Notes from another team")
        )
        self.assertFalse(self._engagements("Notes from another team"))

    def _settings(self):
        return self.env["res.config.settings"].with_user(
            self.env.ref("base.user_admin")
        )

    def test_settings_show_the_alias(self):
        settings = self._settings().create({})
        self.assertEqual(
            (
                settings.protect_engagement_alias_name,
                settings.protect_engagement_alias_domain_id,
            ),
            ("protect-engagement", self.domain),
        )

    def test_settings_rename_the_alias(self):
        self._settings().create(
            {"protect_engagement_alias_name": "meeting-notes"}
        ).execute()
        self.assertEqual(self.alias.alias_full_name, "meeting-notes@unit.example.com")

    def test_settings_bring_back_a_deleted_alias(self):
        self.alias.unlink()
        self._settings().create(
            {
                "protect_engagement_alias_name": "meeting-notes",
                "protect_engagement_alias_domain_id": self.domain.id,
            }
        ).execute()
        self.assertEqual(self.env.ref(ALIAS).alias_model_id.model, "protect.engagement")
