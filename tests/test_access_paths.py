"""Vetting holds on every path Odoo offers to read a record.

Each test puts a record above the viewer's vetting next to one within it, and
fails if the hidden one shows up on its path: a leak test, one path each.
"""

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ProtectCommon


@tagged("post_install", "-at_install", "protect_access")
class TestAccessPaths(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_org = cls._stakeholder("Trentside Credit Union")
        cls.secret_org = cls._stakeholder("Hidden Harbour Bank", sensitivity="secret")
        cls.secret_person = cls.env["res.partner"].create(
            {"name": "Ada Hidden", "parent_id": cls.secret_org.id}
        )
        # An OFFICIAL meeting that also involved the SECRET organisation.
        cls.open_meeting = cls._engagement(
            "Open meeting", partners=cls.open_org | cls.secret_org, audience_count=10
        )
        cls.secret_meeting = cls._engagement(
            "Hidden meeting",
            sensitivity="secret",
            partners=cls.open_org,
            audience_count=500,
        )
        cls.secret_panel = cls.env["protect.panel"].create(
            {"name": "Hidden panel", "sensitivity": "secret"}
        )

    def as_liaison(self, model):
        self.env.invalidate_all()
        return self.env[model].with_user(self.liaison)

    # ------------------------------------------------------------ search paths

    def test_search_omits_record_above_vetting(self):
        found = self.as_liaison("protect.engagement").search(
            [("name", "like", "meeting")]
        )
        self.assertIn(self.open_meeting, found)
        self.assertNotIn(self.secret_meeting, found)

    def test_search_count_omits_record_above_vetting(self):
        engagements = self.as_liaison("protect.engagement")
        self.assertEqual(engagements.search_count([("name", "=", "Hidden meeting")]), 0)

    def test_read_group_counts_and_sums_omit_record_above_vetting(self):
        groups = self.as_liaison("protect.engagement")._read_group(
            [("partner_ids", "in", self.open_org.ids)],
            [],
            ["__count", "audience_count:sum"],
        )
        self.assertEqual(groups, [(1, 10)])

    def test_web_read_group_omits_record_above_vetting(self):
        result = self.as_liaison("protect.engagement").web_read_group(
            [("partner_ids", "in", self.open_org.ids)],
            ["state"],
            ["audience_count:sum"],
        )
        self.assertEqual(sum(g["__count"] for g in result["groups"]), 1)

    def test_name_search_omits_stakeholder_above_vetting(self):
        results = self.as_liaison("res.partner").name_search("Hidden Harbour")
        self.assertFalse(results)

    def test_name_search_omits_panel_above_vetting(self):
        self.assertFalse(self.as_liaison("protect.panel").name_search("Hidden panel"))

    def test_read_of_record_above_vetting_is_refused(self):
        with self.assertRaises(AccessError):
            self.secret_meeting.with_user(self.liaison).read(["name"])

    def test_export_omits_record_above_vetting(self):
        engagements = self.as_liaison("protect.engagement")
        rows = engagements.search([]).export_data(["name", "audience_count"])["datas"]
        names = [row[0] for row in rows]
        self.assertIn("Open meeting", names)
        self.assertNotIn("Hidden meeting", names)

    def test_export_of_record_above_vetting_is_refused(self):
        with self.assertRaises(AccessError):
            self.secret_meeting.with_user(self.liaison).export_data(["name"])

    # ------------------------------------------------------------ reports

    def _render_brief(self, user, engagements):
        self.env.invalidate_all()
        reports = self.env["ir.actions.report"].with_user(user)
        html, _kind = reports._render_qweb_html(
            "protect_engagement.report_engagement_brief", engagements.ids
        )
        return html.decode()

    def test_report_of_record_above_vetting_is_refused(self):
        with self.assertRaises(AccessError):
            self._render_brief(self.liaison, self.secret_meeting)

    def test_report_of_visible_record_omits_hidden_names(self):
        html = self._render_brief(self.liaison, self.open_meeting)
        self.assertIn("Trentside Credit Union", html)
        self.assertNotIn("Hidden Harbour Bank", html)
        self.assertNotIn("Hidden panel", html)

    def test_report_shows_everything_to_vetted_user(self):
        html = self._render_brief(self.officer, self.open_meeting)
        self.assertIn("Hidden Harbour Bank", html)
        self.assertIn("SECRET", html)

    def test_officer_cannot_print_the_managers_coverage_report(self):
        report = self.env["report.protect_engagement.report_coverage"]
        with self.assertRaisesRegex(AccessError, "managers"):
            report.with_user(self.officer)._get_report_values([], data=None)

    def test_liaison_cannot_print_the_officers_reports(self):
        for name in ("report_stakeholder_map", "report_panel_membership"):
            report = self.env[f"report.protect_engagement.{name}"]
            with (
                self.subTest(report=name),
                self.assertRaisesRegex(AccessError, "officers"),
            ):
                report.with_user(self.liaison)._get_report_values([], data=None)

    def test_membership_of_panel_above_vetting_is_hidden(self):
        membership = self.env["protect.panel.membership"].create(
            {"panel_id": self.secret_panel.id, "partner_id": self.open_org.id}
        )
        found = self.as_liaison("protect.panel.membership").search(
            [("id", "=", membership.id)]
        )
        self.assertFalse(found)

    def test_attendance_at_meeting_above_vetting_is_hidden(self):
        meeting, _membership = self._panel_meeting("Closed panel", sensitivity="secret")
        found = self.as_liaison("protect.panel.attendance").search(
            [("id", "in", meeting.attendance_ids.ids)]
        )
        self.assertTrue(meeting.attendance_ids)
        self.assertFalse(found)

    def test_event_registration_of_stakeholder_above_vetting_is_hidden(self):
        event = self.env["event.event"].create(
            {
                "name": "Fraud awareness seminar",
                "date_begin": "2026-02-01 09:00:00",
                "date_end": "2026-02-01 12:00:00",
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.secret_org.id}
        )
        domain = [("id", "=", registration.id)]
        self.assertFalse(self.as_liaison("event.registration").search(domain))
        self.env.invalidate_all()
        found = self.env["event.registration"].with_user(self.officer).search(domain)
        self.assertEqual(found, registration)

    # ------------------------------------------------------------ related records

    def test_visible_engagement_hides_stakeholder_above_vetting(self):
        meeting = self.as_liaison("protect.engagement").browse(self.open_meeting.id)
        self.assertEqual(meeting.partner_ids, self.open_org)

    def test_meeting_cannot_be_marked_below_its_panel(self):
        with self.assertRaisesRegex(ValidationError, "^Sensitivity:"):
            self.open_meeting.panel_id = self.secret_panel

    def test_raising_a_panel_raises_its_meetings(self):
        panel = self.env["protect.panel"].create({"name": "Rising panel"})
        meeting = self._engagement("Rising meeting", panel_id=panel.id)
        panel.with_user(self.officer).sensitivity = "secret"
        self.assertEqual(meeting.sensitivity, "secret")
        engagements = self.as_liaison("protect.engagement")
        self.assertFalse(engagements.search([("id", "=", meeting.id)]))

    def test_person_filed_under_hidden_organisation_is_hidden_with_it(self):
        with self.assertRaisesRegex(ValidationError, "^Sensitivity:"):
            self.env["res.partner"].create(
                {
                    "name": "Ben Open",
                    "parent_id": self.secret_org.id,
                    "protect_sensitivity": "official",
                }
            )
        person = self.env["res.partner"].create(
            {"name": "Ben Open", "parent_id": self.secret_org.id}
        )
        partners = self.as_liaison("res.partner")
        self.assertFalse(partners.search([("id", "=", person.id)]))
        self.assertFalse(partners.name_search("Ben Open"))

    def test_membership_of_hidden_person_on_visible_panel_is_hidden(self):
        panel = self.env["protect.panel"].create({"name": "Open forum"})
        membership = self.env["protect.panel.membership"].create(
            {"panel_id": panel.id, "partner_id": self.secret_person.id}
        )
        memberships = self.as_liaison("protect.panel.membership")
        self.assertFalse(memberships.search([("panel_id", "=", panel.id)]))
        with self.assertRaises(AccessError):
            memberships.browse(membership.id).web_read({"role": {}})

    def test_vetted_user_sees_the_names(self):
        self.env.invalidate_all()
        meeting = self.open_meeting.with_user(self.officer)
        self.assertEqual(meeting.partner_ids, self.open_org | self.secret_org)

    def test_liaison_edit_keeps_hidden_stakeholder_link(self):
        meeting = self.open_meeting
        meeting.user_id = self.liaison
        other = self._stakeholder("New partner")
        self.env.invalidate_all()
        meeting.with_user(self.liaison).write({"partner_ids": [Command.link(other.id)]})
        self.env.invalidate_all()
        self.assertEqual(meeting.partner_ids, self.open_org | self.secret_org | other)

    # ------------------------------------------------------------ counts

    def test_smart_button_count_omits_engagement_above_vetting(self):
        self.env.invalidate_all()
        self.assertEqual(
            self.open_org.with_user(self.liaison).protect_engagement_count, 1
        )
        self.assertEqual(
            self.open_org.with_user(self.officer).protect_engagement_count, 2
        )

    def test_last_engagement_date_ignores_engagement_above_vetting(self):
        self.secret_meeting.date_start = "2026-03-01 10:00:00"
        self.env.invalidate_all()
        self.assertEqual(
            str(self.open_org.with_user(self.liaison).protect_last_engagement_date),
            "2026-01-05",
        )
        self.assertEqual(
            str(self.open_org.with_user(self.officer).protect_last_engagement_date),
            "2026-03-01",
        )

    def test_stakeholder_filter_on_count_uses_viewer_vetting(self):
        domain = [("id", "=", self.open_org.id), ("protect_engagement_count", ">=", 2)]
        self.assertFalse(self.as_liaison("res.partner").search(domain))
        self.env.invalidate_all()
        self.assertTrue(self.env["res.partner"].with_user(self.officer).search(domain))

    # ------------------------------------------------------------ chatter

    def test_chatter_messages_of_record_above_vetting_are_hidden(self):
        self.secret_meeting.message_post(
            body="Intelligence detail", message_type="comment"
        )
        messages = self.as_liaison("mail.message").search(
            [
                ("model", "=", "protect.engagement"),
                ("res_id", "=", self.secret_meeting.id),
            ]
        )
        self.assertFalse(messages)

    def test_message_fetch_on_record_above_vetting_is_empty(self):
        self.secret_meeting.message_post(
            body="Intelligence detail", message_type="comment"
        )
        domain = [
            ("model", "=", "protect.engagement"),
            ("res_id", "=", self.secret_meeting.id),
        ]
        fetched = self.as_liaison("mail.message")._message_fetch(domain)
        self.assertFalse(fetched["messages"])

    def test_posting_on_record_above_vetting_is_refused(self):
        with self.assertRaises(AccessError):
            self.secret_meeting.with_user(self.liaison).message_post(body="Hello")

    def test_followers_of_record_above_vetting_are_hidden(self):
        self.secret_meeting.message_subscribe(partner_ids=self.officer.partner_id.ids)
        followers = self.as_liaison("mail.followers").search(
            [
                ("res_model", "=", "protect.engagement"),
                ("res_id", "=", self.secret_meeting.id),
            ]
        )
        self.assertFalse(followers)

    def test_attachment_of_record_above_vetting_is_hidden(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "notes.txt",
                "raw": b"source names",
                "res_model": "protect.engagement",
                "res_id": self.secret_meeting.id,
            }
        )
        found = self.as_liaison("ir.attachment").search([("id", "=", attachment.id)])
        self.assertFalse(found)
        with self.assertRaises(AccessError):
            attachment.with_user(self.liaison).read(["raw"])

    def test_activity_on_record_above_vetting_is_hidden(self):
        activity = self.secret_meeting.activity_schedule(
            "mail.mail_activity_data_todo", summary="Follow up", user_id=self.officer.id
        )
        found = self.as_liaison("mail.activity").search([("id", "=", activity.id)])
        self.assertFalse(found)

    # ------------------------------------------------------------ middle vetting

    def test_mv_officer_sees_official_sensitive_not_secret(self):
        sensitive = self._engagement(
            "Sensitive meeting", sensitivity="official_sensitive"
        )
        self.env.invalidate_all()
        found = (
            self.env["protect.engagement"]
            .with_user(self.officer_mv)
            .search([("id", "in", (sensitive | self.secret_meeting).ids)])
        )
        self.assertEqual(found, sensitive)

    def test_administrator_does_not_see_above_own_vetting(self):
        # admin_nppv1 is a Protect administrator vetted NPPV1: OFFICIAL only.
        self.env.invalidate_all()
        found = (
            self.env["protect.engagement"]
            .with_user(self.admin_nppv1)
            .search([("id", "=", self.secret_meeting.id)])
        )
        self.assertFalse(found)

    def test_internal_user_outside_protect_sees_no_stakeholder(self):
        self.env.invalidate_all()
        found = (
            self.env["res.partner"]
            .with_user(self.internal)
            .search([("id", "=", self.open_org.id)])
        )
        self.assertFalse(found)

    def test_ordinary_contacts_stay_visible_to_everyone(self):
        contact = self.env["res.partner"].create({"name": "Ordinary supplier"})
        self.env.invalidate_all()
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.liaison)
            .search([("id", "=", contact.id)]),
            contact,
        )

    # ------------------------------------------------------------ writing markings

    def test_creating_above_own_vetting_is_refused(self):
        engagements = self.env["protect.engagement"].with_user(self.liaison)
        before = self.env["protect.engagement"].search_count([])
        with self.assertRaisesRegex(ValidationError, "Sensitivity"):
            engagements.create(
                {
                    "name": "Too high",
                    "sensitivity": "secret",
                    "date_start": "2026-01-01",
                }
            )
        self.assertEqual(self.env["protect.engagement"].search_count([]), before)

    def test_raising_above_own_vetting_is_refused(self):
        meeting = self._engagement("Raise me", user=self.officer_mv)
        with self.assertRaisesRegex(ValidationError, "Sensitivity"):
            meeting.with_user(self.officer_mv).write({"sensitivity": "secret"})

    def test_stakeholder_marked_above_own_vetting_is_refused(self):
        partners = self.env["res.partner"].with_user(self.officer_mv)
        with self.assertRaisesRegex(ValidationError, "Sensitivity"):
            partners.create(
                {
                    "name": "Too secret",
                    "protect_stakeholder": True,
                    "protect_sensitivity": "secret",
                }
            )

    def test_officer_cannot_lower_marking(self):
        meeting = self._engagement("Lower me", sensitivity="official_sensitive")
        with self.assertRaisesRegex(ValidationError, "manager"):
            meeting.with_user(self.officer).write({"sensitivity": "official"})

    def test_manager_lowers_marking(self):
        meeting = self._engagement("Lower me", sensitivity="official_sensitive")
        meeting.with_user(self.manager).write({"sensitivity": "official"})
        self.assertEqual(meeting.sensitivity, "official")

    def test_sensitivity_change_is_tracked(self):
        meeting = self._engagement("Track me")
        self.env.flush_all()
        self.env.cr.precommit.run()  # the creation request ends here
        meeting.with_user(self.officer).write({"sensitivity": "secret"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "protect.engagement"),
                ("mail_message_id.res_id", "=", meeting.id),
                ("field_id.name", "=", "sensitivity"),
            ]
        )
        self.assertEqual(tracked.new_value_char, "SECRET")
