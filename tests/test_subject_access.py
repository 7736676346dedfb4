"""Subject access (UK GDPR article 15): everything held about one person, as
one PDF and one JSON file, for an administrator cleared for all of it."""

import base64
import json
import shutil
import subprocess
from datetime import timedelta

from markupsafe import Markup

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ProtectCase

SECTIONS = (
    "memberships",
    "attendance",
    "engagements",
    "event_registrations",
    "cpd_records",
    "messages",
    "activities",
)


@tagged("post_install", "-at_install", "protect_privacy")
class TestSubjectAccess(ProtectCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The person sits on the panel (ProtectCase), attended a meeting of it
        # and had a partner meeting; a note on their organisation names them.
        cls.meeting = cls._engagement(
            "Forum meeting (sar)",
            engagement_type_id=cls.type_panel_meeting.id,
            panel_id=cls.panel.id,
            date_start=cls.days_ago(5),
        )
        cls.engagement = cls._engagement(
            "Scam awareness talk (sar)",
            partners=cls.person,
            date_start=cls.days_ago(3),
            outcome="<p>Agreed a staff briefing</p>",
        )
        cls.message = cls.organisation.message_post(
            body=Markup("<p>Priya Shah (test) asked for leaflets</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.loner = cls._contact("Nia Lonely (test)", cls.other_organisation)

    def wizard(self, person=None, user=None):
        return (
            self.env["protect.subject.access.wizard"]
            .with_user(user or self.admin)
            .create({"partner_id": (person or self.person).id})
        )

    def produce(self, person=None, user=None):
        """Produce the files as ``user``; the PDF really rendered, unstyled
        (the report's style sheets are fetched from a closed port)."""
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        wizard = self.wizard(person, user)
        with self.allow_pdf_render():
            wizard.with_context(force_report_rendering=True).action_produce()
        return wizard

    @staticmethod
    def json_of(wizard):
        return json.loads(base64.b64decode(wizard.json_file))

    def content(self, person=None):
        return (
            (person or self.person)
            .with_user(self.admin)
            ._protect_subject_access_content()
        )

    # ------------------------------------------------------------ content

    def test_json_lists_the_membership_with_panel_role_and_dates(self):
        (membership,) = self.json_of(self.produce())["memberships"]
        self.assertEqual(membership["panel"], "East Midlands Fraud Forum (test)")
        self.assertEqual(membership["role"], "Core member")
        start = self.membership_person.date_start.isoformat()
        self.assertEqual(
            (membership["date_start"], membership["date_end"]), (start, None)
        )

    def test_json_lists_the_attendance_at_the_panel_meeting(self):
        (line,) = self.json_of(self.produce())["attendance"]
        self.assertEqual(
            (line["meeting"], line["status"]), ("Forum meeting (sar)", "Present")
        )

    def test_json_lists_the_engagement_with_its_date_type_and_outcome(self):
        engagements = self.json_of(self.produce())["engagements"]
        talk = next(
            e for e in engagements if e["subject"] == "Scam awareness talk (sar)"
        )
        self.assertEqual(talk["type"], self.type_partner_meeting.display_name)
        self.assertEqual(talk["outcome"], "Agreed a staff briefing")
        self.assertEqual(
            talk["date"][:10], self.engagement.date_start.date().isoformat()
        )

    def test_json_lists_the_message_naming_the_person(self):
        bodies = [m["body"] for m in self.json_of(self.produce())["messages"]]
        self.assertIn("Priya Shah (test) asked for leaflets", bodies)

    def test_json_has_every_section(self):
        document = self.json_of(self.produce())
        for key in ("contact", *SECTIONS, "marking", "item_count"):
            self.assertIn(key, document)

    def test_json_gives_the_contact_details(self):
        contact = self.json_of(self.produce())["contact"]
        self.assertEqual(
            (contact["name"], contact["email"]),
            ("Priya Shah (test)", "priya.shah@peakmutual.example.com"),
        )

    def test_activity_on_the_person_is_listed(self):
        self.person.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Send the toolkit",
            user_id=self.officer.id,
        )
        summaries = [a["summary"] for a in self.content()["activities"]]
        self.assertEqual(summaries, ["Send the toolkit"])

    def test_staff_member_gets_their_cpd_records(self):
        employee = self.env["hr.employee"].create(
            {"name": "Olivia Officer", "user_id": self.officer.id}
        )
        self.env["protect.cpd.record"].create(
            {
                "name": "Romance fraud webinar",
                "category_id": self.cat_seminar.id,
                "employee_id": employee.id,
                "date": fields.Date.today() - timedelta(days=3),
                "hours": 2,
            }
        )
        records = self.content(self.officer.partner_id)["cpd_records"]
        self.assertEqual([r["activity"] for r in records], ["Romance fraud webinar"])

    def test_person_with_no_records_gets_empty_sections(self):
        document = self.json_of(self.produce(self.loner))
        sections = [document[key] for key in SECTIONS if key != "messages"]
        self.assertEqual(sections, [[]] * 6)

    def test_person_with_no_records_has_only_their_contact_s_own_log(self):
        messages = self.json_of(self.produce(self.loner))["messages"]
        kinds = {(m["message_type"], m["on_their_contact"]) for m in messages}
        self.assertLessEqual(kinds, {("notification", True)})

    def test_person_with_no_records_is_told_so(self):
        document = self.json_of(self.produce(self.loner))
        self.assertIn("holds nothing about this person", document["statement"])

    def test_person_with_records_is_not_told_nothing_is_held(self):
        self.assertEqual(self.json_of(self.produce())["statement"], "")

    # ------------------------------------------------------------ files

    def test_pdf_renders_with_the_person_s_name(self):
        pdf = base64.b64decode(self.produce().pdf_file)
        self.assertTrue(pdf.startswith(b"%PDF"))
        if not shutil.which("pdftotext"):
            return
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        self.assertIn("Priya Shah (test)", " ".join(text.split()))

    def test_report_values_carry_the_highest_marking(self):
        self.engagement.sensitivity = "official_sensitive"
        report = self.env["report.protect_engagement.report_subject_access"]
        values = report.with_user(self.admin)._get_report_values(self.person.ids)
        self.assertEqual(values["protect_marking"], "official_sensitive")

    def test_producing_logs_the_pdf_and_the_json(self):
        self.produce()
        rows = self.env["protect.disclosure.log"].search(
            [("kind", "=", "subject_access"), ("user_id", "=", self.admin.id)]
        )
        self.assertEqual(
            sorted(rows.mapped("name")),
            # The PDF under the reference stamped on it, then the JSON.
            ["Subject access (JSON)", "Subject access response"],
        )

    # ------------------------------------------------------------ refusals

    def test_admin_not_cleared_for_a_secret_engagement_is_refused(self):
        self._engagement("Hidden briefing (sar)", "secret", partners=self.person)
        with self.assertRaisesRegex(UserError, "partial subject-access") as caught:
            self.produce(user=self.admin_nppv1)
        self.assertNotIn("Hidden briefing", str(caught.exception))
        self.assertIn("SECRET", str(caught.exception))

    def test_admin_not_cleared_for_a_secret_note_naming_them_is_refused(self):
        hidden = self._engagement("Hidden briefing (sar)", "secret")
        hidden.message_post(
            body=Markup("<p>Priya Shah (test) mentioned a mule account</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        with self.assertRaisesRegex(UserError, "partial subject-access"):
            self.produce(user=self.admin_nppv1)

    def test_refused_admin_gets_no_files_and_no_log(self):
        self._engagement("Hidden briefing (sar)", "secret", partners=self.person)
        wizard = self.wizard(user=self.admin_nppv1)
        with self.assertRaises(UserError):
            wizard.action_produce()
        logs = self.env["protect.disclosure.log"].search(
            [("kind", "=", "subject_access"), ("user_id", "=", self.admin_nppv1.id)]
        )
        self.assertEqual((wizard.pdf_file, logs), (False, logs.browse()))

    def test_officer_cannot_open_subject_access(self):
        with self.assertRaises(AccessError):
            self.wizard(user=self.officer)

    def test_manager_cannot_call_the_partner_action(self):
        with self.assertRaises(AccessError):
            self.person.with_user(self.manager).action_protect_subject_access()

    def test_manager_cannot_render_the_report(self):
        report = self.env["report.protect_engagement.report_subject_access"]
        with self.assertRaises(AccessError):
            report.with_user(self.manager)._get_report_values(self.person.ids)

    def test_subject_access_of_an_organisation_is_refused(self):
        with self.assertRaisesRegex(UserError, "is an organisation"):
            self.wizard(self.organisation)
