"""A user's vetting: its changes apply at once, expiry by date, warnings ahead."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ProtectCommon


@tagged("post_install", "-at_install", "protect_access")
class TestVetting(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sensitive = cls._engagement(
            "Sensitive call", sensitivity="official_sensitive"
        )

    def _visible_to(self, user):
        self.env.invalidate_all()
        return (
            self.env["protect.engagement"]
            .with_user(user)
            .search([("id", "=", self.sensitive.id)])
        )

    def test_downgrade_takes_effect_on_next_request(self):
        self.assertTrue(self._visible_to(self.officer_mv))
        self.officer_mv.write({"protect_vetting_level_id": self.level_nppv1.id})
        self.assertFalse(self._visible_to(self.officer_mv))

    def test_upgrade_takes_effect_on_next_request(self):
        self.assertFalse(self._visible_to(self.liaison))
        self.liaison.write({"protect_vetting_level_id": self.level_sc.id})
        self.assertTrue(self._visible_to(self.liaison))

    def test_vetting_change_is_signalled_to_other_workers(self):
        # Other workers drop their caches when the request that changed vetting
        # signals its invalidated caches through the database at its end.
        self.registry.cache_invalidated.clear()
        self.officer_mv.write({"protect_vetting_expiry": "2030-01-01"})
        self.assertIn("default", self.registry.cache_invalidated)

    def test_level_clearance_change_takes_effect(self):
        self.assertTrue(self._visible_to(self.officer_mv))
        self.level_mv.max_sensitivity = "official"
        self.assertFalse(self._visible_to(self.officer_mv))

    def test_expiry_hides_records_from_the_expiry_day(self):
        self.officer_mv.protect_vetting_expiry = date(2027, 3, 1)
        with freeze_time("2027-02-28 12:00:00"):
            self.assertTrue(self._visible_to(self.officer_mv))
        with freeze_time("2027-03-01 08:00:00"):
            self.assertFalse(self._visible_to(self.officer_mv))

    def test_expired_vetting_hides_even_official_records(self):
        official = self._engagement("Official call")
        self.officer_mv.protect_vetting_expiry = date(2027, 3, 1)
        with freeze_time("2027-03-02 08:00:00"):
            self.env.invalidate_all()
            found = (
                self.env["protect.engagement"]
                .with_user(self.officer_mv)
                .search([("id", "=", official.id)])
            )
            self.assertFalse(found)

    def test_leaving_protect_groups_hides_every_stakeholder(self):
        stakeholder = self._stakeholder("Official stakeholder")
        self.officer.group_ids = [
            (4, self.env.ref("base.group_user").id),
            (3, self.env.ref("protect_engagement.group_officer").id),
            (3, self.env.ref("protect_engagement.group_liaison").id),
        ]
        self.env.invalidate_all()
        found = (
            self.env["res.partner"]
            .with_user(self.officer)
            .search([("id", "=", stakeholder.id)])
        )
        self.assertFalse(found)

    def test_expiry_before_grant_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Vetting expires"):
            self.officer.write(
                {
                    "protect_vetting_granted": "2026-05-01",
                    "protect_vetting_expiry": "2026-04-01",
                }
            )

    def test_level_without_order_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Order"):
            self.env["protect.vetting.level"].create(
                {"name": "Unordered", "code": "UNO", "sequence": 0}
            )

    def test_vetting_change_is_logged_with_who_granted_it(self):
        self.officer.with_user(self.admin_nppv1).sudo().write(
            {"protect_vetting_level_id": self.level_mv.id}
        )
        self.assertEqual(self.officer.protect_vetting_granted_by_id, self.admin_nppv1)
        entry = self.officer.protect_vetting_log_ids[:1]
        self.assertEqual(
            (entry.level_before_id, entry.level_after_id, entry.changed_by_id),
            (self.level_sc, self.level_mv, self.admin_nppv1),
        )

    def _renewal_warnings(self, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "protect.vetting.log"),
                ("res_id", "in", user.protect_vetting_log_ids.ids),
            ]
        )

    def test_expiry_warning_goes_to_user_and_granter(self):
        self.officer.write(
            {
                "protect_vetting_expiry": date.today() + timedelta(days=20),
                "protect_vetting_granted_by_id": self.admin_nppv1.id,
            }
        )
        self.env["res.users"]._cron_protect_vetting_expiry_warning()
        activities = self._renewal_warnings(self.officer)
        self.assertEqual(activities.user_id, self.officer | self.admin_nppv1)
        # Running again the next day does not pile up duplicates.
        self.env["res.users"]._cron_protect_vetting_expiry_warning()
        self.assertEqual(len(self._renewal_warnings(self.officer)), 2)

    def test_no_expiry_warning_beyond_thirty_days(self):
        self.officer.write(
            {"protect_vetting_expiry": date.today() + timedelta(days=45)}
        )
        self.env["res.users"]._cron_protect_vetting_expiry_warning()
        self.assertFalse(self._renewal_warnings(self.officer))

    def test_expiry_warning_does_not_change_access(self):
        self.officer_mv.write(
            {"protect_vetting_expiry": date.today() + timedelta(days=10)}
        )
        self.env["res.users"]._cron_protect_vetting_expiry_warning()
        self.assertTrue(self._visible_to(self.officer_mv))
