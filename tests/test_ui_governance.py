from odoo.tests import HttpCase, new_test_user, tagged

# Kept in step with static/tests/tours/protect_engagement_governance.js.
PERSON = "Gwen Governance-Tour"
ANONYMISED = "Anonymised person"


@tagged("post_install", "-at_install")
class TestUiGovernance(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="tour_governance_admin",
            groups="protect_engagement.group_admin,base.group_user",
            name="Gale Governance",
            email="tour_governance_admin@emsou.example.com",
            protect_vetting_level_id=cls.env.ref(
                "protect_engagement.protect_vetting_level_sc"
            ).id,
            protect_vetting_granted="2024-01-01",
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": PERSON,
                "is_company": False,
                "protect_stakeholder": True,
                "email": "gwen.governance@example.com",
                "phone": "01234 567890",
                "protect_sector_id": cls.env.ref(
                    "protect_engagement.protect_sector_finance"
                ).id,
                "protect_force_area_id": cls.env.ref(
                    "protect_engagement.protect_force_area_derbyshire"
                ).id,
            }
        )

    def test_administrator_answers_subject_access_then_anonymises(self):
        disclosures = self.env["protect.disclosure.log"]
        before = disclosures.search([]).ids

        self.start_tour(
            "/odoo", "protect_engagement_governance", login="tour_governance_admin"
        )

        self.person.invalidate_recordset()
        self.assertEqual(self.person.name, ANONYMISED)
        self.assertTrue(self.person.protect_anonymised)
        self.assertFalse(self.person.email)
        rows = disclosures.search(
            [
                ("id", "not in", before),
                ("user_id", "=", self.admin.id),
                ("res_model", "=", "res.partner"),
            ]
        )
        self.assertEqual(
            set(rows.mapped("kind")),
            {"subject_access", "anonymisation"},
            "the tour's subject access and erasure are both logged",
        )
