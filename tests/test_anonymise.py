"""Anonymising a person (UK GDPR article 17): their details go, the
organisation's engagement history and every figure counted from it stay."""

from markupsafe import Markup

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ProtectCase

PHONE = "+44 115 496 0123"
BUTTON = 'name="action_protect_anonymise"'


@tagged("post_install", "-at_install", "protect_privacy")
class TestAnonymise(ProtectCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.write(
            {
                "phone": PHONE,
                "street": "1 Peak Lane",
                "city": "Buxton",
                "function": "Head of fraud",
                "comment": "<p>Prefers calls</p>",
            }
        )
        cls.engagement = cls._engagement(
            "Meeting with Priya Shah (test)",
            partners=cls.person,
            date_start=cls.days_ago(10),
            force_area_id=cls.area_derbyshire.id,
        )
        cls.message = cls.organisation.message_post(
            body=Markup(
                "<p>Call Priya Shah (test) on +44 115 496 0123 or "
                "priya.shah@peakmutual.example.com</p>"
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.bystander_message = cls.organisation.message_post(
            body=Markup("<p>Write to sapriya.shah@peakmutual.example.com</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.organisation.message_subscribe(partner_ids=cls.person.ids)
        # The change log of their contact: the phone was added.
        cls.tracked = cls.env["mail.tracking.value"].create(
            {
                "field_id": cls.env["ir.model.fields"]._get("res.partner", "phone").id,
                "new_value_char": PHONE,
                "mail_message_id": cls.person.message_post(body="").id,
            }
        )

    def anonymise(self, person=None, user=None):
        wizard = (
            self.env["protect.partner.anonymise.wizard"]
            .with_user(user or self.admin)
            .create({"partner_id": (person or self.person).id, "confirm": True})
        )
        wizard.action_anonymise()
        self.env.invalidate_all()

    def figures(self):
        self.env.invalidate_all()
        people = (self.organisation | self.person).with_user(self.admin)
        lines = self.env["protect.coverage.line"].with_user(self.admin)
        return (
            [(p.protect_engagement_count, p.protect_membership_count) for p in people],
            lines.search_count([("engagement_id", "=", self.engagement.id)]),
            lines._read_group([], ["partner_id", "contact_id"], ["__count"]),
        )

    # ------------------------------------------------------------ what stays

    def test_anonymising_keeps_engagement_counts_and_coverage_lines(self):
        before = self.figures()
        self.anonymise()
        self.assertEqual(self.figures(), before)

    def test_engagement_still_links_the_person_as_anonymised(self):
        self.anonymise()
        self.assertIn(self.person, self.engagement.partner_ids)
        engagement = self.engagement.with_user(self.officer)
        self.assertEqual(
            engagement.partner_ids.display_name,
            "Peak Mutual Building Society (test), Anonymised person",
        )

    def test_anonymised_person_stays_active_with_its_id(self):
        self.anonymise()
        self.assertTrue(self.person.exists().active)
        self.assertEqual(self.membership_person.partner_id, self.person)

    # ------------------------------------------------------------ what goes

    def test_anonymising_erases_name_email_phone_and_address(self):
        self.anonymise()
        person = self.person
        self.assertEqual(person.name, "Anonymised person")
        values = [person.email, person.phone, person.street, person.city]
        values += [person.function, person.comment]
        self.assertEqual(values, [False] * 6)

    def test_anonymising_rewrites_chatter_message_naming_the_person(self):
        self.anonymise()
        body = str(self.message.body)
        for old in ("Priya Shah", PHONE, "priya.shah@"):
            self.assertNotIn(old, body)
        self.assertIn("<p>Call Anonymised person on Anonymised person", body)

    def test_anonymising_leaves_a_longer_address_alone(self):
        self.anonymise()
        self.assertIn("sapriya.shah@", str(self.bystander_message.body))

    def test_anonymising_rewrites_engagement_subject_naming_the_person(self):
        self.anonymise()
        self.assertEqual(self.engagement.name, "Meeting with Anonymised person")

    def test_anonymising_rewrites_tracking_values_naming_the_person(self):
        self.anonymise()
        self.assertEqual(self.tracked.new_value_char, "Anonymised person")

    def test_anonymising_removes_the_person_s_subscriptions(self):
        self.anonymise()
        followers = self.env["mail.followers"].search(
            [("partner_id", "=", self.person.id)]
        )
        self.assertFalse(followers)

    def test_anonymising_marks_the_person_with_the_date(self):
        self.anonymise()
        self.assertTrue(self.person.protect_anonymised)
        self.assertTrue(self.person.protect_anonymised_on)

    def test_anonymising_writes_a_disclosure_log_row(self):
        self.anonymise()
        row = self.env["protect.disclosure.log"].search(
            [("kind", "=", "anonymisation"), ("user_id", "=", self.admin.id)]
        )
        self.assertEqual(len(row), 1)
        self.assertEqual(row.res_model, "res.partner")
        self.assertEqual(row.record_count, 1)

    # ------------------------------------------------------------ form

    def form_arch(self, user):
        partners = self.env["res.partner"].with_user(user)
        return partners.get_view(view_type="form")["arch"]

    def test_contact_form_offers_anonymise_to_administrators(self):
        self.assertIn(BUTTON, self.form_arch(self.admin))

    def test_contact_form_hides_anonymise_from_managers(self):
        self.assertNotIn(BUTTON, self.form_arch(self.manager))

    # ------------------------------------------------------------ refusals

    def test_anonymising_twice_is_refused(self):
        self.anonymise()
        with self.assertRaisesRegex(UserError, "was anonymised on"):
            self.anonymise()

    def test_anonymising_needs_the_confirmation(self):
        wizard = (
            self.env["protect.partner.anonymise.wizard"]
            .with_user(self.admin)
            .create({"partner_id": self.person.id})
        )
        with self.assertRaisesRegex(UserError, "^I understand this cannot be undone:"):
            wizard.action_anonymise()
        self.assertEqual(self.person.name, "Priya Shah (test)")

    def test_anonymising_a_user_s_contact_is_refused(self):
        with self.assertRaisesRegex(UserError, "user account"):
            self.anonymise(self.officer.partner_id)

    def test_anonymising_an_archived_user_s_contact_is_refused(self):
        self.officer_2.active = False
        with self.assertRaisesRegex(UserError, "user account"):
            self.anonymise(self.officer_2.partner_id)

    def test_anonymising_an_organisation_is_refused(self):
        with self.assertRaisesRegex(UserError, "is an organisation"):
            self.anonymise(self.organisation)

    def test_officer_cannot_anonymise(self):
        with self.assertRaises(AccessError):
            self.anonymise(user=self.officer)

    def test_manager_cannot_anonymise(self):
        with self.assertRaises(AccessError):
            self.anonymise(user=self.manager)

    def test_manager_cannot_call_the_partner_action(self):
        with self.assertRaises(AccessError):
            self.person.with_user(self.manager).action_protect_anonymise()

    def test_admin_not_cleared_for_the_person_is_refused(self):
        self.organisation.protect_sensitivity = "official_sensitive"
        with self.assertRaisesRegex(UserError, "^Sensitivity: your vetting") as caught:
            self.anonymise(user=self.admin_nppv1)
        self.assertNotIn("Priya", str(caught.exception))
        self.assertEqual(self.person.name, "Priya Shah (test)")
