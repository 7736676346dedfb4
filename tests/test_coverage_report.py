from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..reports.protect_report_common import last_full_quarter, previous_period
from .report_common import PERIOD, ProtectReportCase


def group_code(group):
    """The seeded sector group's code: its xml id without the prefix."""
    xmlid = group.get_external_id()[group.id]
    return xmlid.removeprefix("protect_engagement.protect_sector_group_")


def independent_count(env, user, start, end, areas):
    """Count the matrix by hand: every done, unarchived engagement the user can
    see, placed by each visible stakeholder organisation it involved."""
    engagements = (
        env["protect.engagement"]
        .with_user(user)
        .search(
            [
                ("state", "=", "done"),
                ("date_start", ">=", datetime.combine(start, datetime.min.time())),
                (
                    "date_start",
                    "<",
                    datetime.combine(end + timedelta(days=1), datetime.min.time()),
                ),
            ]
        )
    )
    cells = {}
    for engagement in engagements:
        for contact in engagement.partner_ids:
            organisation = contact.commercial_partner_id
            if not organisation.protect_stakeholder:
                continue
            group = group_code(organisation.protect_sector_group_id)
            area = engagement.force_area_id or organisation.protect_force_area_id
            if area not in areas:
                continue
            for key in ((group, area.id), (group, None), (None, area.id), (None, None)):
                cells.setdefault(key, {})[engagement.id] = engagement.audience_count
    return {key: (len(found), sum(found.values())) for key, found in cells.items()}


