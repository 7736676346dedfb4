from odoo.tests import TransactionCase, new_test_user


class ProtectAccessCase(TransactionCase):
    """Users of every role, at known vetting, and builders for marked records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.level_sc = ref("protect_engagement.protect_vetting_level_sc")
        cls.level_mv = ref("protect_engagement.protect_vetting_level_mv")
        cls.level_nppv1 = ref("protect_engagement.protect_vetting_level_nppv1")
        cls.meeting_type = ref(
            "protect_engagement.protect_engagement_type_partner_meeting"
        )
        cls.panel_meeting_type = ref(
            "protect_engagement.protect_engagement_type_panel_meeting"
        )
        cls.area = ref("protect_engagement.protect_force_area_lincolnshire")
        cls.sector = ref("protect_engagement.protect_sector_finance")

        def user(login, groups, level=None):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                protect_vetting_level_id=level.id if level else False,
                protect_vetting_granted="2024-01-01" if level else False,
            )

        cls.portal = user("acc_portal", "base.group_portal")
        cls.internal = user("acc_internal", "base.group_user", cls.level_sc)
        cls.liaison = user(
            "acc_liaison",
            "protect_engagement.group_liaison,base.group_allow_export",
            cls.level_nppv1,
        )
        cls.officer = user(
            "acc_officer", "protect_engagement.group_officer", cls.level_sc
        )
        cls.officer_mv = user(
            "acc_officer_mv", "protect_engagement.group_officer", cls.level_mv
        )
        cls.manager = user(
            "acc_manager", "protect_engagement.group_manager", cls.level_sc
        )
        cls.admin = user("acc_admin", "protect_engagement.group_admin", cls.level_nppv1)
        cls.users_by_role = {
            "portal": cls.portal,
            "internal": cls.internal,
            "liaison": cls.liaison,
            "officer": cls.officer,
            "manager": cls.manager,
            "admin": cls.admin,
        }

    @classmethod
    def _stakeholder(cls, name, sensitivity="official", **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sensitivity": sensitivity,
                "protect_sector_id": cls.sector.id,
                "protect_force_area_id": cls.area.id,
                **values,
            }
        )

    @classmethod
    def _engagement(
        cls, name, sensitivity="official", partners=None, user=None, **values
    ):
        return cls.env["protect.engagement"].create(
            {
                "name": name,
                "engagement_type_id": cls.meeting_type.id,
                "date_start": "2026-01-05 10:00:00",
                "sensitivity": sensitivity,
                "partner_ids": [(6, 0, partners.ids)] if partners else [],
                "user_id": (user or cls.officer).id,
                **values,
            }
        )

    @classmethod
    def _panel_meeting(cls, name, sensitivity="official", user=None):
        """A panel with one stakeholder member, and a done meeting of it."""
        panel = cls.env["protect.panel"].create(
            {"name": name, "sensitivity": sensitivity}
        )
        membership = cls.env["protect.panel.membership"].create(
            {
                "panel_id": panel.id,
                "partner_id": cls._stakeholder(f"{name} member").id,
                "date_start": "2020-01-01",
            }
        )
        meeting = cls._engagement(
            f"{name} meeting",
            sensitivity=sensitivity,
            user=user,
            engagement_type_id=cls.panel_meeting_type.id,
            panel_id=panel.id,
        )
        return meeting, membership
