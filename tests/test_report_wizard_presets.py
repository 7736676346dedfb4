"""The report wizard: period presets, and a preview whose address shows it again."""

from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..reports.protect_report_common import ReportFilters
from .common import ProtectCommon
from .report_common import ProtectReportCase

COVERAGE_REPORT = "protect_engagement.report_coverage"


@tagged("post_install", "-at_install")
class TestReportWizardPresets(ProtectCommon):
    def form(self):
        return Form(self.env["protect.report.wizard"].with_user(self.manager))

    def period(self, preset):
        form = self.form()
        form.period_preset = preset
        return form.date_from, form.date_to

    @freeze_time("2026-11-30")
    def test_last_12_months_preset_ends_today(self):
        self.assertEqual(
            self.period("last_12_months"), (date(2025, 12, 1), date(2026, 11, 30))
        )

    @freeze_time("2026-11-30")
    def test_this_financial_year_preset_runs_april_to_march(self):
        self.assertEqual(
            self.period("this_financial_year"), (date(2026, 4, 1), date(2027, 3, 31))
        )

    @freeze_time("2027-02-15")
    def test_this_financial_year_before_april_began_the_april_before(self):
        self.assertEqual(
            self.period("this_financial_year"), (date(2026, 4, 1), date(2027, 3, 31))
        )

    @freeze_time("2026-04-01")
    def test_last_financial_year_preset_is_the_year_before_this_one(self):
        self.assertEqual(
            self.period("last_financial_year"), (date(2025, 4, 1), date(2026, 3, 31))
        )

    @freeze_time("2026-11-30")
    def test_default_period_is_the_last_full_quarter(self):
        form = self.form()
        self.assertEqual(form.period_preset, "last_quarter")
        self.assertEqual(
            (form.date_from, form.date_to), (date(2026, 7, 1), date(2026, 9, 30))
        )

    @freeze_time("2026-11-30")
    def test_typed_date_makes_the_period_custom(self):
        form = self.form()
        form.period_preset = "last_12_months"
        form.date_from = date(2026, 1, 1)
        self.assertEqual(form.period_preset, "custom")
        self.assertEqual(
            (form.date_from, form.date_to), (date(2026, 1, 1), date(2026, 11, 30))
        )

    @freeze_time("2026-11-30")
    def test_preset_given_at_create_sets_the_period(self):
        wizard = (
            self.env["protect.report.wizard"]
            .with_user(self.manager)
            .create({"period_preset": "last_financial_year"})
        )
        self.assertEqual(
            (wizard.date_from, wizard.date_to), (date(2025, 4, 1), date(2026, 3, 31))
        )

    def test_dates_given_without_a_preset_make_a_custom_period(self):
        wizard = (
            self.env["protect.report.wizard"]
            .with_user(self.manager)
            .create({"date_from": date(2019, 4, 1), "date_to": date(2019, 6, 30)})
        )
        self.assertEqual(wizard.period_preset, "custom")


@tagged("post_install", "-at_install")
class TestReportPreviewAddress(ProtectCommon):
    def wizard(self, user=None):
        return (
            self.env["protect.report.wizard"]
            .with_user(user or self.manager)
            .create({"report_kind": "coverage"})
        )

    def reload(self, wizard_id, user=None):
        """What the web client runs when the preview's address is reloaded."""
        action = self.env.ref("protect_engagement.protect_report_wizard_action_preview")
        return (
            action.with_user(user or self.manager)
            .with_context(active_id=wizard_id, active_ids=[wizard_id])
            .run()
        )

    def test_preview_address_names_the_preview_not_the_previous_page(self):
        wizard = self.wizard()
        action = wizard.action_preview()
        reload_action = self.env.ref(
            "protect_engagement.protect_report_wizard_action_preview"
        )
        self.assertEqual(
            (action["path"], action["target"], action["context"]["active_id"]),
            (reload_action.path, "main", wizard.id),
        )

    def test_reloaded_preview_address_shows_the_same_preview(self):
        wizard = self.wizard()
        action = self.reload(wizard.id)
        self.assertEqual(
            (action["type"], action["report_type"], action["report_name"]),
            ("ir.actions.report", "qweb-html", COVERAGE_REPORT),
        )
        self.assertEqual(action["data"], wizard._report_data())

    def test_reloaded_preview_of_another_users_wizard_opens_a_new_wizard(self):
        wizard = self.wizard(user=self.manager_mv)
        action = self.reload(wizard.id)
        self.assertEqual(
            (action["type"], action["res_model"], action["target"]),
            ("ir.actions.act_window", "protect.report.wizard", "new"),
        )


@tagged("post_install", "-at_install")
class TestAnalysisDefaults(ProtectReportCase):
    def test_engagement_analysis_opens_on_done_engagements(self):
        action = self.env.ref("protect_engagement.protect_engagement_action_analysis")
        self.assertEqual(
            (action.view_mode.split(",")[0], safe_eval(action.context)),
            ("pivot", {"search_default_done": 1}),
        )

    def test_coverage_pivot_rows_follow_the_sector_group_order_of_the_pdf(self):
        ref = self.env.ref
        # Education before industry: the order is the groups', not their ids'.
        ref("protect_engagement.protect_sector_group_education").sequence = 1
        lines = self.env["protect.coverage.line"].with_user(self.manager)
        groups = lines.formatted_read_grouping_sets(
            [("force_area_id", "in", self.areas.ids)],
            [["sector_group_id"]],
            ["__count"],
        )[0]
        rows = [group["sector_group_id"][0] for group in groups]
        pdf_rows = ReportFilters.default(self.env).groups(self.env).ids
        self.assertEqual(rows, [row for row in pdf_rows if row in rows])

    def coverage_filter(self, name):
        """The domain of a Coverage analysis filter, as evaluated today."""
        view = self.env.ref("protect_engagement.protect_coverage_line_view_search")
        node = etree.fromstring(view.arch).find(f".//filter[@name='{name}']")
        context = {"context_today": date.today, "relativedelta": relativedelta}
        return safe_eval(node.get("domain"), context)

    @freeze_time("2027-02-15")
    def test_coverage_analysis_this_financial_year_filter_runs_april_to_march(self):
        self.assertEqual(
            self.coverage_filter("this_financial_year"),
            [("date", ">=", "2026-04-01"), ("date", "<", "2027-04-01")],
        )

    @freeze_time("2026-04-01")
    def test_coverage_analysis_last_financial_year_filter_is_the_year_before(self):
        self.assertEqual(
            self.coverage_filter("last_financial_year"),
            [("date", ">=", "2025-04-01"), ("date", "<", "2026-04-01")],
        )

    @freeze_time("2026-11-30")
    def test_coverage_analysis_last_12_months_filter_ends_today(self):
        self.assertEqual(
            self.coverage_filter("last_12_months"),
            [("date", ">", "2025-11-30"), ("date", "<=", "2026-11-30")],
        )
