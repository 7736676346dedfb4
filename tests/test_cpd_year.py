"""CPD years, targets, and the red/amber/green status, at fixed dates.

The CPD year starts in April: 2025/26 runs from 1 April 2025 to 31 March 2026.
The default annual target is 30 hours.
"""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .cpd_common import CpdCase


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdYear(CpdCase):
    def _boundary_records(self):
        """20 h in June 2025 and 5 h on 31 March 2026 (2025/26), 3 h on
        1 April 2026 (2026/27), all approved."""
        with freeze_time("2026-04-02"):
            return (
                self.approved_cpd(self.officer_emp, self.day("2025-06-01"), 20)
                | self.approved_cpd(self.officer_emp, self.day("2026-03-31"), 5)
                | self.approved_cpd(self.officer_emp, self.day("2026-04-01"), 3)
            )

    def test_cpd_year_follows_the_start_month(self):
        records = self._boundary_records()

        self.assertEqual(records.mapped("cpd_year"), ["2025/26", "2025/26", "2026/27"])

    def test_totals_on_the_last_day_of_the_year(self):
        self._boundary_records()
        with freeze_time("2026-03-31 18:00:00"):
            status = self.status_of(self.officer_emp)
            self.assertEqual(
                (status.cpd_year, status.hours_approved), ("2025/26", 25.0)
            )

    def test_totals_on_the_first_day_of_the_next_year(self):
        self._boundary_records()
        with freeze_time("2026-04-01 08:00:00"):
            status = self.status_of(self.officer_emp)
            last_year = self.status_of(self.officer_emp, "2025/26")
            self.assertEqual((status.cpd_year, status.hours_approved), ("2026/27", 3.0))
            self.assertEqual(last_year.hours_approved, 25.0)

    def test_short_of_target_on_the_last_day_is_amber(self):
        self._boundary_records()  # 25 of 30 h: above 80% of the pro-rata target
        with freeze_time("2026-03-31 18:00:00"):
            self.assertEqual(self.status_of(self.officer_emp).rag_status, "amber")

    def test_nobody_is_behind_on_the_first_day_of_the_year(self):
        with freeze_time("2026-04-01 08:00:00"):
            status = self.status_of(self.officer_2_emp)
            self.assertEqual(
                (status.hours_approved, status.expected_hours, status.rag_status),
                (0.0, 0.0, "green"),
            )

    def test_past_year_below_target_is_red(self):
        with freeze_time("2026-04-02"):
            self.approved_cpd(self.officer_2_emp, self.day("2025-09-01"), 10)
            self.assertEqual(
                self.status_of(self.officer_2_emp, "2025/26").rag_status, "red"
            )

    def test_status_against_pro_rata_target_half_way(self):
        # 1 October 2025: 183 of 365 days gone, 15.04 h of 30 due.
        with freeze_time("2025-10-01 12:00:00"):
            self.approved_cpd(self.officer_emp, self.day("2025-09-01"), 16)
            self.approved_cpd(self.officer_2_emp, self.day("2025-09-01"), 13)
            self.approved_cpd(self.liaison_emp, self.day("2025-09-01"), 11)
            statuses = [
                self.status_of(employee).rag_status
                for employee in (self.officer_emp, self.officer_2_emp, self.liaison_emp)
            ]
            self.assertEqual(statuses, ["green", "amber", "red"])

    def test_projected_year_end_extends_the_pace(self):
        with freeze_time("2025-10-01 12:00:00"):
            self.approved_cpd(self.officer_emp, self.day("2025-09-01"), 15)
            status = self.status_of(self.officer_emp)
            # Shown to one decimal: 15.04 h due, 29.92 h projected.
            self.assertEqual(status.expected_hours, 15.0)
            self.assertEqual(status.projected_hours, 29.9)

    def test_category_minimum_behind_pace_caps_status_at_amber(self):
        self.cat_accredited.annual_minimum_hours = 6
        with freeze_time("2025-10-01 12:00:00"):
            self.approved_cpd(self.officer_emp, self.day("2025-09-01"), 20)
            status = self.status_of(self.officer_emp)
            self.assertEqual(status.rag_status, "amber")
            self.assertIn("Accredited course", status.shortfall_summary)

    def test_category_minimum_met_is_no_shortfall(self):
        self.cat_accredited.annual_minimum_hours = 6
        with freeze_time("2025-10-01 12:00:00"):
            self.approved_cpd(self.officer_emp, self.day("2025-09-01"), 14)
            self.approved_cpd(
                self.officer_emp,
                self.day("2025-09-02"),
                6,
                category=self.cat_accredited,
            )
            status = self.status_of(self.officer_emp)
            self.assertEqual(
                (status.rag_status, status.shortfall_summary or ""), ("green", "")
            )

    def test_own_target_overrides_the_settings(self):
        self.liaison_emp.write(
            {"protect_cpd_own_target": True, "protect_cpd_target_hours": 10}
        )
        with freeze_time("2025-10-01 12:00:00"):
            self.approved_cpd(self.liaison_emp, self.day("2025-09-01"), 6)
            status = self.status_of(self.liaison_emp)
            self.assertEqual((status.target_hours, status.rag_status), (10.0, "green"))

    def test_administrator_sets_own_target_on_the_team_screen(self):
        status = self.status_of(self.liaison_emp, user=self.admin)
        status.write({"own_target": True, "own_target_hours": 12})

        self.assertEqual(self.status_of(self.liaison_emp).target_hours, 12.0)

    def test_manager_cannot_set_targets(self):
        status = self.status_of(self.liaison_emp, user=self.manager)
        with self.assertRaises(AccessError):
            status.write({"own_target": True, "own_target_hours": 12})

    def test_changing_the_start_month_refiles_records(self):
        records = self._boundary_records()
        settings = self.env["res.config.settings"].create(
            {"protect_cpd_year_start_month": "1"}
        )
        settings.execute()

        self.assertEqual(records.mapped("cpd_year"), ["2025", "2026", "2026"])

    def test_start_month_defaults_to_april(self):
        self.env["ir.config_parameter"].sudo().search(
            [("key", "=", "protect_engagement.cpd_year_start_month")]
        ).unlink()

        year = self.env["protect.cpd.record"]._cpd_year(self.day("2026-03-31"))
        self.assertEqual(
            (year.label, year.start, year.end),
            ("2025/26", self.day("2025-04-01"), self.day("2026-03-31")),
        )
