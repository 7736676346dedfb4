"""The quarterly performance return: counted live for the reader while a
draft, frozen (and marked as high as what it counts) at submission, kept as
submitted, compared with the previous return."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ProtectCommon

Q1 = (date(2013, 4, 1), date(2013, 6, 30))
Q2 = (date(2013, 7, 1), date(2013, 9, 30))


@tagged("post_install", "-at_install")
class TestPerformanceReturn(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls._stakeholder("Return Bank")
        cls.charity = cls._stakeholder(
            "Return Charity", protect_sector_id=cls.sector_voluntary.id
        )
        cls._engagement(
            "Q1 talk",
            partners=cls.bank,
            date_start="2013-05-01 10:00:00",
            audience_count=30,
            force_area_id=cls.area_derbyshire.id,
        )
        cls._engagement(
            "Q1 visit",
            partners=cls.charity,
            date_start="2013-06-01 10:00:00",
            force_area_id=cls.area_lincolnshire.id,
        )
        cls._engagement(
            "Q1 secret meeting",
            "secret",
            partners=cls.bank,
            date_start="2013-06-02 10:00:00",
            force_area_id=cls.area_derbyshire.id,
        )
        cls._engagement("Q2 talk", partners=cls.bank, date_start="2013-08-01 10:00:00")

    def new_return(self, user=None, period=Q1, **values):
        return (
            self.env["protect.performance.return"]
            .with_user(user or self.officer)
            .create(
                {
                    "name": "Return",
                    "date_from": period[0],
                    "date_to": period[1],
                    **values,
                }
            )
        )

    def totals(self, record):
        return record._protect_figures()["totals"]

    def plan_2013(self, name, measure):
        """A plan for 2013/14 with one objective and the measure ``measure``
        (values)."""
        return self.env["protect.delivery.plan"].create(
            {
                "name": name,
                "date_from": "2013-04-01",
                "date_to": "2014-03-31",
                "objective_ids": [
                    Command.create(
                        {
                            "name": "Objective",
                            "aim_id": self.env.ref(
                                "protect_engagement.protect_aim_block"
                            ).id,
                            "measure_ids": [Command.create(measure)],
                        }
                    )
                ],
            }
        )

    # ------------------------------------------------------------------ figures

    def test_draft_counts_the_period_for_the_reader(self):
        record = self.new_return()
        self.assertEqual(
            self.totals(record), {"engagements": 3, "people": 30, "organisations": 2}
        )
        self.assertEqual(
            self.totals(record.with_user(self.officer_mv))["engagements"], 2
        )

    def test_return_below_secret_says_what_it_leaves_out(self):
        record = self.new_return(user=self.officer_mv)
        self.assertIn("Counted up to OFFICIAL-SENSITIVE", record.figures_html)
        self.assertNotIn("Counted up to", self.new_return().figures_html)

    def test_scope_counts_only_its_force_areas(self):
        record = self.new_return(force_area_ids=[Command.set(self.area_derbyshire.ids)])
        self.assertEqual(self.totals(record)["engagements"], 2)

    def test_figures_by_strand_and_sector_group(self):
        figures = self.new_return(user=self.officer_mv)._protect_figures()
        self.assertEqual(dict(figures["by_strand"]), {"Protect": 2})
        groups = dict(figures["by_sector_group"])
        self.assertEqual(groups[self.sector_finance.group_id.display_name], 1)
        self.assertEqual(groups[self.sector_voluntary.group_id.display_name], 1)

    # ------------------------------------------------------------------ submission

    def test_submission_freezes_the_figures_and_marks_the_return(self):
        record = self.new_return()
        record.action_submit()
        self.assertEqual(record.state, "submitted")
        self.assertEqual(record.sensitivity, "secret")  # it counts a SECRET meeting
        self._engagement(
            "Late entry", partners=self.bank, date_start="2013-05-02 10:00:00"
        )
        self.assertEqual(self.totals(record)["engagements"], 3)

    def test_submission_keeps_the_return_as_sent_on_its_chatter(self):
        record = self.new_return(user=self.officer_mv)
        record.comment_summary = "<p>A steady quarter in Derbyshire.</p>"
        record.action_submit()
        attachment = record.message_ids[0].attachment_ids
        self.assertEqual(attachment.name, "Return.pdf")

    def test_return_pdf_prints_figures_comment_and_marking(self):
        record = self.new_return(user=self.officer_mv)
        record.comment_summary = "<p>A steady quarter in Derbyshire.</p>"
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.officer_mv)
            ._render_qweb_html(
                "protect_engagement.report_performance_return", record.ids
            )
        )
        text = " ".join(html.decode().split())
        self.assertIn("A steady quarter in Derbyshire.", text)
        self.assertIn("01/04/2013 to 30/06/2013", text)
        self.assertIn("Counted up to OFFICIAL-SENSITIVE", text)
        self.assertNotIn("Q1 secret meeting", text)

    def test_submitted_return_hidden_from_who_cannot_see_what_it_counts(self):
        record = self.new_return()
        record.action_submit()
        returns = self.env["protect.performance.return"].with_user(self.officer_mv)
        self.assertFalse(returns.search([("id", "=", record.id)]))

    def test_submitted_return_is_kept_as_sent(self):
        record = self.new_return(user=self.officer_mv)
        record.action_submit()
        with self.assertRaisesRegex(UserError, "^Comment on the plan: .* kept as"):
            record.write({"comment_plan": "<p>Second thoughts</p>"})
        with self.assertRaisesRegex(UserError, "^Status: "):
            record.write({"figures_frozen": {"totals": {}}})
        with self.assertRaisesRegex(UserError, "archive it"):
            record.with_user(self.manager).unlink()
        record.with_user(self.manager).action_archive()
        self.assertFalse(record.active)

    def test_next_return_compares_with_the_previous_one(self):
        first = self.new_return(user=self.officer_mv)
        first.action_submit()
        second = self.new_return(user=self.officer_mv, period=Q2)
        self.assertEqual(second.previous_id, first)
        self.assertIn("Previous return", second.figures_html)

    def test_manager_approves_but_not_their_own(self):
        record = self.new_return(user=self.officer_mv)
        record.action_submit()
        with self.assertRaisesRegex(AccessError, "Only a Protect manager"):
            record.with_user(self.officer).action_approve()
        record.with_user(self.manager_mv).action_approve()
        self.assertEqual(record.state, "approved")
        own = self.new_return(user=self.manager_mv)
        own.action_submit()
        with self.assertRaisesRegex(UserError, "^Approved by: you prepared"):
            own.action_approve()

    # ------------------------------------------------------------ bad input, access

    def test_name_follows_the_period(self):
        record = self.env["protect.performance.return"].create(
            {"date_from": Q2[0], "date_to": Q2[1]}
        )
        self.assertEqual(record.name, "Performance return Q2 2013/14")

    def test_return_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^To: "):
            self.new_return(period=(Q1[1], Q1[0]))

    def test_plan_status_is_as_at_the_end_of_the_period(self):
        plan = self.plan_2013(
            "Plan 2013/14", {"name": "Reports", "kind": "manual", "target": 10}
        )
        entries = self.env["protect.plan.measure.entry"]
        for day, value in (("2013-06-30", 2), ("2013-12-31", 10)):
            entries.create(
                {
                    "measure_id": plan.measure_ids.id,
                    "date": day,
                    "value": value,
                    "source": "Action Fraud",
                }
            )
        figures = self.new_return(plan_id=plan.id)._protect_figures()
        [row] = figures["plan"]["measures"]
        # 2 by 30/06 against 10 x 91/365 = 2.5: slightly behind then, though
        # the plan is on track today.
        self.assertEqual((row["to_date"], row["rag"]), (2, "Slightly behind"))
        self.assertEqual(plan.measure_ids.rag, "green")

    def test_plan_measures_by_force_area_for_the_quarter(self):
        plan = self.plan_2013(
            "Plan 2013/14 by area",
            {"name": "Meetings", "kind": "engagements", "target": 8},
        )
        figures = self.new_return(plan_id=plan.id)._protect_figures()["plan"]
        # Q1: Derbyshire's talk and SECRET meeting, Lincolnshire's visit.
        self.assertEqual(
            figures["areas"], [["DER", "Derbyshire"], ["LIN", "Lincolnshire"]]
        )
        self.assertEqual(figures["measures"][0]["by_area"], [2, 1])
        mv = self.new_return(user=self.officer_mv, plan_id=plan.id)
        self.assertEqual(
            mv._protect_figures()["plan"]["measures"][0]["by_area"], [1, 1]
        )
        scoped = self.new_return(
            plan_id=plan.id, force_area_ids=[Command.set(self.area_derbyshire.ids)]
        )
        self.assertEqual(
            scoped._protect_figures()["plan"]["areas"], [["DER", "Derbyshire"]]
        )

    def test_return_is_marked_at_least_as_high_as_its_plan(self):
        aim = self.env.ref("protect_engagement.protect_aim_block")
        plan = self.env["protect.delivery.plan"].create(
            {
                "name": "Secret plan",
                "date_from": "2013-04-01",
                "date_to": "2014-03-31",
                "sensitivity": "secret",
                "objective_ids": [Command.create({"name": "O", "aim_id": aim.id})],
            }
        )
        with self.assertRaisesRegex(ValidationError, "^Sensitivity: "):
            self.new_return(plan_id=plan.id)

    def test_liaison_cannot_open_returns(self):
        record = self.new_return()
        with self.assertRaises(AccessError):
            record.with_user(self.liaison).read(["name"])

    def test_status_changes_only_through_the_buttons(self):
        record = self.new_return()
        with self.assertRaisesRegex(UserError, "^Status: "):
            record.write({"state": "approved"})
