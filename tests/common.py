import re
from contextlib import contextmanager
from datetime import timedelta

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


class ProtectCase(TransactionCase):
    """Users at each Protect role and a small stakeholder register.

    Everything here is created once, as superuser; the tests act as the users.

    - ``organisation`` (Derbyshire, finance) employs ``person``;
    - ``other_organisation`` (Leicestershire, voluntary sector) employs
      ``other_person`` and ``future_member``;
    - ``panel`` has four memberships: ``membership_person`` and
      ``membership_officer`` sit today, ``membership_ended`` ended 60 days ago
      and ``membership_future`` starts in 30 days.
    """

    # Test users need no invitation e-mail.
    user_context = {"no_reset_password": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref

        # Seeded configuration
        cls.level_sc = ref("protect_engagement.protect_vetting_level_sc")
        cls.level_nppv1 = ref("protect_engagement.protect_vetting_level_nppv1")
        cls.sector_industry = ref("protect_engagement.protect_sector_industry")
        cls.sector_finance = ref("protect_engagement.protect_sector_finance")
        cls.sector_voluntary = ref("protect_engagement.protect_sector_voluntary")
        cls.area_derbyshire = ref("protect_engagement.protect_force_area_derbyshire")
        cls.area_leicestershire = ref(
            "protect_engagement.protect_force_area_leicestershire"
        )
        cls.area_regional = ref("protect_engagement.protect_force_area_regional")
        cls.type_partner_meeting = ref(
            "protect_engagement.protect_engagement_type_partner_meeting"
        )
        cls.type_panel_meeting = ref(
            "protect_engagement.protect_engagement_type_panel_meeting"
        )
        cls.type_workshop = ref("protect_engagement.protect_engagement_type_workshop")

        # Users, one per role
        cls.officer = new_test_user(
            cls.env,
            login=OFFICER_LOGIN,
            groups="protect_engagement.group_officer",
            name="Olivia Officer",
            email="olivia.officer@emsou.example.com",
            context=cls.user_context,
            protect_vetting_level_id=cls.level_sc.id,
        )
        cls.officer_2 = new_test_user(
            cls.env,
            login=OFFICER_2_LOGIN,
            groups="protect_engagement.group_officer",
            name="Owen Officer",
            email="owen.officer@emsou.example.com",
            context=cls.user_context,
            protect_vetting_level_id=cls.level_sc.id,
        )
        cls.manager = new_test_user(
            cls.env,
            login=MANAGER_LOGIN,
            groups="protect_engagement.group_manager",
            name="Morgan Manager",
            email="morgan.manager@emsou.example.com",
            context=cls.user_context,
            protect_vetting_level_id=cls.level_sc.id,
        )
        cls.liaison = new_test_user(
            cls.env,
            login=LIAISON_LOGIN,
            groups="protect_engagement.group_liaison",
            name="Lee Liaison",
            email="lee.liaison@force.example.com",
            context=cls.user_context,
            protect_vetting_level_id=cls.level_nppv1.id,
        )
        cls.admin_protect = new_test_user(
            cls.env,
            login=ADMIN_LOGIN,
            groups="protect_engagement.group_admin",
            name="Ada Administrator",
            email="ada.admin@emsou.example.com",
            context=cls.user_context,
            protect_vetting_level_id=cls.level_sc.id,
        )

        # Stakeholder register
        partner_model = cls.env["res.partner"]
        cls.organisation = partner_model.create(
            {
                "name": "Peak Mutual Building Society (test)",
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sector_id": cls.sector_finance.id,
                "protect_force_area_id": cls.area_derbyshire.id,
                "protect_owner_id": cls.officer.id,
                "email": "fraud.team@peakmutual.example.com",
            }
        )
        cls.person = partner_model.create(
            {
                "name": "Priya Shah (test)",
                "parent_id": cls.organisation.id,
                "email": "priya.shah@peakmutual.example.com",
            }
        )
        cls.other_organisation = partner_model.create(
            {
                "name": "Soar Valley Older People's Trust (test)",
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sector_id": cls.sector_voluntary.id,
                "protect_force_area_id": cls.area_leicestershire.id,
                "email": "hello@soarvalley.example.org",
            }
        )
        cls.other_person = partner_model.create(
            {
                "name": "Tom Ellis (test)",
                "parent_id": cls.other_organisation.id,
                "email": "tom.ellis@soarvalley.example.org",
            }
        )
        cls.future_member = partner_model.create(
            {
                "name": "Grace Okafor (test)",
                "parent_id": cls.other_organisation.id,
                "email": "grace.okafor@soarvalley.example.org",
            }
        )

        # A panel and its members
        cls.panel = cls.env["protect.panel"].create(
            {
                "name": "East Midlands Fraud Forum (test)",
                "panel_type": "forum",
                "scope": "regional",
                "force_area_id": cls.area_regional.id,
                "user_id": cls.officer.id,
            }
        )
        today = fields.Date.today()
        membership_model = cls.env["protect.panel.membership"]
        cls.membership_person = membership_model.create(
            {
                "panel_id": cls.panel.id,
                "partner_id": cls.person.id,
                "role": "core",
                "date_start": today - timedelta(days=365),
            }
        )
        cls.membership_officer = membership_model.create(
            {
                "panel_id": cls.panel.id,
                "partner_id": cls.officer.partner_id.id,
                "role": "secretariat",
                "date_start": today - timedelta(days=365),
            }
        )
        cls.membership_ended = membership_model.create(
            {
                "panel_id": cls.panel.id,
                "partner_id": cls.other_person.id,
                "role": "observer",
                "date_start": today - timedelta(days=365),
                "date_end": today - timedelta(days=60),
            }
        )
        cls.membership_future = membership_model.create(
            {
                "panel_id": cls.panel.id,
                "partner_id": cls.future_member.id,
                "role": "competent",
                "date_start": today + timedelta(days=30),
            }
        )

    # ------------------------------------------------------------------ helpers

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
