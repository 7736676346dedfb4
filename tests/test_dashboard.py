"""The manager's dashboard: a board of the addon's own views, each block
reading as the manager; only managers have its menu."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ProtectCommon

DASHBOARD = "protect_engagement.protect_manager_dashboard_view"


@tagged("post_install", "-at_install")
class TestDashboard(ProtectCommon):
    def blocks(self, user):
        """(action record, domain, context) of each block the dashboard shows
        ``user``."""
        view = self.env.ref(DASHBOARD)
        arch = self.env["board.board"].with_user(user).get_view(view.id)["arch"]
        blocks = []
        for node in etree.fromstring(arch).iter("action"):
            action = self.env["ir.actions.act_window"].browse(int(node.get("name")))
            blocks.append(
                (
                    action,
                    safe_eval(node.get("domain") or "[]"),
                    safe_eval(node.get("context") or "{}"),
                )
            )
        return blocks

    def search_filters(self, model):
        arch = self.env[model].get_view(view_type="search")["arch"]
        return {node.get("name") for node in etree.fromstring(arch).iter("filter")}

    def test_dashboard_has_its_six_blocks(self):
        models = [action.res_model for action, _d, _c in self.blocks(self.manager)]
        self.assertEqual(
            sorted(models),
            sorted(
                [
                    "protect.plan.objective",
                    "protect.coverage.line",
                    "protect.engagement",
                    "protect.campaign",
                    "protect.review",
                    "protect.performance.return",
                ]
            ),
        )

    def test_every_block_reads_as_the_manager(self):
        for action, domain, _context in self.blocks(self.manager):
            with self.subTest(model=action.res_model):
                self.env[action.res_model].with_user(self.manager).search(domain)

    def test_every_default_filter_of_a_block_exists(self):
        """A block's default filters name filters of its search view: a
        renamed filter would silently widen the block."""
        for action, _domain, context in self.blocks(self.manager):
            wanted = {
                key.removeprefix("search_default_")
                for key in context
                if key.startswith("search_default_")
            }
            with self.subTest(model=action.res_model):
                self.assertLessEqual(wanted, self.search_filters(action.res_model))

    def test_every_grouping_of_a_block_is_a_field(self):
        for action, _domain, context in self.blocks(self.manager):
            model = self.env[action.res_model]
            names = [
                spec.split(":")[0]
                for key in (
                    "graph_groupbys",
                    "pivot_row_groupby",
                    "pivot_column_groupby",
                )
                for spec in context.get(key, [])
            ] + context.get("pivot_measures", [])
            with self.subTest(model=action.res_model):
                self.assertLessEqual(set(names), set(model._fields))

    def test_live_campaigns_block_leaves_out_what_vetting_hides(self):
        campaign = self.env["protect.campaign"].create(
            {
                "name": "Secret live campaign",
                "scope": "regional",
                "date_start": "2026-01-01",
                "sensitivity": "secret",
                "state": "live",
            }
        )
        [(action, domain, _c)] = [
            block
            for block in self.blocks(self.manager)
            if block[0].res_model == "protect.campaign"
        ]
        shown = self.env[action.res_model].with_user(self.manager_mv).search(domain)
        self.assertNotIn(campaign, shown)
        shown = self.env[action.res_model].with_user(self.manager).search(domain)
        self.assertIn(campaign, shown)

    def test_only_managers_have_the_dashboard_menu(self):
        menu = self.env.ref("protect_engagement.protect_manager_dashboard_menu")
        menus = self.env["ir.ui.menu"]
        self.assertIn(menu.id, menus.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, menus.with_user(self.officer)._visible_menu_ids())
        self.assertNotIn(menu.id, menus.with_user(self.liaison)._visible_menu_ids())
