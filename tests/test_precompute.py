from odoo.tests import Form, tagged

from .common import ProtectCase


@tagged("post_install", "-at_install")
class TestEngagementStrandDefault(ProtectCase):
    """The strand follows the engagement type unless given."""

    def test_strand_given_wins_over_type_default(self):
        engagement = self.create_engagement(
            engagement_type_id=self.type_workshop.id, strand="pursue"
        )
        self.assertEqual(engagement.strand, "pursue")

    def test_changing_type_applies_its_strand(self):
        engagement = self.create_engagement()
        engagement.engagement_type_id = self.type_workshop
        self.assertEqual(engagement.strand, "prepare")

    def test_engagement_type_offers_the_engagement_strands(self):
        strands = self.env["protect.engagement"]._fields["strand"].selection
        default_strands = (
            self.env["protect.engagement.type"]._fields["default_strand"].selection
        )
        self.assertEqual(default_strands, strands)


@tagged("post_install", "-at_install")
class TestPersonTakesOrganisationFields(ProtectCase):
    """A person filed under a stakeholder organisation takes its register
    fields, on the form and on creation, unless given."""

    def test_person_given_a_sector_keeps_it(self):
        person = (
            self.env["res.partner"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Sam Patel (test)",
                    "parent_id": self.organisation.id,
                    "protect_sector_id": self.sector_voluntary.id,
                }
            )
        )
        self.assertEqual(person.protect_sector_id, self.sector_voluntary)

    def test_person_form_takes_organisation_owner_and_stakeholder_flag(self):
        person_form = Form(self.env["res.partner"].with_user(self.officer))
        person_form.name = "Sam Patel (test)"
        person_form.parent_id = self.organisation
        self.assertEqual(
            (person_form.protect_stakeholder, person_form.protect_owner_id),
            (True, self.officer),
        )

    def test_stakeholder_moving_organisation_keeps_own_fields(self):
        self.person.with_user(self.officer).parent_id = self.other_organisation
        self.assertEqual(self.person.protect_force_area_id, self.area_derbyshire)

    def test_contact_outside_the_register_is_official(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.officer)
            .create({"name": "Jo Bloggs (test)"})
        )
        self.assertEqual(contact.protect_sensitivity, "official")

    def test_form_under_a_hidden_organisation_shows_none_of_its_values(self):
        """Naming an organisation one may not read (an id sent to the form's
        onchange by hand) must not fill the form with its sector, area, owner
        or marking."""
        hidden = self._stakeholder(
            "Secret Holdings (test)",
            "secret",
            protect_owner_id=self.officer.id,
        )
        person = (
            self.env["res.partner"]
            .with_user(self.officer_mv)
            .new({"name": "Probe (test)", "parent_id": hidden.id})
        )
        self.assertRecordValues(
            person,
            [
                {
                    "protect_stakeholder": False,
                    "protect_sector_id": False,
                    "protect_force_area_id": False,
                    "protect_owner_id": False,
                    "protect_sensitivity": "official",
                }
            ],
        )
