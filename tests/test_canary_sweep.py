"""The canary sweep: no record above a viewer's clearance shows on any path.

Canaries (see ``CanaryCase``) carry a unique token in every text field. Each
viewer walks every model the addon defines or extends, found in the registry,
through every path a client has, and the token, or a hidden canary's id where
a record is named, must show nowhere. A test lists every leak it finds.
"""

import logging

from odoo.tests import tagged

from .canary_common import (
    TOKEN,
    CanaryCase,
    CanaryChecker,
    CanarySweep,
    plantable,
)

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "protect_access")
class TestCanarySweep(CanaryCase):
    def assert_no_leak(self, viewer):
        checker = self.sweep(self.viewers[viewer])
        slowest = sorted(checker.timings.items(), key=lambda t: -t[1])[:8]
        _logger.info("canary sweep as %s, slowest: %s", viewer, slowest)
        for model, path, error in checker.crashes:
            _logger.info(
                "canary sweep as %s: %s %s crashed: %s", viewer, model, path, error
            )
        if checker.findings:
            self.fail(f"{len(checker.findings)} leaks to {viewer}:\n{checker.report()}")

    def test_liaison_meets_no_canary(self):
        self.assert_no_leak("liaison")

    def test_mv_officer_meets_no_canary(self):
        self.assert_no_leak("mv_officer")

    def test_mv_admin_meets_no_secret_canary(self):
        self.assert_no_leak("mv_admin")

    def test_internal_user_outside_protect_meets_no_canary(self):
        self.assert_no_leak("internal")

    def test_portal_user_meets_no_canary(self):
        self.assert_no_leak("portal")

    # ------------------------------------------------------------ controls

    def test_sweep_discovers_the_addon_models_from_the_registry(self):
        expected = {
            "protect.engagement",
            "protect.panel",
            "protect.panel.membership",
            "protect.cpd.record",
            "res.partner",
            "calendar.event",
            "event.registration",
        }
        self.assertLessEqual(expected, set(self.addon_models))
        self.assertNotIn("protect.sensitivity.mixin", self.addon_models)

    def test_every_marked_model_has_a_canary(self):
        """A new model carrying a marking is planted without being listed."""
        self.assertEqual(self.uncanaried, [])
        planted = {record._name for record, _fields in self.planted}
        for name in (
            "protect.delivery.plan",
            "protect.plan.objective",
            "protect.plan.measure",
            "protect.plan.measure.entry",
            "protect.campaign",
            "protect.campaign.reach",
            "protect.review",
            "protect.plan.progress",
        ):
            self.assertIn(name, planted)

    def test_open_meeting_links_the_hidden_objective(self):
        """The OFFICIAL meeting points at the SECRET objective, so the sweep
        looks for its id through it (a SECRET campaign it cannot point at: an
        engagement is marked at least as high as its campaign)."""
        engagement = self.open_engagement
        self.assertEqual(engagement.objective_ids.sensitivity, "secret")
        self.assertFalse(engagement.campaign_id)

    def test_every_canary_has_the_token_in_its_text(self):
        for record, planted in self.planted:
            names = [n for n, f in record._fields.items() if plantable(f)]
            if not names:
                continue  # e.g. an attendance line: nothing to write in
            with self.subTest(record=repr(record)):
                self.assertIn("name" if "name" in names else names[0], planted)

    def test_sc_admin_sees_every_canary(self):
        for model, ids in {**self.canary_ids, **self.cpd_ids}.items():
            with self.subTest(model=model):
                found = (
                    self.env[model]
                    .with_user(self.sc_admin)
                    .with_context(active_test=False)
                    .search([("id", "in", sorted(ids))])
                )
                missing = self.env[model].browse(sorted(ids - set(found.ids)))
                self.assertFalse(missing, [(m, m.display_name) for m in missing])

    def test_sweep_reaches_the_canaries_as_sc_admin(self):
        """Swept by someone who may see them, the canaries show on the paths:
        the sweep really reaches them (here they count as hidden, so every
        path that meets them is reported)."""
        hidden = {model: set(ids) for model, ids in self.canary_ids.items()}
        sweep = CanarySweep(self, self.sc_admin, [TOKEN], hidden)
        sweep.sweep_model("protect.engagement")
        sweep.sweep_message_fetch()
        sweep.sweep_reports()
        sweep.sweep_exports()
        found = {path for _model, path, _message in sweep.checker.findings}
        for path in (
            "search_read",
            "web_read",
            "name_search(token)",
            "export_data",
            "message_fetch",
            "report protect_engagement.report_engagement_brief",
            "report protect_engagement.report_stakeholder_map",
            "export xlsx",
            "export csv",
            "export graphml",
            "export gexf",
            "export json",
        ):
            self.assertIn(path, found)


@tagged("post_install", "-at_install", "protect_access")
class TestCanaryChecker(CanaryCase):
    """The checker itself reports what it is meant to report."""

    def test_checker_reports_token_in_any_case(self):
        checker = CanaryChecker([TOKEN], {})
        checker.scan_text("x", "path", {"a": [f"so {TOKEN.lower()} here"]})
        self.assertEqual(len(checker.findings), 1)

    def test_checker_reports_hidden_id_in_a_many2one(self):
        checker = CanaryChecker([TOKEN], {"res.partner": {42}})
        info = {"partner_id": {"type": "many2one", "relation": "res.partner"}}
        checker.scan_rows(
            "m", "search_read", [{"id": 1, "partner_id": (42, "R")}], info
        )
        self.assertEqual(len(checker.findings), 1)

    def test_checker_reports_hidden_ids_in_x2many_and_res_id(self):
        checker = CanaryChecker([TOKEN], {"res.partner": {42}, "protect.panel": {7}})
        info = {"partner_ids": {"type": "many2many", "relation": "res.partner"}}
        rows = [
            {"id": 1, "partner_ids": [{"id": 42, "display_name": "x"}]},
            {"id": 2, "res_model": "protect.panel", "res_id": 7},
        ]
        checker.scan_rows("m", "web_read", rows, info)
        self.assertEqual(len(checker.findings), 2)

    def test_sweep_reports_token_planted_in_an_official_record(self):
        self.open_engagement.key_learning = f"<p>copied {TOKEN} by mistake</p>"
        checker = self.sweep(self.viewers["liaison"], models=["protect.engagement"])
        paths = {
            path
            for model, path, message in checker.findings
            if model == "protect.engagement" and TOKEN.lower() in message
        }
        self.assertLessEqual(
            {"search_read", "web_read", "search_count key_learning ilike token"}, paths
        )
