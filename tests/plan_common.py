"""Builders for delivery-plan tests: a draft plan for a financial year no
other test or demo record falls in, its measures and the meetings counted."""

from datetime import date

from odoo import Command

from .common import ProtectCommon

# A financial year no other test or demo record falls in.
FY_FROM, FY_TO = date(2011, 4, 1), date(2012, 3, 31)


class PlanCase(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.aim = cls.env.ref("protect_engagement.protect_aim_empower")
        cls.group_industry = cls.sector_industry.group_id
        cls.bank = cls._stakeholder("Plan Test Bank")  # finance, Lincolnshire
        cls.charity = cls._stakeholder(
            "Plan Test Charity", protect_sector_id=cls.sector_voluntary.id
        )

    # ------------------------------------------------------------------ builders

    def plan(self, user=None, sensitivity="official", **values):
        """A draft plan for 2011/12 owned by ``user`` (the officer), with one
        objective and a measure counting its partner meetings."""
        user = user or self.officer
        plan = (
            self.env["protect.delivery.plan"]
            .with_user(user)
            .create(
                {
                    "name": "Plan 2011/12",
                    "date_from": FY_FROM,
                    "date_to": FY_TO,
                    "sensitivity": sensitivity,
                    "objective_ids": [
                        Command.create(
                            {
                                "name": "Engage the finance sector",
                                "aim_id": self.aim.id,
                                "measure_ids": [
                                    Command.create(
                                        {
                                            "name": "Partner meetings",
                                            "kind": "engagements",
                                            "target": 4,
                                            "engagement_type_ids": [
                                                Command.set(
                                                    self.type_partner_meeting.ids
                                                )
                                            ],
                                        }
                                    )
                                ],
                            }
                        )
                    ],
                    **values,
                }
            )
        )
        return plan

    def meeting(self, day, sensitivity="official", partners=None, **values):
        return self._engagement(
            f"Meeting {day}",
            sensitivity=sensitivity,
            partners=partners or self.bank,
            date_start=f"{day} 10:00:00",
            **values,
        )

    def measure(self, plan, user=None, **values):
        """Add a measure to the plan's objective, as ``user`` (the officer)."""
        measures = self.env["protect.plan.measure"].with_user(user or self.officer)
        return measures.create(
            {"objective_id": plan.objective_ids[0].id, "name": "Measure", **values}
        )

    def actual(self, measure, user):
        return measure.with_user(user).actual
