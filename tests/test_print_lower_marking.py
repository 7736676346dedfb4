"""Printing at a lower marking: a SECRET-cleared manager prints a version for
someone cleared lower. Every record above the chosen marking is left out, as if
the user were cleared only to it, on every path the report reads (record rules,
their cached domains, the guarded reads past the rules), and the PDF is stamped
at the chosen marking. The cap comes in a context or the report's data, both of
which any client may send: it only ever lowers a clearance.

See models/res_users.py (``protect_print_cap``), models/ir_rule.py and
models/ir_actions_report.py.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.res_users import PRINT_MARKING_KEY
from .report_common import ProtectReportCase
from .test_pdf_marking import BRIEF, COVERAGE, STAKEHOLDER_MAP, PdfStampCase

HIDDEN = "Hidden Harbour"
SENSITIVE_CAVEAT = "Share only with those who need to know"


@tagged("post_install", "-at_install")
class TestPrintLowerMarking(PdfStampCase, ProtectReportCase):
    def capped(self, user, marking):
        """``user`` as their own environment's user, printing at ``marking``."""
        return user.with_user(user).with_context(**{PRINT_MARKING_KEY: marking})

    def engagements_seen(self, user, marking=None, records=None):
        """Which of ``records`` (the two SECRET meetings and the bank briefing)
        ``user`` finds, printing at ``marking`` (None: no cap)."""
        records = records or (self.e_secret | self.e_bank_secret | self.e_bank)
        model = self.env["protect.engagement"].with_user(user)
        if marking is not None:
            model = model.with_context(**{PRINT_MARKING_KEY: marking})
        return model.search([("id", "in", records.ids)])

    def text(self, content):
        return " ".join(line for page in self._pages(content) for line in page)

    def map_data(self, marking):
        return dict(self.filters_data(), **{PRINT_MARKING_KEY: marking})

    def brief_wizard(self, user, engagements, **values):
        return (
            self.env["protect.print.brief.wizard"]
            .with_user(user)
            .with_context(active_model="protect.engagement", active_ids=engagements.ids)
            .create(values)
        )

    # ------------------------------------------------------------------ clearance

    def test_cap_lowers_clearance_to_chosen_marking(self):
        cleared = self.capped(self.manager, "official_sensitive")
        self.assertEqual(
            cleared._protect_cleared_sensitivities(),
            ["official", "official_sensitive"],
        )

    def test_client_sent_higher_marking_does_not_raise_clearance(self):
        cleared = self.capped(self.officer_mv, "secret")
        self.assertEqual(
            cleared._protect_cleared_sensitivities(),
            ["official", "official_sensitive"],
        )

    def test_unknown_marking_in_context_clears_nothing(self):
        for value in ("top_secret", ["secret"], {"secret": 1}, ""):
            with self.subTest(value=value):
                cleared = self.capped(self.manager, value)
                self.assertEqual(cleared._protect_cleared_sensitivities(), [])

    def test_cap_of_printing_user_leaves_other_users_clearance_alone(self):
        # Checking a recipient's clearance during a print is about them.
        other = self.officer.with_user(self.manager).with_context(
            **{PRINT_MARKING_KEY: "official"}
        )
        self.assertIn("secret", other._protect_cleared_sensitivities())

    # ------------------------------------------------------------------ rules

    def test_capped_search_hides_secret_engagements(self):
        self.assertEqual(
            self.engagements_seen(self.manager, "official_sensitive"), self.e_bank
        )

    def test_client_sent_higher_marking_does_not_widen_search(self):
        self.assertEqual(self.engagements_seen(self.officer_mv, "secret"), self.e_bank)

    def test_capped_and_uncapped_searches_do_not_share_cached_rules(self):
        everything = self.e_secret | self.e_bank_secret | self.e_bank
        self.assertEqual(self.engagements_seen(self.manager), everything)
        self.assertEqual(self.engagements_seen(self.manager, "official"), self.e_bank)
        self.assertEqual(self.engagements_seen(self.manager), everything)

    def test_capped_vetting_domain_is_not_the_cached_uncapped_one(self):
        rules = self.env["ir.rule"].with_user(self.manager)
        full = rules._protect_vetting_domain("protect.engagement")
        capped = rules.with_context(
            **{PRINT_MARKING_KEY: "official"}
        )._protect_vetting_domain("protect.engagement")
        self.assertNotEqual(capped, full)

    def test_capped_guarded_read_names_secret_stakeholder_restricted(self):
        partner = self.hidden_bank.with_user(self.manager).with_context(
            **{PRINT_MARKING_KEY: "official_sensitive"}
        )
        self.assertEqual(partner._protect_restricted(), partner)

    def test_capped_read_past_rules_hides_secret_stakeholder(self):
        engagement = self.e_mixed.with_user(self.manager).with_context(
            **{PRINT_MARKING_KEY: "official_sensitive"}
        )
        shown, _hidden = engagement._protect_read_past_rules("partner_ids")
        self.assertEqual(shown, self.charity)

    # ------------------------------------------------------------------ reports

    def test_secret_manager_full_map_names_secret_stakeholder(self):
        # The control of the next test: uncapped, the SECRET bank is printed.
        content = self._pdf(STAKEHOLDER_MAP, self.manager, data=self.filters_data())
        self.assertIn(HIDDEN, self.text(content))

    def test_secret_stakeholder_absent_from_official_sensitive_map(self):
        data = self.map_data("official_sensitive")
        content = self._pdf(STAKEHOLDER_MAP, self.manager, data=data)
        self.assertNotIn(HIDDEN, self.text(content))

    def test_official_sensitive_print_is_stamped_at_chosen_level(self):
        # Only OFFICIAL stakeholders remain, yet the print is marked as chosen.
        data = self.map_data("official_sensitive")
        content = self._pdf(STAKEHOLDER_MAP, self.manager, data=data)
        self.assert_stamped(content, "OFFICIAL-SENSITIVE", SENSITIVE_CAVEAT)

    def test_lower_print_is_logged_at_chosen_level(self):
        data = self.map_data("official_sensitive")
        self._pdf(STAKEHOLDER_MAP, self.manager, data=data)
        self.assertEqual(self._last_log().marking, "official_sensitive")

    def test_client_sent_higher_marking_does_not_raise_stamp(self):
        content = self._pdf(COVERAGE, self.manager_mv, data=self.map_data("secret"))
        self.assert_stamped(content, "OFFICIAL")

    def test_client_sent_higher_marking_does_not_widen_map(self):
        content = self._pdf(
            STAKEHOLDER_MAP, self.officer_mv, data=self.map_data("secret")
        )
        self.assertNotIn(HIDDEN, self.text(content))

    def test_capped_html_preview_leaves_secret_stakeholder_out(self):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(
                STAKEHOLDER_MAP, [], data=self.map_data("official_sensitive")
            )
        )
        self.assertNotIn(HIDDEN, html.decode())

    # ------------------------------------------------------------------ wizards

    def test_report_wizard_offers_only_cleared_markings(self):
        wizard = self.env["protect.report.wizard"].with_user(self.manager_mv)
        self.assertEqual(
            [key for key, _label in wizard._selection_print_marking()],
            ["official", "official_sensitive"],
        )

    def test_report_wizard_sends_chosen_marking_with_report_data(self):
        wizard = (
            self.env["protect.report.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "report_kind": "stakeholder_map",
                    "date_from": "2019-04-01",
                    "date_to": "2019-06-30",
                    "force_area_ids": [Command.set(self.areas.ids)],
                    "print_marking": "official_sensitive",
                }
            )
        )
        action = wizard.action_print()
        self.assertEqual(action["data"][PRINT_MARKING_KEY], "official_sensitive")

    def test_report_wizard_without_choice_prints_uncapped(self):
        wizard = (
            self.env["protect.report.wizard"]
            .with_user(self.manager)
            .create({"report_kind": "coverage"})
        )
        self.assertNotIn(PRINT_MARKING_KEY, wizard.action_print()["data"])

    def test_print_for_sharing_wizard_is_its_creators_own(self):
        wizard = self.brief_wizard(self.manager, self.e_mixed)
        with self.assertRaises(AccessError):
            wizard.with_user(self.manager_mv).read(["engagement_ids"])

    def test_print_for_sharing_offers_only_cleared_markings(self):
        wizard = self.env["protect.print.brief.wizard"].with_user(self.officer_mv)
        self.assertEqual(
            [key for key, _label in wizard._selection_print_marking()],
            ["official", "official_sensitive"],
        )

    def test_print_for_sharing_leaves_secret_stakeholder_out_of_brief(self):
        wizard = self.brief_wizard(
            self.manager, self.e_mixed, print_marking="official_sensitive"
        )
        action = wizard.action_print()
        content = self._pdf(BRIEF, self.manager, data=action["data"])
        text = self.text(content)
        self.assertIn("Elders and harbour", text)
        self.assertNotIn(HIDDEN, text)

    def test_print_for_sharing_is_stamped_at_chosen_level(self):
        wizard = self.brief_wizard(
            self.manager, self.e_mixed, print_marking="official_sensitive"
        )
        content = self._pdf(BRIEF, self.manager, data=wizard.action_print()["data"])
        self.assert_stamped(content, "OFFICIAL-SENSITIVE", SENSITIVE_CAVEAT)

    def test_print_for_sharing_defaults_to_engagements_marking(self):
        wizard = self.brief_wizard(self.manager, self.e_secret | self.e_bank)
        self.assertEqual(wizard.print_marking, "secret")

    def test_print_for_sharing_refuses_engagement_above_chosen_marking(self):
        wizard = self.brief_wizard(
            self.manager, self.e_secret | self.e_bank, print_marking="official"
        )
        with self.assertRaisesRegex(UserError, r"^Print at: Harbour secret meeting"):
            wizard.action_print()

    def test_print_for_sharing_preview_leaves_secret_stakeholder_out(self):
        wizard = self.brief_wizard(
            self.manager, self.e_mixed, print_marking="official_sensitive"
        )
        action = wizard.action_preview()
        self.assertEqual(action["report_type"], "qweb-html")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(BRIEF, [], data=action["data"])
        )
        self.assertIn("Elders and harbour", html.decode())
        self.assertNotIn(HIDDEN, html.decode())

    def test_print_for_sharing_preview_reloads_to_itself_only_for_its_creator(self):
        wizard = self.brief_wizard(
            self.manager, self.e_mixed, print_marking="official_sensitive"
        )
        action = wizard.action_preview()
        server_action = self.env.ref(
            "protect_engagement.protect_print_brief_wizard_action_preview"
        )
        self.assertEqual(
            (action["path"], action["target"]), (server_action.path, "main")
        )

        def reload(user):
            return (
                server_action.with_user(user)
                .with_context(active_id=wizard.id, active_ids=[wizard.id])
                .run()
            )

        again = reload(self.manager)
        self.assertEqual(
            (again["report_type"], again["data"]), ("qweb-html", action["data"])
        )
        # Another user's reload of the address opens an empty wizard instead.
        other = reload(self.manager_mv)
        self.assertEqual(
            (other["type"], other["res_model"]),
            ("ir.actions.act_window", "protect.print.brief.wizard"),
        )
