import re
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user

# Logins of the test users. The demo data already has users called "officer",
# "manager" and "liaison", so the tests use their own.
OFFICER_LOGIN = "protect_officer"
OFFICER_2_LOGIN = "protect_officer_2"
MANAGER_LOGIN = "protect_manager"
LIAISON_LOGIN = "protect_liaison"
ADMIN_LOGIN = "protect_admin"

# Who may export (the web client's Export button): every Protect role.
EXPORT = "base.group_allow_export"
# Vetting of the test users is recorded as granted on this day.
GRANTED = "2024-01-01"


def protect_user(env, login, group, level="sc", name=None, **values):
    """A Protect user for a browser test, who signs in with ``login`` (also
    their password): ``group`` is a Protect role ("group_officer"), ``level``
    the vetting granted on GRANTED ("sc", "mv" or "nppv1")."""
    vetting = env.ref(f"protect_engagement.protect_vetting_level_{level}")
    return new_test_user(
        env,
        login=login,
        name=name or login.replace("_", " ").title(),
        email=f"{login}@emsou.example.com",
        groups=f"protect_engagement.{group}",
        context={"no_reset_password": True},
        protect_vetting_level_id=vetting.id,
        protect_vetting_granted=GRANTED,
        **values,
    )


class ProtectCommon(TransactionCase):
    """The test users, one per role and vetting level, and small builders.

    Users (created once, as superuser; the tests act as them):

    - ``portal`` (portal, no vetting) and ``internal`` (employee outside
      Protect, SC);
    - ``liaison`` (NPPV1: OFFICIAL only);
    - ``officer`` and ``officer_2`` (SC: up to SECRET), ``officer_mv`` (MV: up
      to OFFICIAL-SENSITIVE);
    - ``manager`` (SC), ``manager_mv`` (MV);
    - Protect administrators ``admin`` (SC), ``admin_mv`` (MV) and
      ``admin_nppv1`` (NPPV1).

    Every Protect role may export. ``users_by_role`` maps the role names of the
    access matrix to a user of that role.
    """

    # Test users need no invitation e-mail.
    user_context = {"no_reset_password": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref

        # Seeded configuration
        cls.level_sc = ref("protect_engagement.protect_vetting_level_sc")
        cls.level_mv = ref("protect_engagement.protect_vetting_level_mv")
        cls.level_nppv1 = ref("protect_engagement.protect_vetting_level_nppv1")
        cls.sector_industry = ref("protect_engagement.protect_sector_industry")
        cls.sector_finance = ref("protect_engagement.protect_sector_finance")
        cls.sector_voluntary = ref("protect_engagement.protect_sector_voluntary")
        cls.area_derbyshire = ref("protect_engagement.protect_force_area_derbyshire")
        cls.area_leicestershire = ref(
            "protect_engagement.protect_force_area_leicestershire"
        )
        cls.area_lincolnshire = ref(
            "protect_engagement.protect_force_area_lincolnshire"
        )
        cls.area_regional = ref("protect_engagement.protect_force_area_regional")
        cls.area_outside = ref("protect_engagement.protect_force_area_outside")
        cls.type_partner_meeting = ref(
            "protect_engagement.protect_engagement_type_partner_meeting"
        )
        cls.type_panel_meeting = ref(
            "protect_engagement.protect_engagement_type_panel_meeting"
        )
        cls.type_workshop = ref("protect_engagement.protect_engagement_type_workshop")
        cls.cat_seminar = ref("protect_engagement.protect_cpd_category_seminar")

        # Users, one per role and vetting level
        user = cls._user
        officer, manager = "group_officer", "group_manager"
        cls.portal = user("protect_portal", "Pat Portal", "base.group_portal")
        cls.internal = user(
            "protect_internal", "Ivy Internal", "base.group_user", cls.level_sc
        )
        cls.liaison = user(
            LIAISON_LOGIN, "Lee Liaison", "group_liaison", cls.level_nppv1
        )
        cls.officer = user(OFFICER_LOGIN, "Olivia Officer", officer, cls.level_sc)
        cls.officer_2 = user(OFFICER_2_LOGIN, "Owen Officer", officer, cls.level_sc)
        cls.officer_mv = user(
            "protect_officer_mv", "Olga Officer", officer, cls.level_mv
        )
        cls.manager = user(MANAGER_LOGIN, "Morgan Manager", manager, cls.level_sc)
        cls.manager_mv = user(
            "protect_manager_mv", "Milo Manager", manager, cls.level_mv
        )
        cls.admin = user(ADMIN_LOGIN, "Ada Administrator", "group_admin", cls.level_sc)
        cls.admin_mv = user(
            "protect_admin_mv", "Abel Administrator", "group_admin", cls.level_mv
        )
        cls.admin_nppv1 = user(
            "protect_admin_nppv1", "Alex Administrator", "group_admin", cls.level_nppv1
        )
        cls.users_by_role = {
            "portal": cls.portal,
            "internal": cls.internal,
            "liaison": cls.liaison,
            "officer": cls.officer,
            "manager": cls.manager,
            "admin": cls.admin,
        }

    # ------------------------------------------------------------------ builders

    @classmethod
    def _user(cls, login, name, groups, level=None, **values):
        """A user at ``level`` (none if not given); ``groups`` named without
        the module prefix are Protect roles, who may also export."""
        if groups.startswith("group_"):
            groups = f"protect_engagement.{groups},{EXPORT}"
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            email=f"{login}@emsou.example.com",
            groups=groups,
            context=cls.user_context,
            protect_vetting_level_id=level.id if level else False,
            protect_vetting_granted=GRANTED if level else False,
            **values,
        )

    @classmethod
    def _stakeholder(cls, name, sensitivity="official", **values):
        """A stakeholder organisation (finance, Lincolnshire by default)."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sensitivity": sensitivity,
                "protect_sector_id": cls.sector_finance.id,
                "protect_force_area_id": cls.area_lincolnshire.id,
                **values,
            }
        )

    @classmethod
    def _contact(cls, name, organisation, **values):
        """A person working for ``organisation``."""
        return cls.env["res.partner"].create(
            {"name": name, "parent_id": organisation.id, **values}
        )

    @classmethod
    def _engagement(
        cls, name, sensitivity="official", partners=None, user=None, **values
    ):
        """A partner meeting on 5 January 2026 held by ``user`` (the officer)."""
        return cls.env["protect.engagement"].create(
            {
                "name": name,
                "engagement_type_id": cls.type_partner_meeting.id,
                "date_start": "2026-01-05 10:00:00",
                "sensitivity": sensitivity,
                "partner_ids": [Command.set(partners.ids)] if partners else [],
                "user_id": (user or cls.officer).id,
                **values,
            }
        )

    @classmethod
    def _panel(cls, name, **values):
        return cls.env["protect.panel"].create({"name": name, **values})

    @classmethod
    def _membership(cls, panel, partner, date_start="2020-01-01", **values):
        return cls.env["protect.panel.membership"].create(
            {
                "panel_id": panel.id,
                "partner_id": partner.id,
                "date_start": date_start,
                **values,
            }
        )

    @classmethod
    def _panel_meeting(cls, name, sensitivity="official", user=None):
        """A panel with one stakeholder member, and a done meeting of it."""
        panel = cls._panel(name, sensitivity=sensitivity)
        membership = cls._membership(panel, cls._stakeholder(f"{name} member"))
        meeting = cls._engagement(
            f"{name} meeting",
            sensitivity=sensitivity,
            user=user,
            engagement_type_id=cls.type_panel_meeting.id,
            panel_id=panel.id,
        )
        return meeting, membership

    @classmethod
    def _cpd_event(cls, name, day, hours=3.0, length=4.0, **values):
        """A CPD seminar on ``day``, from 09:00 UTC for ``length`` hours,
        organised by the manager."""
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

    # ------------------------------------------------------------------ checks

    @contextmanager
    def assert_refused(self, label):
        """The block raises a ValidationError whose message starts with the field
        ``label`` ("End: ..."). The block runs in a savepoint rolled back on the
        error, as a web request is; pending writes are flushed inside it."""
        with self.assertRaises(ValidationError) as caught:
            yield caught
            self.env.flush_all()
        self.assertRegex(str(caught.exception), rf"^{re.escape(label)}:")

    @staticmethod
    def days_ago(days, hour=10):
        """A datetime ``days`` before now (negative: in the future), at ``hour``
        o'clock UTC so that it never straddles midnight."""
        moment = fields.Datetime.now() - timedelta(days=days)
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class ProtectCase(ProtectCommon):
    """The common users and a small stakeholder register.

    - ``organisation`` (Derbyshire, finance) employs ``person``;
    - ``other_organisation`` (Leicestershire, voluntary sector) employs
      ``other_person`` and ``future_member``;
    - ``panel`` has four memberships: ``membership_person`` and
      ``membership_officer`` sit today, ``membership_ended`` ended 60 days ago
      and ``membership_future`` starts in 30 days.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        # Stakeholder register
        cls.organisation = cls._stakeholder(
            "Peak Mutual Building Society (test)",
            protect_force_area_id=cls.area_derbyshire.id,
            protect_owner_id=cls.officer.id,
            email="fraud.team@peakmutual.example.com",
        )
        cls.person = cls._contact(
            "Priya Shah (test)",
            cls.organisation,
            email="priya.shah@peakmutual.example.com",
        )
        cls.other_organisation = cls._stakeholder(
            "Soar Valley Older People's Trust (test)",
            protect_sector_id=cls.sector_voluntary.id,
            protect_force_area_id=cls.area_leicestershire.id,
            email="hello@soarvalley.example.org",
        )
        cls.other_person = cls._contact(
            "Tom Ellis (test)",
            cls.other_organisation,
            email="tom.ellis@soarvalley.example.org",
        )
        cls.future_member = cls._contact(
            "Grace Okafor (test)",
            cls.other_organisation,
            email="grace.okafor@soarvalley.example.org",
        )

        # A panel and its members
        cls.panel = cls._panel(
            "East Midlands Fraud Forum (test)",
            panel_type="forum",
            scope="regional",
            force_area_id=cls.area_regional.id,
            user_id=cls.officer.id,
        )
        today = fields.Date.today()
        year_ago = today - timedelta(days=365)
        cls.membership_person = cls._membership(
            cls.panel, cls.person, year_ago, role="core"
        )
        cls.membership_officer = cls._membership(
            cls.panel, cls.officer.partner_id, year_ago, role="secretariat"
        )
        cls.membership_ended = cls._membership(
            cls.panel,
            cls.other_person,
            year_ago,
            role="observer",
            date_end=today - timedelta(days=60),
        )
        cls.membership_future = cls._membership(
            cls.panel, cls.future_member, today + timedelta(days=30), role="competent"
        )

    # ------------------------------------------------------------------ helpers

    def engagement_values(self, **values):
        """Values of a partner meeting held three days ago with ``person``."""
        return {
            "name": "Fraud awareness catch-up",
            "engagement_type_id": self.type_partner_meeting.id,
            "date_start": self.days_ago(3),
            "partner_ids": [Command.set(self.person.ids)],
            "force_area_id": self.area_derbyshire.id,
            **values,
        }

    def create_engagement(self, user=None, **values):
        """Create an engagement as ``user`` (the officer by default)."""
        engagement_model = self.env["protect.engagement"].with_user(
            user or self.officer
        )
        return engagement_model.create(self.engagement_values(**values))

    def create_panel_meeting(self, user=None, **values):
        """Create a meeting of ``panel``, held a week ago, as ``user``."""
        values = {
            "name": "Fraud forum",
            "engagement_type_id": self.type_panel_meeting.id,
            "panel_id": self.panel.id,
            "date_start": self.days_ago(7),
            "partner_ids": [Command.clear()],
            "force_area_id": self.area_regional.id,
            **values,
        }
        return self.create_engagement(user=user, **values)

    def engagement_figures(self, partner, user=None):
        """(count, last date) of ``partner`` as ``user`` (the officer) reads them."""
        partner = partner.with_user(user or self.officer)
        partner.invalidate_recordset(
            ["protect_engagement_count", "protect_last_engagement_date"]
        )
        return partner.protect_engagement_count, partner.protect_last_engagement_date
