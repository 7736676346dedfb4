from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo data makes every screen and report meaningful."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search(
            [("name", "=", "protect_engagement")]
        )
        if not module.demo:
            cls.skipTest(cls, "protect_engagement was installed without demo data")
        cls.stakeholders = cls.env["res.partner"].search(
            [("protect_stakeholder", "=", True)]
        )

    def test_demo_has_sixty_stakeholders(self):
        self.assertGreaterEqual(len(self.stakeholders), 60)

    def test_demo_stakeholders_cover_every_top_level_sector(self):
        sectors = self.env["protect.sector"].search([("parent_id", "=", False)])
        covered = self.env["protect.sector"].search(
            [("id", "parent_of", self.stakeholders.protect_sector_id.ids)]
        )
        self.assertEqual(
            (sectors - covered).mapped("name"), [], "sectors without a stakeholder"
        )

    def test_demo_stakeholders_cover_every_force_area(self):
        areas = self.env["protect.force.area"].search([])
        missing = areas - self.stakeholders.protect_force_area_id
        self.assertEqual(
            missing.mapped("name"), [], "force areas without a stakeholder"
        )

    def test_demo_has_eight_panels_with_members(self):
        panels = self.env["protect.panel"].search([("membership_ids", "!=", False)])
        self.assertGreaterEqual(len(panels), 8)

    def test_demo_panels_have_meetings_with_attendance(self):
        lines = self.env["protect.panel.attendance"].search_count([])
        self.assertGreater(lines, 0)

    def test_demo_has_two_hundred_engagements(self):
        count = self.env["protect.engagement"].search_count([])
        self.assertGreaterEqual(count, 200)

    def test_demo_engagements_span_fifteen_months(self):
        months = self.env["protect.engagement"]._read_group(
            [], ["date_start:month"], ["__count"]
        )
        self.assertGreaterEqual(len(months), 15)

    def test_demo_stakeholder_figures_match_their_engagements(self):
        engagement_model = self.env["protect.engagement"]
        figures = {
            partner.display_name: partner.protect_engagement_count
            for partner in self.stakeholders
        }
        expected = {
            partner.display_name: engagement_model.search_count(
                [("state", "=", "done"), ("partner_ids", "child_of", partner.id)]
            )
            for partner in self.stakeholders
        }
        self.assertEqual(figures, expected)

    def _demo_user(self, login):
        user = self.env["res.users"].search([("login", "=", login)])
        self.assertTrue(user, f"no demo user with login {login!r}")
        return user

    def test_demo_officer_is_an_officer(self):
        user = self._demo_user("officer")
        self.assertTrue(user.has_group("protect_engagement.group_officer"))

    def test_demo_manager_is_a_manager(self):
        user = self._demo_user("manager")
        self.assertTrue(user.has_group("protect_engagement.group_manager"))

    def test_demo_liaison_is_a_liaison_only(self):
        user = self._demo_user("liaison")
        self.assertEqual(
            (
                user.has_group("protect_engagement.group_liaison"),
                user.has_group("protect_engagement.group_officer"),
            ),
            (True, False),
        )

    def test_demo_liaison_is_vetted_lower_than_officer(self):
        officer = self._demo_user("officer")
        liaison = self._demo_user("liaison")
        self.assertLess(
            liaison.protect_vetting_level_id.sequence,
            officer.protect_vetting_level_id.sequence,
        )

    # ------------------------------------------------------------ the demo story

    def test_demo_company_is_the_regional_unit(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(
            (company.name, company.country_id.code, company.city, bool(company.logo)),
            ("East Midlands Special Operations Unit", "GB", "Nottingham", True),
        )

    def test_demo_officer_sees_only_protect_demo_events(self):
        officer = self._demo_user("officer")
        events = self.env["event.event"].with_user(officer).search([])
        modules = {
            xmlid.split(".")[0]
            for xmlids in events.sudo()._get_external_ids().values()
            for xmlid in xmlids
        }
        self.assertEqual(modules, {"protect_engagement"})

    def test_demo_stakeholders_are_in_uk_english(self):
        # Their documents and e-mails use DD/MM/YYYY, as the team's do.
        demo = self.stakeholders.filtered(
            lambda p: any(
                xmlid.startswith("protect_engagement.")
                for xmlid in p._get_external_ids().get(p.id, [])
            )
        )
        self.assertTrue(demo)
        self.assertEqual(set(demo.mapped("lang")), {"en_GB"})
