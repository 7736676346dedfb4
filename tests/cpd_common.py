import re
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user


class CpdCase(TransactionCase):
    """Two teams in the employee hierarchy, and helpers for CPD events.

    - Morgan (manager) manages Olivia and Owen (officers) and Lee (liaison);
    - Nadia (another manager) manages Ned (officer): the other team;
    - Ada, a Protect administrator, sits at the top and manages both managers.

    The CPD year starts in April and the annual target is 30 hours. Everything
    is created once, as superuser; the tests act as the users.
    """

    user_context = {"no_reset_password": True}

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
        cls.cat_seminar = ref("protect_engagement.protect_cpd_category_seminar")
        cls.cat_elearning = ref("protect_engagement.protect_cpd_category_elearning")
        cls.cat_accredited = ref("protect_engagement.protect_cpd_category_accredited")
        level_sc = ref("protect_engagement.protect_vetting_level_sc")

        def person(login, name, groups, manager=None):
            user = new_test_user(
                cls.env,
                login=login,
                name=name,
                email=f"{login}@emsou.example.com",
                groups=groups,
                context=cls.user_context,
                protect_vetting_level_id=level_sc.id,
            )
            employee = cls.env["hr.employee"].create(
                {
                    "name": name,
                    "user_id": user.id,
                    "parent_id": manager.id if manager else False,
                }
            )
            return user, employee

        cls.admin, cls.admin_emp = person(
            "cpd_admin", "Ada Administrator", "protect_engagement.group_admin"
        )
        cls.manager, cls.manager_emp = person(
            "cpd_manager",
            "Morgan Manager",
            "protect_engagement.group_manager",
            cls.admin_emp,
        )
        cls.officer, cls.officer_emp = person(
            "cpd_officer",
            "Olivia Officer",
            "protect_engagement.group_officer",
            cls.manager_emp,
        )
        cls.officer_2, cls.officer_2_emp = person(
            "cpd_officer_2",
            "Owen Officer",
            "protect_engagement.group_officer",
            cls.manager_emp,
        )
        cls.liaison, cls.liaison_emp = person(
            "cpd_liaison",
            "Lee Liaison",
            "protect_engagement.group_liaison",
            cls.manager_emp,
        )
        cls.other_manager, cls.other_manager_emp = person(
            "cpd_other_manager",
            "Nadia Manager",
            "protect_engagement.group_manager",
            cls.admin_emp,
        )
        cls.other_officer, cls.other_officer_emp = person(
            "cpd_other_officer",
            "Ned Officer",
            "protect_engagement.group_officer",
            cls.other_manager_emp,
        )

    # ------------------------------------------------------------------ helpers

    @contextmanager
    def assert_refused(self, label):
        """The block raises a ValidationError whose message starts with the field
        ``label``; pending writes are flushed inside it, so nothing is written."""
        with self.assertRaises(ValidationError) as caught:
            yield caught
            self.env.flush_all()
        self.assertRegex(str(caught.exception), rf"^{re.escape(label)}:")

    @classmethod
    def make_event(cls, name, day, hours=3.0, length=4.0, **values):
        """A CPD seminar on ``day``, from 09:00 UTC for ``length`` hours."""
        begin = datetime.combine(day, time(9, 0))
        return cls.env["event.event"].create(
            {
                "name": name,
                "date_begin": begin,
                "date_end": begin + timedelta(hours=length),
                "date_tz": "UTC",
                "user_id": cls.manager.id,
                "protect_is_cpd": True,
                "protect_cpd_hours": hours,
                "protect_cpd_category_id": cls.cat_seminar.id,
                "event_mail_ids": [],
                **values,
            }
        )

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