@tagged("post_install", "-at_install")
class TestCoverageReport(ProtectReportCase):
    def coverage(self, user, **values):
        return self.report_values("report_coverage", user, **values)["coverage"]

    @staticmethod
    def figures(coverage):
        """{(group, area id): figures}, totals keyed with None."""
        areas = coverage["areas"]
        found = {}
        for row in coverage["rows"]:
            for area, cell in zip(areas, row["cells"], strict=True):
                found[group_code(row["group"]), area.id] = cell
            found[group_code(row["group"]), None] = row["total"]
        for area, cell in zip(areas, coverage["columns"], strict=True):
            found[None, area.id] = cell
        found[None, None] = coverage["total"]
        return found

    def assert_matches_independent_count(self, user):
        coverage = self.coverage(user)
        expected = independent_count(self.env, user, *PERIOD, self.areas)
        previous = independent_count(
            self.env, user, *previous_period(*PERIOD), self.areas
        )
        self.assertTrue(expected, "the test data has engagements in the period")
        for key, cell in self.figures(coverage).items():
            with self.subTest(cell=key):
                self.assertEqual(
                    (cell.engagements, cell.reached), expected.get(key, (0, 0))
                )
                self.assertEqual(
                    (cell.engagements_prev, cell.reached_prev),
                    previous.get(key, (0, 0)),
                )

    # ------------------------------------------------------------ figures

    def test_matrix_equals_independent_count(self):
        self.assert_matches_independent_count(self.manager)

    def test_matrix_equals_independent_count_for_lower_vetting(self):
        self.assert_matches_independent_count(self.manager_mv)

    def test_engagement_counts_once_in_totals(self):
        figures = self.figures(self.coverage(self.manager))
        # The joint assembly counts under both education and voluntary sector in
        # Testshire, but once in Testshire's total.
        self.assertEqual(figures["education", self.testshire.id].engagements, 1)
        self.assertEqual(figures["voluntary", self.testshire.id].engagements, 1)
        testshire = figures[None, self.testshire.id]
        self.assertEqual(
            testshire.reached,
            sum(
                e.audience_count
                for e in self.e_bank
                | self.e_joint
                | self.e_bank_secret
                | self.panel_meeting
            ),
        )

    def test_engagement_without_area_counts_in_organisation_area(self):
        figures = self.figures(self.coverage(self.manager))
        # The late call (30 June, 23:30 UTC) has no force area: Mockshire, the
        # charity's, and still the second quarter.
        self.assertEqual(figures["voluntary", self.mockshire.id].engagements, 2)

    def test_previous_period_change_across_quarter_boundary(self):
        figures = self.figures(self.coverage(self.manager))
        bank = figures["industry", self.testshire.id]
        # Q2: the bank briefing, the forum meeting, the secret bank meeting; the
        # 31 March call is Q1 and the 1 July call Q3.
        self.assertEqual((bank.engagements, bank.engagements_prev), (3, 1))
        self.assertEqual((bank.reached, bank.reached_prev), (70, 5))
        self.assertEqual(bank.lines(self.env)[0][2], "+2")
        self.assertEqual(bank.last_date, date(2019, 5, 21))
        self.assertEqual((bank.days, bank.days_prev), (40, 0))
        school = figures["education", self.testshire.id]
        self.assertEqual((school.engagements, school.engagements_prev), (1, 1))
        self.assertEqual(school.lines(self.env)[0][2], "=")

    def test_active_stakeholders_by_organisation_area(self):
        figures = self.figures(self.coverage(self.manager))
        self.assertEqual(figures["industry", self.mockshire.id].active, 1)
        self.assertEqual(figures["education", self.mockshire.id].active, 0)  # dormant
        self.assertEqual(figures[None, None].active, 5)

    def test_cells_without_engagement_are_gaps(self):
        figures = self.figures(self.coverage(self.manager))
        self.assertTrue(figures["education", self.mockshire.id].gap)
        self.assertFalse(figures["industry", self.testshire.id].gap)

    def test_figures_take_no_query_per_record(self):
        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.coverage(self.manager)
            return self.env.cr.sql_log_count - before

        queries()  # warm the caches (rules, views) once
        few = queries()
        self.env["protect.engagement"].create(
            [
                {
                    "name": f"Extra {n}",
                    "engagement_type_id": self.type_partner_meeting.id,
                    "date_start": datetime(2019, 5, 10 + n % 10, 9),
                    "partner_ids": [
                        Command.set((self.bank | self.school | self.charity).ids)
                    ],
                    "force_area_id": self.testshire.id,
                    "audience_count": n,
                    "user_id": self.officer.id,
                }
                for n in range(25)
            ]
        )
        self.assertEqual(queries(), few)

    # ------------------------------------------------------------ vetting

    def test_lower_vetting_omits_restricted_stakeholder_and_engagements(self):
        figures = self.figures(self.coverage(self.manager_mv))
        self.assertEqual(figures["industry", self.mockshire.id].engagements, 0)
        self.assertEqual(figures["industry", self.mockshire.id].active, 0)
        self.assertEqual(figures["industry", self.testshire.id].engagements, 2)
        html = self.render_html(
            "protect_engagement.protect_report_coverage", self.manager_mv
        )
        self.assertNotIn("Hidden Harbour", html)
        self.assertIn("OFFICIAL", html)
        self.assertNotIn("SECRET", html)

    def test_vetted_user_sees_restricted_stakeholder_going_cold(self):
        html = self.render_html(
            "protect_engagement.protect_report_coverage", self.manager
        )
        self.assertIn("Hidden Harbour", html)
        self.assertIn("SECRET", html)

    def test_officer_cannot_print_coverage(self):
        with self.assertRaises(AccessError):
            self.coverage(self.officer)

    # ------------------------------------------------------------ cold and summary

    def test_cold_relationships(self):
        cold = self.coverage(self.manager)["cold"]
        names = [row["name"] for row in cold["rows"]]
        # Never engaged first, then the longest cold; the charity (30 June) is warm.
        self.assertEqual(names[0], self.parish.name)
        self.assertIn(self.school.name, names)
        self.assertIn(self.hidden_bank.name, names)
        self.assertNotIn(self.charity.name, names)
        self.assertNotIn(self.college.name, names)  # dormant, not active
        self.assertEqual(cold["never_count"], 1)

    def test_summary_names_headline_gap(self):
        summary = " ".join(self.coverage(self.manager)["summary"])
        self.assertIn("Education in Mockshire had no engagement this quarter", summary)
        self.assertIn("this quarter", summary)
        self.assertNotIn("Industry in Testshire had no engagement", summary)

    # ------------------------------------------------------------ rendering

    def test_pdf_renders_with_expected_rows(self):
        text = self.render_pdf_text(
            "protect_engagement.protect_report_coverage",
            self.manager,
            data=self.filters_data(),
        )
        for expected in (
            "Partnership coverage",
            "Industry",
            "Voluntary sector",
            "Education",
            "Testshire",
            "Mockshire",
            "Relationships going cold",
            "Testshire Parish Council",
            "Education in Mockshire had no engagement this quarter",
        ):
            self.assertIn(expected, text)
        self.assertLess(text.index("Industry"), text.index("Voluntary sector"))
        self.assertLess(text.index("Voluntary sector"), text.index("Education"))


