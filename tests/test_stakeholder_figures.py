from odoo.tests import tagged

from .common import ProtectCase


@tagged("post_install", "-at_install")
class TestStakeholderFigures(ProtectCase):
    """One reader of a stakeholder's engagement figures: the register (all
    time) and the map (a period) count the same engagements for a viewer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls._stakeholder("Figures Bank")
        # A person the MV-vetted officer may not see, at a visible organisation.
        cls.hidden_person = cls._contact(
            "Sam Secret", cls.organisation, protect_sensitivity="secret"
        )
        cls.visible_person = cls._contact("Val Visible", cls.organisation)
        cls.through_hidden = cls._engagement(
            "Met the secret contact", partners=cls.hidden_person, state="done"
        )
        cls.through_visible = cls._engagement(
            "Met the visible contact", partners=cls.visible_person, state="done"
        )

    def _count_as(self, user, partner):
        return partner.with_user(user).protect_engagement_count

    def test_organisation_counts_engagements_with_any_of_its_people(self):
        self.assertEqual(self._count_as(self.officer, self.organisation), 2)

    def test_engagement_only_through_a_hidden_person_does_not_count(self):
        """Else the figure tells that a hidden person of that organisation was
        engaged with."""
        self.assertEqual(self._count_as(self.officer_mv, self.organisation), 1)

    def test_filtering_on_the_figure_follows_the_same_rule(self):
        partners = self.env["res.partner"].with_user(self.officer_mv)
        found = partners.search(
            [("id", "=", self.organisation.id), ("protect_engagement_count", ">=", 2)]
        )
        self.assertFalse(found)

    def test_register_and_map_count_the_same_engagements(self):
        figures = self.env["protect.stakeholder.figures"]
        period = [("date", ">=", "2026-01-01"), ("date", "<=", "2026-12-31")]
        for user in (self.officer, self.officer_mv):
            with self.subTest(user=user.login):
                reader = figures.with_user(user)
                partner = self.organisation.with_user(user)
                all_time = reader._all_time(partner)[partner.id]
                in_period, _markings = reader._in_period(partner, period)
                self.assertEqual(all_time.engagements, in_period[partner.id])

    def test_raising_a_person_takes_their_engagements_out_of_the_figure(self):
        self.visible_person.protect_sensitivity = "secret"
        self.assertEqual(self._count_as(self.officer_mv, self.organisation), 0)
        self.assertEqual(self._count_as(self.officer, self.organisation), 2)
