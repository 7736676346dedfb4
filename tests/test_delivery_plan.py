"""Delivery plans: officers draft them, managers approve them, and progress
is counted live from the register for the reader's vetting."""

from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ProtectCommon
from .plan_common import FY_FROM, FY_TO, PlanCase


@tagged("post_install", "-at_install")
class TestDeliveryPlan(PlanCase):
    # ------------------------------------------------------------------ workflow

    def test_officer_drafts_and_manager_approves(self):
        plan = self.plan()
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.manager).action_approve()
        self.assertEqual((plan.state, plan.approved_by_id), ("approved", self.manager))
        self.assertIn("approved by", plan.message_ids[0].body)
        plan.with_user(self.officer).action_activate()
        plan.with_user(self.officer).action_close()
        self.assertEqual(plan.state, "closed")

    def test_officer_cannot_approve(self):
        plan = self.plan(user=self.officer_2)
        with self.assertRaisesRegex(AccessError, "Only a Protect manager"):
            plan.with_user(self.officer).action_approve()
        self.assertEqual(plan.state, "draft")

    def test_manager_cannot_approve_own_plan(self):
        plan = self.plan(user=self.manager)
        with self.assertRaisesRegex(UserError, "^Approved by: you own"):
            plan.with_user(self.manager).action_approve()

    def test_plan_without_measures_is_not_approved(self):
        plan = (
            self.env["protect.delivery.plan"]
            .with_user(self.officer)
            .create({"name": "Empty plan", "date_from": FY_FROM, "date_to": FY_TO})
        )
        with self.assertRaisesRegex(UserError, "^Objectives: "):
            plan.with_user(self.manager).action_approve()

    def test_status_changes_only_through_the_buttons(self):
        plan = self.plan()
        with self.assertRaisesRegex(UserError, "^Status: "):
            plan.with_user(self.officer).write({"state": "active"})
        self.assertEqual(plan.state, "draft")

    def test_approved_plan_objectives_and_measures_are_fixed(self):
        plan = self.plan()
        plan.with_user(self.manager).action_approve()
        measure = plan.measure_ids.with_user(self.officer)
        with self.assertRaisesRegex(UserError, "^Plan: "):
            measure.write({"target": 1})
        with self.assertRaisesRegex(UserError, "^Plan: "):
            measure.unlink()
        with self.assertRaisesRegex(UserError, "^Plan: "):
            self.measure(plan, target=2)
        plan.with_user(self.manager).action_reset_draft()
        measure.write({"target": 1})
        self.assertEqual(measure.target, 1)

    def test_approved_plan_shows_its_progress(self):
        """Reading the status of an approved plan and its objectives (as the
        form and the objective cards do) changes nothing on the plan."""
        plan = self.plan()
        self.measure(plan, kind="manual", target=5)
        self.meeting("2011-05-10")
        plan.with_user(self.manager).action_approve()
        self.env.invalidate_all()
        mine = plan.with_user(self.officer)
        self.assertEqual(mine.rag, "red")
        self.assertEqual(mine.objective_ids.rag, "red")
        self.assertEqual(sorted(mine.measure_ids.mapped("rag")), ["red", "red"])

    def test_default_period_is_this_financial_year(self):
        plan = self.env["protect.delivery.plan"].with_user(self.officer).new({})
        today = fields.Date.today()
        start_year = today.year if today.month >= 4 else today.year - 1
        self.assertEqual(
            (plan.date_from, plan.date_to),
            (date(start_year, 4, 1), date(start_year + 1, 3, 31)),
        )

    def test_approved_plan_is_archived_not_deleted(self):
        plan = self.plan()
        plan.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "archive it"):
            plan.with_user(self.manager).unlink()

    # ------------------------------------------------------------------ bad input

    def test_plan_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^To: "):
            self.plan(date_to=date(2011, 3, 1))

    def test_measure_without_positive_target_is_refused(self):
        plan = self.plan()
        for target in (0, -5):
            with self.subTest(target=target):
                with self.assertRaisesRegex(ValidationError, "^Target: "):
                    with self.env.cr.savepoint():
                        self.measure(plan, target=target)

    def test_negative_figure_entered_is_refused(self):
        measure = self.measure(self.plan(), kind="manual", target=10)
        with self.assertRaisesRegex(ValidationError, "^Value: "):
            self.env["protect.plan.measure.entry"].create(
                {"measure_id": measure.id, "value": -1, "source": "Action Fraud"}
            )

    # ------------------------------------------------------------------ progress

    def test_progress_counts_done_meetings_of_the_period(self):
        plan = self.plan()
        self.meeting("2011-05-10")
        self.meeting("2011-11-01")
        self.meeting("2012-04-01")  # the next year
        self.meeting("2011-06-01", engagement_type_id=self.type_workshop.id)
        self.meeting("2011-07-01", state="cancelled")
        measure = plan.measure_ids
        self.assertEqual(self.actual(measure, self.officer), 2)
        # The year is over: the pro-rata target is the whole target.
        self.assertEqual(measure.with_user(self.officer).expected, 4)
        self.assertEqual(measure.with_user(self.officer).rag, "red")

    def test_progress_counts_people_organisations_and_sector_groups(self):
        plan = self.plan()
        self.meeting("2011-05-10", audience_count=30)
        self.meeting("2011-06-10", audience_count=20)
        self.meeting("2011-07-10", partners=self.charity, audience_count=5)
        self.meeting("2011-08-10", partners=self.bank | self.charity)
        people = self.measure(plan, kind="people_reached", target=100)
        organisations = self.measure(plan, kind="organisations", target=5)
        voluntary = self.measure(
            plan,
            kind="engagements",
            target=5,
            sector_group_ids=[Command.set(self.sector_voluntary.group_id.ids)],
        )
        self.assertEqual(self.actual(people, self.officer), 55)
        self.assertEqual(self.actual(organisations, self.officer), 2)
        self.assertEqual(self.actual(voluntary, self.officer), 2)

    def test_progress_follows_force_area_strand_and_objective_scope(self):
        plan = self.plan()
        objective = plan.objective_ids
        objective.force_area_ids = self.area_derbyshire
        self.meeting("2011-05-10", force_area_id=self.area_derbyshire.id)
        self.meeting("2011-05-11", force_area_id=self.area_lincolnshire.id)
        self.meeting(
            "2011-05-12", force_area_id=self.area_derbyshire.id, strand="pursue"
        )
        in_scope = self.measure(plan, target=10)
        protect = self.measure(plan, target=10, strand="protect")
        lincs = self.measure(
            plan, target=10, force_area_ids=[Command.set(self.area_lincolnshire.ids)]
        )
        self.assertEqual(self.actual(in_scope, self.officer), 2)
        self.assertEqual(self.actual(protect, self.officer), 1)
        self.assertEqual(self.actual(lincs, self.officer), 1)

    def test_tagged_measure_counts_only_engagements_tagged_to_its_objective(self):
        plan = self.plan()
        objective = plan.objective_ids
        self.meeting("2011-05-10", objective_ids=[Command.set(objective.ids)])
        self.meeting("2011-05-11")
        tagged_measure = self.measure(plan, target=10, tagged_only=True)
        self.assertEqual(self.actual(tagged_measure, self.officer), 1)

    def test_entered_figures_and_campaign_reach(self):
        plan = self.plan()
        manual = self.measure(plan, kind="manual", target=100, source="Action Fraud")
        entries = self.env["protect.plan.measure.entry"]
        for day, value in (("2011-06-30", 40), ("2011-09-30", 25), ("2012-06-30", 9)):
            entries.create(
                {"measure_id": manual.id, "date": day, "value": value, "source": "AF"}
            )
        campaign = self.env["protect.campaign"].create(
            {"name": "Test campaign", "date_start": "2011-05-01"}
        )
        channel = self.env.ref("protect_engagement.protect_channel_social")
        self.env["protect.campaign.reach"].create(
            {
                "campaign_id": campaign.id,
                "channel_id": channel.id,
                "date": "2011-05-20",
                "figure": 1200,
                "source": "Force social media team",
            }
        )
        reach = self.measure(
            plan, kind="campaign_reach", target=1000, campaign_id=campaign.id
        )
        self.assertEqual(self.actual(manual, self.officer), 65)
        self.assertEqual(self.actual(reach, self.officer), 1200)
        self.assertEqual(reach.with_user(self.officer).rag, "green")

    def test_campaign_reach_counts_only_the_measures_channels(self):
        plan = self.plan()
        campaign = self.env["protect.campaign"].create(
            {"name": "Channel campaign", "date_start": "2011-05-01"}
        )
        social = self.env.ref("protect_engagement.protect_channel_social")
        press = self.env.ref("protect_engagement.protect_channel_press")
        for channel, figure in ((social, 1200), (press, 3)):
            self.env["protect.campaign.reach"].create(
                {
                    "campaign_id": campaign.id,
                    "channel_id": channel.id,
                    "date": "2011-05-20",
                    "figure": figure,
                    "source": "Press office",
                }
            )
        every = self.measure(
            plan, kind="campaign_reach", target=10, campaign_id=campaign.id
        )
        press_items = self.measure(
            plan,
            kind="campaign_reach",
            target=10,
            campaign_id=campaign.id,
            channel_ids=[Command.set(press.ids)],
        )
        self.assertEqual(self.actual(every, self.officer), 1203)
        self.assertEqual(self.actual(press_items, self.officer), 3)

    def test_progress_counts_only_what_the_reader_may_see(self):
        plan = self.plan()
        self.meeting("2011-05-10")
        self.meeting("2011-05-11", sensitivity="secret")
        measure = plan.measure_ids
        self.assertEqual(self.actual(measure, self.officer), 2)
        self.assertEqual(self.actual(measure, self.officer_mv), 1)
        self.assertEqual(self.actual(measure, self.liaison), 1)

    def test_pro_rata_target_of_a_plan_under_way(self):
        today = fields.Date.today()
        plan = self.plan(
            date_from=date(today.year - 1, today.month, 1),
            date_to=date(today.year + 1, today.month, 1),
        )
        campaign = self.env["protect.campaign"].create(
            {"name": "Pro-rata campaign", "date_start": plan.date_from}
        )
        measure = self.measure(plan, target=10, campaign_id=campaign.id)
        share = ((today - plan.date_from).days + 1) / (
            (plan.date_to - plan.date_from).days + 1
        )
        self.assertEqual(measure.expected, round(10 * share, 1))
        self.assertEqual(measure.rag, "red")
        # Half-way (or a little past it), five of ten is at least 80% of pace.
        for day in range(1, 6):
            self.meeting(
                f"{plan.date_from.year}-{plan.date_from.month:02d}-{day:02d}",
                campaign_id=campaign.id,
            )
        measure.invalidate_recordset()
        self.assertEqual(measure.actual, 5)
        self.assertEqual(measure.rag, "amber" if 5 < 10 * share else "green")

    def test_progress_queries_do_not_grow_with_engagements(self):
        plan = self.plan()
        self.measure(plan, kind="organisations", target=5)
        self.measure(plan, kind="people_reached", target=5)
        self.measure(plan, kind="manual", target=5)

        def queries():
            measures = self.env["protect.plan.measure"].with_user(self.officer)
            measures = measures.browse(plan.measure_ids.ids)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            measures.mapped("rag")
            return self.env.cr.sql_log_count - before

        # Counted warm (the second time), as a screen is read.
        self.meeting("2011-05-10")
        queries()
        few = queries()
        for day in range(1, 21):
            self.meeting(f"2011-06-{day:02d}", partners=self.bank | self.charity)
        queries()
        self.assertEqual(queries(), few)

    # ------------------------------------------------------------------ access

    def test_secret_plan_is_hidden_from_mv_officer(self):
        plan = self.plan(sensitivity="secret")
        plans = self.env["protect.delivery.plan"].with_user(self.officer_mv)
        self.assertFalse(plans.search([("id", "=", plan.id)]))
        objectives = self.env["protect.plan.objective"].with_user(self.officer_mv)
        self.assertFalse(objectives.search([("plan_id", "=", plan.id)]))
        measures = self.env["protect.plan.measure"].with_user(self.officer_mv)
        self.assertFalse(measures.search([("id", "in", plan.measure_ids.ids)]))
        with self.assertRaises(AccessError):
            plan.with_user(self.officer_mv).read(["name"])

    def test_liaison_reads_but_does_not_change_plans(self):
        plan = self.plan()
        self.assertEqual(plan.with_user(self.liaison).name, "Plan 2011/12")
        with self.assertRaises(AccessError):
            plan.with_user(self.liaison).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.plan(user=self.liaison)

    def test_nothing_is_added_under_a_hidden_plan_or_campaign(self):
        """An id above the user's vetting gets the answer of any record they
        may not link: no measure under a SECRET objective, no figure on a
        SECRET campaign."""
        secret = self.plan(sensitivity="secret")
        campaign = self.env["protect.campaign"].create(
            {
                "name": "Secret campaign",
                "date_start": "2011-05-01",
                "sensitivity": "secret",
            }
        )
        channel = self.env.ref("protect_engagement.protect_channel_press")
        as_mv = self.env(user=self.officer_mv)
        attempts = {
            "measure": lambda: as_mv["protect.plan.measure"].create(
                {"objective_id": secret.objective_ids.id, "name": "M", "target": 1}
            ),
            "reach": lambda: as_mv["protect.campaign.reach"].create(
                {
                    "campaign_id": campaign.id,
                    "channel_id": channel.id,
                    "figure": 1,
                    "source": "Probe",
                }
            ),
            "objective": lambda: as_mv["protect.plan.objective"].create(
                {"plan_id": secret.id, "name": "O", "aim_id": self.aim.id}
            ),
        }
        for name, attempt in attempts.items():
            with (
                self.subTest(name),
                self.assertRaisesRegex(ValidationError, "vetting lets you see"),
            ):
                with self.env.cr.savepoint():
                    attempt()

    def test_users_outside_protect_see_no_plan(self):
        plan = self.plan()
        for user in (self.internal, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                plan.with_user(user).read(["name"])


@tagged("post_install", "-at_install")
class TestCampaign(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        aim = cls.env.ref("protect_engagement.protect_aim_block")
        cls.plan = cls.env["protect.delivery.plan"].create(
            {
                "name": "Campaign plan",
                "date_from": "2025-04-01",
                "date_to": "2026-03-31",
                "objective_ids": [
                    Command.create({"name": "Objective A", "aim_id": aim.id}),
                    Command.create({"name": "Objective B", "aim_id": aim.id}),
                ],
            }
        )
        cls.objective_a, cls.objective_b = cls.plan.objective_ids

    def campaign(self, user=None, **values):
        return (
            self.env["protect.campaign"]
            .with_user(user or self.officer)
            .create(
                {
                    "name": "Courier fraud fortnight",
                    "date_start": "2026-01-01",
                    **values,
                }
            )
        )

    def test_campaign_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^End: "):
            self.campaign(date_end="2025-12-01")

    def test_national_campaign_needs_its_agency(self):
        with self.assertRaisesRegex(ValidationError, "^Source agency: "):
            self.campaign(scope="national")
        agency = self.env.ref("protect_engagement.protect_agency_colp")
        self.assertEqual(
            self.campaign(scope="national", agency_id=agency.id).agency_id, agency
        )

    def test_engagement_of_a_campaign_serves_its_objectives(self):
        campaign = self.campaign(objective_ids=[Command.set(self.objective_a.ids)])
        engagement = self._engagement("Campaign talk", campaign_id=campaign.id)
        self.assertEqual(engagement.objective_ids, self.objective_a)
        chosen = self._engagement(
            "Chosen",
            campaign_id=campaign.id,
            objective_ids=[Command.set(self.objective_b.ids)],
        )
        self.assertEqual(chosen.objective_ids, self.objective_b)

    def test_engagement_not_tagged_to_closed_plan_objective(self):
        engagement = self._engagement(
            "Tagged before", objective_ids=[Command.set(self.objective_a.ids)]
        )
        self.plan.with_context(protect_plan_transition=True).state = "closed"
        with self.assertRaisesRegex(ValidationError, "^Plan objectives: "):
            self._engagement(
                "Tagged after", objective_ids=[Command.set(self.objective_b.ids)]
            )
        # The link made while the plan was open stays.
        engagement.name = "Renamed"
        self.assertEqual(engagement.objective_ids, self.objective_a)

    def test_campaign_reach_rolls_up_engagements_and_figures(self):
        campaign = self.campaign()
        bank = self._stakeholder("Reach Bank")
        self._engagement(
            "Talk 1", partners=bank, campaign_id=campaign.id, audience_count=40
        )
        self._engagement(
            "Talk 2", partners=bank, campaign_id=campaign.id, audience_count=10
        )
        self._engagement(
            "Hidden talk", "secret", partners=bank, campaign_id=campaign.id
        )
        mine = campaign.with_user(self.officer_mv)
        self.assertEqual(
            (mine.engagement_count, mine.people_reached, mine.organisation_count),
            (2, 50, 1),
        )
        self.assertEqual(campaign.with_user(self.officer).engagement_count, 3)

    def test_hidden_closed_objective_answers_as_any_hidden_record(self):
        """Tagging a SECRET plan's objective tells an MV officer nothing about
        that plan, closed or not."""
        aim = self.env.ref("protect_engagement.protect_aim_block")
        secret = self.env["protect.delivery.plan"].create(
            {
                "name": "Secret closed plan",
                "date_from": "2025-04-01",
                "date_to": "2026-03-31",
                "sensitivity": "secret",
                "objective_ids": [Command.create({"name": "Hidden", "aim_id": aim.id})],
            }
        )
        secret.with_context(protect_plan_transition=True).state = "closed"
        engagements = self.env["protect.engagement"].with_user(self.officer_mv)
        with self.assertRaisesRegex(ValidationError, "vetting lets you see"):
            engagements.create(
                {
                    "name": "Probe",
                    "date_start": "2026-01-05 10:00:00",
                    "objective_ids": [Command.set(secret.objective_ids.ids)],
                }
            )

    def test_engagement_is_marked_at_least_as_high_as_its_campaign(self):
        campaign = self.campaign(sensitivity="official_sensitive")
        with self.assertRaisesRegex(ValidationError, "^Sensitivity: "):
            self._engagement("Open talk", campaign_id=campaign.id)
        talk = self._engagement(
            "Sensitive talk", "official_sensitive", campaign_id=campaign.id
        )
        campaign.with_user(self.officer).sensitivity = "secret"
        self.assertEqual(talk.sensitivity, "secret")

    def test_campaign_with_engagements_is_archived_not_deleted(self):
        campaign = self.campaign()
        self._engagement("Talk", campaign_id=campaign.id)
        with self.assertRaisesRegex(ValidationError, "archive it"):
            campaign.with_user(self.manager).unlink()

    def test_secret_campaign_hidden_from_mv_officer(self):
        campaign = self.campaign(sensitivity="secret")
        campaigns = self.env["protect.campaign"].with_user(self.officer_mv)
        self.assertFalse(campaigns.search([("id", "=", campaign.id)]))

    def test_liaison_cannot_create_campaign(self):
        with self.assertRaises(AccessError):
            self.campaign(user=self.liaison)