@tagged("post_install", "-at_install")
class TestReportWizard(ProtectReportCase):
    def wizard(self, user=None, **values):
        model = self.env["protect.report.wizard"].with_user(user or self.manager)
        return model.create(
            {
                "date_from": PERIOD[0],
                "date_to": PERIOD[1],
                "force_area_ids": self.areas.ids,
                **values,
            }
        )

    def test_default_period_is_last_full_quarter(self):
        self.assertEqual(
            last_full_quarter(date(2025, 11, 28)), (date(2025, 7, 1), date(2025, 9, 30))
        )
        self.assertEqual(
            last_full_quarter(date(2025, 1, 1)), (date(2024, 10, 1), date(2024, 12, 31))
        )
        wizard = self.env["protect.report.wizard"].with_user(self.manager).create({})
        today = fields.Date.context_today(wizard)
        self.assertEqual((wizard.date_from, wizard.date_to), last_full_quarter(today))

    def test_previous_period_has_same_length(self):
        self.assertEqual(
            previous_period(date(2019, 4, 1), date(2019, 6, 30)),
            (date(2019, 1, 1), date(2019, 3, 31)),
        )
        self.assertEqual(
            previous_period(date(2020, 1, 1), date(2020, 1, 31)),
            (date(2019, 12, 1), date(2019, 12, 31)),
        )
        self.assertEqual(
            previous_period(date(2019, 4, 10), date(2019, 4, 19)),
            (date(2019, 3, 31), date(2019, 4, 9)),
        )

    def test_period_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Period end:"):
            self.wizard(date_from=date(2019, 6, 30), date_to=date(2019, 4, 1))

    def test_report_data_with_backwards_period_is_refused(self):
        with self.assertRaisesRegex(UserError, "^Period end:"):
            self.report_values(
                "report_coverage", self.manager, start=PERIOD[1], end=PERIOD[0]
            )

    def test_cold_days_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, r"^Cold after \(days\):"):
            self.wizard(cold_days=0)

    def test_print_passes_the_filters_to_the_report(self):
        wizard = self.wizard(sector_group_ids=[Command.set([])])
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "protect_engagement.report_coverage")
        self.assertEqual(action["data"]["filters"]["date_from"], "2019-04-01")
        self.assertEqual(action["data"]["filters"]["force_area_ids"], self.areas.ids)
        self.assertEqual(wizard.action_preview()["report_type"], "qweb-html")

    def test_sector_group_filter_limits_rows(self):
        groups = self.env.ref(
            "protect_engagement.protect_sector_group_education"
        ) | self.env.ref("protect_engagement.protect_sector_group_voluntary")
        wizard = self.wizard(sector_group_ids=[Command.set(groups.ids)])
        coverage = self.report_values(
            "report_coverage",
            self.manager,
            sector_group_ids=groups.ids,
        )["coverage"]
        self.assertEqual(
            [group_code(row["group"]) for row in coverage["rows"]],
            ["voluntary", "education"],
        )
        self.assertEqual(
            sorted(wizard._report_data()["filters"]["sector_group_ids"]),
            sorted(groups.ids),
        )
