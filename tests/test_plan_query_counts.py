"""Plan progress and the performance return are counted in grouped queries:
their query counts do not grow with the number of engagements they count.

Both are counted from a fresh cache, as an officer, with a handful of
engagements and again with forty more spread over force areas, engagement
types, strands, sector groups, campaigns and tagged objectives; the counts
must be the same, not merely under a bound.
"""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .plan_common import FY_FROM, FY_TO, PlanCase

# The return's quarter: the first of the plan's year.
QUARTER = (date(2011, 4, 1), date(2011, 6, 30))


@tagged("post_install", "-at_install")
class TestPlanQueryCounts(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        campaigns = cls.env["protect.campaign"]
        cls.campaign_a = campaigns.create(
            {"name": "Query campaign A", "date_start": FY_FROM}
        )
        cls.campaign_b = campaigns.create(
            {"name": "Query campaign B", "date_start": FY_FROM}
        )
        cls.env["protect.campaign.reach"].create(
            {
                "campaign_id": cls.campaign_a.id,
                "channel_id": ref("protect_engagement.protect_channel_social").id,
                "date": "2011-05-20",
                "figure": 1200,
                "source": "Force social media team",
            }
        )
        cls.school = cls._stakeholder(
            "Query School",
            protect_sector_id=ref("protect_engagement.protect_sector_schools").id,
        )
        cls.council = cls._stakeholder(
            "Query Council",
            protect_sector_id=ref(
                "protect_engagement.protect_sector_local_authority"
            ).id,
            protect_force_area_id=cls.area_derbyshire.id,
        )
        cls.partners = [
            cls.bank,
            cls.charity,
            cls.school,
            cls.council,
            cls.bank | cls.charity,
        ]
        cls.areas = [
            cls.area_derbyshire,
            cls.area_lincolnshire,
            cls.area_leicestershire,
        ]
        cls.types = [cls.type_partner_meeting, cls.type_workshop]
        cls.strands = ["protect", "prevent", "pursue"]
        cls._cpd_event(
            "Query partner training", date(2011, 6, 1), protect_delivered_by_team=True
        )

    def setUp(self):
        super().setUp()
        self.doc = self.full_plan()
        self.campaign_a.objective_ids = self.doc.objective_ids[1]
        self.measure_entry(self.doc.measure_ids.filtered(lambda m: m.kind == "manual"))
        self.doc_return = (
            self.env["protect.performance.return"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Query return",
                    "date_from": QUARTER[0],
                    "date_to": QUARTER[1],
                    "plan_id": self.doc.id,
                }
            )
        )
        self.engagements = self.env["protect.engagement"]
        self.add_engagements(5)

    # ------------------------------------------------------------------ builders

    def full_plan(self):
        """A 2011/12 plan with three objectives and measures of every kind,
        with and without their own filters."""
        groups = self.sector_industry.group_id | self.sector_voluntary.group_id
        voluntary = self.sector_voluntary.group_id

        def measure(name, kind, **values):
            return Command.create({"name": name, "kind": kind, "target": 10, **values})

        return (
            self.env["protect.delivery.plan"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Query plan",
                    "date_from": FY_FROM,
                    "date_to": FY_TO,
                    "objective_ids": [
                        Command.create(
                            {
                                "name": "Businesses and charities in two forces",
                                "aim_id": self.aim.id,
                                "force_area_ids": [
                                    Command.set(
                                        (
                                            self.area_derbyshire
                                            | self.area_lincolnshire
                                        ).ids
                                    )
                                ],
                                "sector_group_ids": [Command.set(groups.ids)],
                                "measure_ids": [
                                    measure(
                                        "Partner meetings",
                                        "engagements",
                                        engagement_type_ids=[
                                            Command.set(self.type_partner_meeting.ids)
                                        ],
                                    ),
                                    measure("People", "people_reached"),
                                    measure("Organisations", "organisations"),
                                    measure(
                                        "Charities",
                                        "organisations",
                                        sector_group_ids=[Command.set(voluntary.ids)],
                                    ),
                                    measure("Tagged", "engagements", tagged_only=True),
                                ],
                            }
                        ),
                        Command.create(
                            {
                                "name": "Everyone, everywhere",
                                "aim_id": self.aim.id,
                                "measure_ids": [
                                    measure("Protect", "engagements", strand="protect"),
                                    measure(
                                        "Campaign B people",
                                        "people_reached",
                                        campaign_id=self.campaign_b.id,
                                    ),
                                    measure("All organisations", "organisations"),
                                    measure("Reach", "campaign_reach"),
                                    measure(
                                        "Reach of A",
                                        "campaign_reach",
                                        campaign_id=self.campaign_a.id,
                                    ),
                                    measure("Training", "cpd_events"),
                                    measure("Entered", "manual", source="AF"),
                                    measure(
                                        "Tagged people",
                                        "people_reached",
                                        tagged_only=True,
                                    ),
                                ],
                            }
                        ),
                        Command.create(
                            {
                                "name": "The voluntary sector",
                                "aim_id": self.aim.id,
                                "sector_group_ids": [Command.set(voluntary.ids)],
                                "measure_ids": [
                                    measure("Voluntary meetings", "engagements"),
                                    measure("Voluntary people", "people_reached"),
                                ],
                            }
                        ),
                    ],
                }
            )
        )

    def measure_entry(self, measure):
        self.env["protect.plan.measure.entry"].create(
            {"measure_id": measure.id, "date": "2011-06-30", "value": 4, "source": "AF"}
        )

    def add_engagements(self, count):
        """``count`` more done engagements in the return's quarter, spread over
        force areas, types, strands, stakeholders' sector groups, campaigns and
        the plan's objectives (tagged or not); every tenth one SECRET."""
        objectives = self.doc.objective_ids
        start = len(self.engagements)
        values = []
        for number in range(start, start + count):
            partners = self.partners[number % len(self.partners)]
            tag = objectives[number % 2] if number % 3 else objectives.browse()
            values.append(
                {
                    "name": f"Query engagement {number}",
                    "engagement_type_id": self.types[number % len(self.types)].id,
                    "strand": self.strands[number % len(self.strands)],
                    "date_start": date(2011, 4 + number % 3, 1 + number % 28),
                    "force_area_id": self.areas[number % len(self.areas)].id,
                    "partner_ids": [Command.set(partners.ids)],
                    "campaign_id": (self.campaign_a, self.campaign_b)[number % 2].id,
                    "objective_ids": [Command.set(tag.ids)],
                    "audience_count": number,
                    "sensitivity": "secret" if number % 10 == 9 else "official",
                    "user_id": self.officer.id,
                }
            )
        self.engagements |= self.env["protect.engagement"].create(values)

    # ------------------------------------------------------------------ counting

    def queries(self, read):
        """Queries of ``read()`` from a fresh cache, pending writes flushed."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        read()
        return self.env.cr.sql_log_count - before

    def read_plan_progress(self):
        """As the plan's form shows it: every measure's figure and status, each
        objective's status and the plan's, as the officer."""
        plan = self.doc.with_user(self.officer)
        plan.measure_ids.mapped("actual")
        plan.measure_ids.mapped("rag")
        plan.objective_ids.mapped("rag")
        return plan.rag

    def count_return(self):
        return self.doc_return.with_user(self.officer)._protect_count()

    def assert_same_queries_with_more_engagements(self, read):
        self.queries(read)  # warm-up: rules, fields, the officer's clearance
        few = self.queries(read)
        self.add_engagements(40)
        self.queries(read)
        many = self.queries(read)
        self.assertEqual(many, few, f"{few} queries with 5 engagements, {many} with 45")

    # ------------------------------------------------------------------ tests

    def test_plan_progress_queries_do_not_grow_with_engagements(self):
        self.assert_same_queries_with_more_engagements(self.read_plan_progress)

    def test_return_queries_do_not_grow_with_engagements(self):
        self.assert_same_queries_with_more_engagements(self.count_return)

    def test_figures_counted_grow_with_engagements(self):
        """The counts above measure real work: the figures do change."""
        before = self.count_return()[0]["totals"]["engagements"]
        self.add_engagements(40)
        self.assertEqual(self.count_return()[0]["totals"]["engagements"], before + 40)
