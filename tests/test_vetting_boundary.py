"""The vetting boundary: one UK clock, levels that really stop clearing when
archived, and vetting data readable by Protect administrators and the user only."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.res_users import protect_today
from .common import ProtectCommon

# 1 March 2027 is a Monday in winter: London is on GMT (UTC+0).
EXPIRY = date(2027, 3, 1)
# 08:00 UTC on the expiry day: still 28 February at UTC-12.
EXPIRY_MORNING_UTC = "2027-03-01 08:00:00"
# Noon UTC the day before: already 1 March at UTC+14.
DAY_BEFORE_NOON_UTC = "2027-02-28 12:00:00"
BEHIND = "Etc/GMT+12"  # UTC-12
AHEAD = "Pacific/Kiritimati"  # UTC+14


class VettingBoundaryCase(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sensitive = cls._engagement(
            "Sensitive call", sensitivity="official_sensitive"
        )

    def _visible_to(self, user, tz=None):
        self.env.invalidate_all()
        engagements = self.env["protect.engagement"].with_user(user)
        if tz:
            engagements = engagements.with_context(tz=tz)
        return engagements.search([("id", "=", self.sensitive.id)])

    def _vetting_valid(self, user, tz=None):
        self.env.invalidate_all()
        return user.with_user(user).with_context(tz=tz).protect_vetting_valid


@tagged("post_install", "-at_install", "protect_access")
class TestVettingClock(VettingBoundaryCase):
    def test_protect_today_is_the_london_date(self):
        # 23:30 UTC on 30 June is 00:30 BST on 1 July.
        with freeze_time("2027-06-30 23:30:00"):
            self.assertEqual(protect_today(), date(2027, 7, 1))

    def test_expiry_day_hides_records_with_tz_behind_london_in_context(self):
        self.officer_mv.protect_vetting_expiry = EXPIRY
        with freeze_time(EXPIRY_MORNING_UTC):
            self.assertFalse(self._visible_to(self.officer_mv, tz=BEHIND))

    def test_expiry_day_hides_records_with_tz_behind_london_in_preferences(self):
        self.officer_mv.write({"tz": BEHIND, "protect_vetting_expiry": EXPIRY})
        with freeze_time(EXPIRY_MORNING_UTC):
            self.assertFalse(self._visible_to(self.officer_mv))

    def test_vetting_counts_until_london_midnight_with_tz_ahead(self):
        self.officer_mv.write({"tz": AHEAD, "protect_vetting_expiry": EXPIRY})
        with freeze_time(DAY_BEFORE_NOON_UTC):
            self.assertTrue(self._visible_to(self.officer_mv, tz=AHEAD))

    def test_expiry_day_starts_at_london_midnight_in_summer(self):
        # 00:30 BST on the expiry day is still the day before in UTC.
        self.officer_mv.write({"tz": "UTC", "protect_vetting_expiry": "2027-07-01"})
        with freeze_time("2027-06-30 23:30:00"):
            self.assertFalse(self._visible_to(self.officer_mv, tz="UTC"))

    def test_cached_rules_follow_the_london_date(self):
        # No cache is cleared between the two days: at UTC-12 both moments fall
        # on 28 February, so only the London date can tell them apart.
        self.officer_mv.write({"tz": BEHIND, "protect_vetting_expiry": EXPIRY})
        with freeze_time(DAY_BEFORE_NOON_UTC):
            self.assertTrue(self._visible_to(self.officer_mv))
        with freeze_time(EXPIRY_MORNING_UTC):
            self.assertFalse(self._visible_to(self.officer_mv))

    def test_vetting_is_not_current_on_the_expiry_day(self):
        self.officer_mv.write({"tz": BEHIND, "protect_vetting_expiry": EXPIRY})
        with freeze_time(EXPIRY_MORNING_UTC):
            self.assertFalse(self._vetting_valid(self.officer_mv, tz=BEHIND))

    def test_vetting_is_current_the_day_before_expiry(self):
        self.officer_mv.write({"tz": AHEAD, "protect_vetting_expiry": EXPIRY})
        with freeze_time(DAY_BEFORE_NOON_UTC):
            self.assertTrue(self._vetting_valid(self.officer_mv, tz=AHEAD))

    def test_valid_flag_and_clearance_agree_across_expiry(self):
        self.officer_mv.protect_vetting_expiry = EXPIRY
        start = datetime(2027, 2, 27, 0, 30)
        for hours in range(0, 72, 3):
            moment = start + timedelta(hours=hours)
            for tz in (BEHIND, "UTC", AHEAD):
                with self.subTest(moment=moment, tz=tz), freeze_time(moment):
                    self.assertEqual(
                        bool(self._visible_to(self.officer_mv, tz=tz)),
                        self._vetting_valid(self.officer_mv, tz=tz),
                    )
                    self.assertEqual(
                        self._vetting_valid(self.officer_mv, tz=tz),
                        moment.date() < EXPIRY,
                    )

    def test_expiry_warning_reads_the_london_date(self):
        # 00:30 BST on 1 July: 30 days ahead is 31 July in London, 30 July in
        # UTC and earlier still at UTC-12.
        self.officer.protect_vetting_expiry = "2027-07-31"
        with freeze_time("2027-06-30 23:30:00"):
            self.env["res.users"].with_context(
                tz=BEHIND
            )._cron_protect_vetting_expiry_warning()
        warnings = self.env["mail.activity"].search(
            [
                ("res_model", "=", "protect.vetting.log"),
                ("res_id", "in", self.officer.protect_vetting_log_ids.ids),
            ]
        )
        self.assertIn(self.officer, warnings.user_id)


@tagged("post_install", "-at_install", "protect_access")
class TestVettingLevelLifecycle(VettingBoundaryCase):
    def test_archived_level_clears_nothing(self):
        self.assertTrue(self._visible_to(self.officer_mv))
        self.level_mv.action_archive()
        self.assertFalse(self._visible_to(self.officer_mv))

    def test_archived_level_is_not_current_vetting(self):
        self.level_mv.action_archive()
        self.assertFalse(self._vetting_valid(self.officer_mv))

    def test_unarchived_level_clears_again(self):
        self.level_mv.action_archive()
        self.assertFalse(self._visible_to(self.officer_mv))
        self.level_mv.action_unarchive()
        self.assertTrue(self._visible_to(self.officer_mv))

    def test_deleting_held_level_is_refused(self):
        with self.assertRaisesRegex(UserError, "^Vetting level: .*archive it"):
            self.level_mv.unlink()

    def test_deleting_level_no_one_held_is_allowed(self):
        level = self.env["protect.vetting.level"].create(
            {"name": "Unused", "code": "UNUSED", "sequence": 99}
        )
        level.unlink()
        self.assertFalse(level.exists())

    def test_database_refuses_to_empty_holders_level(self):
        # No path, even in SQL, silently empties a user's level past the caches.
        self.env.cr.execute(
            "SELECT confdeltype FROM pg_constraint WHERE conname = %s",
            ["res_users_protect_vetting_level_id_fkey"],
        )
        self.assertEqual(self.env.cr.fetchone(), ("r",))


@tagged("post_install", "-at_install", "protect_access")
class TestVettingPrivacy(VettingBoundaryCase):
    VETTING_FIELDS = [
        "protect_vetting_level_id",
        "protect_vetting_granted",
        "protect_vetting_expiry",
        "protect_vetting_granted_by_id",
        "protect_vetting_valid",
    ]

    def _as(self, user):
        self.env.invalidate_all()
        return self.env["res.users"].with_user(user)

    # ------------------------------------------------------------ user fields

    def test_colleagues_cannot_read_anothers_vetting(self):
        for role in ("internal", "liaison", "officer", "manager"):
            for fname in self.VETTING_FIELDS:
                with (
                    self.subTest(role=role, field=fname),
                    self.assertRaises(AccessError),
                ):
                    self._as(self.users_by_role[role]).browse(self.officer_mv.id).read(
                        [fname]
                    )

    def test_colleague_cannot_search_read_anothers_vetting(self):
        with self.assertRaises(AccessError):
            self._as(self.internal).search_read(
                [("id", "=", self.officer_mv.id)], ["protect_vetting_expiry"]
            )

    def test_colleague_cannot_web_read_anothers_vetting(self):
        with self.assertRaises(AccessError):
            self._as(self.liaison).browse(self.officer_mv.id).web_read(
                {"protect_vetting_level_id": {"fields": {"display_name": {}}}}
            )

    def test_colleague_cannot_search_users_by_vetting(self):
        with self.assertRaises(AccessError):
            self._as(self.officer).search(
                [("protect_vetting_level_id", "=", self.level_mv.id)]
            )

    def test_colleague_cannot_search_contacts_by_their_users_vetting(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.officer).search(
                [("user_ids.protect_vetting_expiry", "!=", False)]
            )

    def test_colleague_cannot_group_users_by_vetting(self):
        with self.assertRaises(AccessError):
            self._as(self.liaison)._read_group(
                [], ["protect_vetting_level_id"], ["__count"]
            )

    def test_colleague_cannot_export_anothers_vetting(self):
        with self.assertRaises(AccessError):
            self._as(self.liaison).browse(self.officer_mv.id).export_data(
                ["protect_vetting_level_id/code"]
            )

    def test_user_reads_own_vetting(self):
        values = (
            self._as(self.officer_mv)
            .browse(self.officer_mv.id)
            .read(self.VETTING_FIELDS)[0]
        )
        self.assertEqual(values["protect_vetting_level_id"][0], self.level_mv.id)

    def test_admin_reads_anyones_vetting(self):
        values = (
            self._as(self.admin_nppv1)
            .browse(self.officer_mv.id)
            .read(["protect_vetting_level_id"])[0]
        )
        self.assertEqual(values["protect_vetting_level_id"][0], self.level_mv.id)

    def _form_values(self, user, record, view_xmlid):
        view = self.env.ref(view_xmlid)
        users = self._as(user)
        arch = users.get_views([(view.id, "form")])["views"]["form"]["arch"]
        # The fields the form shows, as the web client reads them (not those of
        # its x2many fields' own views).
        fnames = {
            node.get("name")
            for node in etree.fromstring(arch).iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }
        return fnames, users.browse(record.id).web_read({key: {} for key in fnames})

    def test_admin_opens_user_form_with_vetting(self):
        fnames, values = self._form_values(
            self.admin_nppv1, self.officer_mv, "base.view_users_form"
        )
        self.assertIn("protect_vetting_expiry", fnames)
        self.assertEqual(values[0]["protect_vetting_level_id"], self.level_mv.id)

    def test_user_opens_own_preferences(self):
        _fnames, values = self._form_values(
            self.officer_mv, self.officer_mv, "base.view_users_form_simple_modif"
        )
        self.assertEqual(values[0]["id"], self.officer_mv.id)

    # ------------------------------------------------------------ vetting log

    def _change_vetting(self, user, **values):
        # As a Protect administrator would, through the user form.
        user.with_user(self.admin_nppv1).sudo().write(values)
        return user.protect_vetting_log_ids[:1]

    def test_vetting_change_is_not_posted_on_the_contact(self):
        partner = self.officer_mv.partner_id
        messages = partner.message_ids
        self._change_vetting(self.officer_mv, protect_vetting_expiry="2030-01-01")
        self.assertEqual(partner.message_ids, messages)

    def test_vetting_change_records_expiry_before_and_after(self):
        entry = self._change_vetting(
            self.officer_mv, protect_vetting_expiry="2030-01-01"
        )
        self.assertEqual(
            (entry.expiry_before, entry.expiry_after), (False, date(2030, 1, 1))
        )

    def test_new_vetted_user_gets_a_vetting_log_entry(self):
        self.assertEqual(
            self.officer_mv.protect_vetting_log_ids.level_after_id, self.level_mv
        )

    def test_user_reads_own_vetting_log(self):
        entry = self._change_vetting(
            self.officer_mv, protect_vetting_expiry="2030-01-01"
        )
        found = self.env["protect.vetting.log"].with_user(self.officer_mv).search([])
        self.assertIn(entry, found)

    def test_colleague_cannot_find_anothers_vetting_log(self):
        self._change_vetting(self.officer_mv, protect_vetting_expiry="2030-01-01")
        found = (
            self.env["protect.vetting.log"]
            .with_user(self.manager)
            .search([("user_id", "=", self.officer_mv.id)])
        )
        self.assertFalse(found)

    def test_colleague_cannot_read_anothers_vetting_log(self):
        entry = self._change_vetting(
            self.officer_mv, protect_vetting_expiry="2030-01-01"
        )
        with self.assertRaises(AccessError):
            entry.with_user(self.internal).read(["level_after_id"])

    def test_admin_reads_anyones_vetting_log(self):
        entry = self._change_vetting(
            self.officer_mv, protect_vetting_expiry="2030-01-01"
        )
        found = self.env["protect.vetting.log"].with_user(self.admin_nppv1).search([])
        self.assertIn(entry, found)

    def test_admin_cannot_change_vetting_log(self):
        entry = self._change_vetting(
            self.officer_mv, protect_vetting_expiry="2030-01-01"
        )
        with self.assertRaisesRegex(UserError, "^Vetting history:"):
            entry.with_user(self.admin_nppv1).write({"expiry_after": "2040-01-01"})

    def test_user_cannot_delete_own_vetting_log(self):
        entry = self._change_vetting(
            self.officer_mv, protect_vetting_expiry="2030-01-01"
        )
        with self.assertRaisesRegex(UserError, "^Vetting history:"):
            entry.with_user(self.officer_mv).unlink()

    # ------------------------------------------------------------ expiry warning

    def _warn(self, user, granter):
        user.write(
            {
                "protect_vetting_expiry": protect_today() + timedelta(days=20),
                "protect_vetting_granted_by_id": granter.id,
            }
        )
        self.env["res.users"]._cron_protect_vetting_expiry_warning()

    def test_expiry_warning_is_not_on_the_contact(self):
        self._warn(self.officer_mv, self.admin_nppv1)
        self.assertFalse(self.officer_mv.partner_id.activity_ids)

    def test_colleague_cannot_read_anothers_expiry_warning(self):
        self._warn(self.officer_mv, self.admin_nppv1)
        found = (
            self.env["mail.activity"]
            .with_user(self.manager)
            .search([("summary", "=", "Vetting renewal due")])
        )
        self.assertFalse(found)

    def test_user_reads_own_expiry_warning_and_its_record(self):
        self._warn(self.officer_mv, self.admin_nppv1)
        activities = (
            self.env["mail.activity"]
            .with_user(self.officer_mv)
            .search([("summary", "=", "Vetting renewal due")])
        )
        own = activities.filtered(lambda act: act.user_id == self.officer_mv)
        record = self.env["protect.vetting.log"].browse(own.res_id)
        self.assertEqual(record.with_user(self.officer_mv).user_id, self.officer_mv)

    def test_expiry_warning_skips_granter_who_is_not_an_administrator(self):
        self._warn(self.officer_mv, self.manager)
        warnings = self.env["mail.activity"].search(
            [
                ("res_model", "=", "protect.vetting.log"),
                ("res_id", "in", self.officer_mv.protect_vetting_log_ids.ids),
            ]
        )
        self.assertNotIn(self.manager, warnings.user_id)
        self.assertIn(self.admin_nppv1, warnings.user_id)
