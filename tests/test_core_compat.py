"""Odoo's own apps keep working for users outside the Protect groups.

The addon extends events, record rules and users that the rest of the
organisation keeps using; these tests hold the places where it once broke them.
"""

from unittest.mock import patch

from odoo import Command
from odoo.fields import Domain
from odoo.tests import TransactionCase, new_test_user, tagged, users, warmup
from odoo.tools.safe_eval import safe_eval

from .common import ProtectCommon


@tagged("post_install", "-at_install")
class TestCoreCompat(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event_manager = new_test_user(
            cls.env,
            login="compat_event_manager",
            groups="base.group_user,event.group_event_manager",
        )
        cls.employee = new_test_user(
            cls.env, login="compat_employee", groups="base.group_user"
        )

    def _event_values(self, name):
        return {
            "name": name,
            "date_begin": "2026-03-02 09:00:00",
            "date_end": "2026-03-02 12:00:00",
        }

    # ------------------------------------------------------------------ events

    def test_event_manager_outside_protect_creates_event(self):
        event = (
            self.env["event.event"]
            .with_user(self.event_manager)
            .create(self._event_values("Fire safety open day"))
        )
        self.assertEqual(event.name, "Fire safety open day")

    def test_liaison_event_gets_awareness_engagement_type(self):
        self.liaison.write(
            {"group_ids": [Command.link(self.ref("event.group_event_user"))]}
        )
        event = (
            self.env["event.event"]
            .with_user(self.liaison)
            .create(self._event_values("Protect awareness briefing"))
        )
        self.assertEqual(
            event.sudo().protect_engagement_type_id,
            self.env.ref("protect_engagement.protect_engagement_type_awareness_event"),
        )

    # ------------------------------------------------------------------ mail

    def test_employee_notifies_email_address_without_partner(self):
        # Odoo's mass mailing (event attendees, for one) notifies bare e-mail
        # addresses: a notification with no partner names no stakeholder.
        message = self.env["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": self.employee.partner_id.id,
                "body": "Doors open at nine.",
                "message_type": "comment",
            }
        )
        notification = (
            self.env["mail.notification"]
            .with_user(self.employee)
            .create(
                {
                    "mail_message_id": message.id,
                    "notification_type": "email",
                    "mail_email_address": "visitor@example.com",
                }
            )
        )
        self.assertEqual(notification.mail_email_address, "visitor@example.com")

    # ------------------------------------------------------------------ queries

    @warmup
    @users("compat_employee")
    def test_employee_rule_domain_costs_no_query(self):
        # The rule cache key and the evaluation context read "today" on the UK
        # clock, never from the user's partner: with warm caches, no query.
        rules = self.env["ir.rule"]
        with self.assertQueryCount(compat_employee=0):
            for model in ("res.partner", "mail.followers", "calendar.event"):
                rules._compute_domain(model, "read")

    # ------------------------------------------------------------------ rules

    def test_protect_rules_hide_everything_without_addon_code(self):
        # A dependency's at-install tests can run before the addon's Python is
        # loaded: no `protect_sensitivities` in the evaluation context and no
        # Protect model in the registry. Every Protect rule then hides all.
        rules = self.env["ir.rule"].search(
            [("domain_force", "ilike", "protect_sensitivities")]
        )
        rule_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "protect_engagement"), ("model", "=", "ir.rule")])
            .mapped("res_id")
        )
        self.assertTrue(rules)
        self.assertFalse(set(rules.ids) - set(rule_ids))
        context = self.env["ir.rule"].with_user(self.employee)._eval_context()
        del context["protect_sensitivities"]
        models = dict(self.registry.models)
        models.pop("protect.sensitivity.mixin")
        with patch.object(self.registry, "models", models):
            for rule in rules:
                with self.subTest(rule=rule.name):
                    domain = safe_eval(rule.domain_force, dict(context))
                    self.assertTrue(Domain(domain).is_false())

    def test_protect_rules_unchanged_with_addon_code(self):
        # With the addon loaded, a rule still compares with the clearance.
        rule = self.env.ref("protect_engagement.protect_engagement_rule_vetting")
        context = {**self.env["ir.rule"]._eval_context(), "protect_sensitivities": []}
        domain = Domain(safe_eval(rule.domain_force, context))
        self.assertEqual(domain, Domain("sensitivity", "in", []))


@tagged("post_install", "-at_install")
class TestCoreCompatMenu(TransactionCase):
    """Odoo's mail measure (TestMenuRootLookupByModel) on the addon's database:
    an ordinary employee finding the menu root of a model costs the two
    queries Odoo needs (visible menus, their actions), none for the addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        menus = cls.env["ir.ui.menu"]
        menus.search([]).unlink()
        cls.root = menus.create({"name": "Settings"})
        action = cls.env["ir.actions.act_window"].create(
            {
                "name": "Companies",
                "res_model": "res.company",
                "path": "compat-companies",
                "view_mode": "list,form",
            }
        )
        menus.create(
            {
                "name": "Companies",
                "parent_id": cls.root.id,
                "action": f"ir.actions.act_window,{action.id}",
            }
        )
        new_test_user(cls.env, login="compat_menu_employee", groups="base.group_user")

    @warmup
    @users("compat_menu_employee")
    def test_employee_menu_root_lookup_costs_odoo_queries_only(self):
        model = self.env["res.company"]
        with (
            patch.object(type(model), "_get_backend_root_menu_ids", return_value=[]),
            self.assertQueryCount(compat_menu_employee=2),
        ):
            menu_root = self.env["ir.ui.menu"]._get_best_backend_root_menu_id_for_model(
                "res.company"
            )
        self.assertEqual(menu_root, self.root.id)
