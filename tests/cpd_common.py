from datetime import date

from .common import ProtectCommon


class CpdCase(ProtectCommon):
    """The common users as two teams in the employee hierarchy.

    - Morgan (manager) manages Olivia and Owen (officers) and Lee (liaison);
    - Nadia (another manager) manages Ned (officer): the other team;
    - Ada, a Protect administrator, sits at the top and manages both managers.

    The CPD year starts in April and the annual target is 30 hours. Everything
    is created once, as superuser; the tests act as the users.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("protect_engagement.cpd_year_start_month", "4")
        icp.set_param("protect_engagement.cpd_target_hours", "30.0")
        # Category minimums in the demo data would colour every status amber.
        cls.env["protect.cpd.category"].search([]).annual_minimum_hours = 0

        cls.cat_training = ref("protect_engagement.protect_cpd_category_training")
        cls.cat_elearning = ref("protect_engagement.protect_cpd_category_elearning")
        cls.cat_accredited = ref("protect_engagement.protect_cpd_category_accredited")

        cls.other_manager = cls._user(
            "cpd_other_manager", "Nadia Manager", "group_manager", cls.level_sc
        )
        cls.other_officer = cls._user(
            "cpd_other_officer", "Ned Officer", "group_officer", cls.level_sc
        )
        employee = cls._employee
        cls.admin_emp = employee(cls.admin)
        cls.manager_emp = employee(cls.manager, cls.admin_emp)
        cls.officer_emp = employee(cls.officer, cls.manager_emp)
        cls.officer_2_emp = employee(cls.officer_2, cls.manager_emp)
        cls.liaison_emp = employee(cls.liaison, cls.manager_emp)
        cls.other_manager_emp = employee(cls.other_manager, cls.admin_emp)
        cls.other_officer_emp = employee(cls.other_officer, cls.other_manager_emp)

    @classmethod
    def _employee(cls, user, manager=None):
        """The employee of ``user``, managed by ``manager``."""
        return cls.env["hr.employee"].create(
            {
                "name": user.name,
                "user_id": user.id,
                "parent_id": manager.id if manager else False,
            }
        )

    # ------------------------------------------------------------------ helpers

    @classmethod
    def register(cls, event, user_or_partner, state="open"):
        partner = getattr(user_or_partner, "partner_id", user_or_partner)
        return cls.env["event.registration"].create(
            {"event_id": event.id, "partner_id": partner.id, "state": state}
        )

    def records_of(self, employee, event=None):
        domain = [("employee_id", "=", employee.id)]
        if event:
            domain.append(("event_id", "=", event.id))
        return self.env["protect.cpd.record"].sudo().search(domain)

    def log_cpd(self, user, day, hours=2.0, **values):
        """Self-logged CPD created by ``user`` for themselves."""
        return (
            self.env["protect.cpd.record"]
            .with_user(user)
            .create(
                {
                    "name": "Fraud e-learning",
                    "category_id": self.cat_elearning.id,
                    "date": day,
                    "hours": hours,
                    **values,
                }
            )
        )

    @classmethod
    def approved_cpd(cls, employee, day, hours, category=None):
        """Approved self-logged CPD, put straight in as superuser."""
        return (
            cls.env["protect.cpd.record"]
            .sudo()
            .create(
                {
                    "name": f"CPD {day}",
                    "employee_id": employee.id,
                    "category_id": (category or cls.cat_training).id,
                    "date": day,
                    "hours": hours,
                    "state": "approved",
                    "approved_by_id": cls.admin.id,
                }
            )
        )

    def status_of(self, employee, year_label=None, user=None):
        """The employee's CPD status row (current CPD year by default)."""
        self.env.invalidate_all()  # figures depend on today and on the records
        summaries = self.env["protect.cpd.summary"].with_user(user or self.admin)
        year = year_label or self.env["protect.cpd.record"]._cpd_year().label
        row = summaries.search(
            [("employee_id", "=", employee.id), ("cpd_year", "=", year)]
        )
        self.assertEqual(len(row), 1, f"one status row for {employee.name} in {year}")
        return row

    @staticmethod
    def day(text):
        return date.fromisoformat(text)
