"""The officer's forms: the stakeholder form opens on its Protect information,
a panel logs its meetings with attendance listed before the first save, and a
day clicked in the engagement calendar is a one-hour meeting at 10:00."""

from datetime import datetime

from lxml import etree

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ProtectCase

LOG_VIEW = "protect_engagement.protect_engagement_view_form_log"


@tagged("post_install", "-at_install")
class TestStakeholderForm(ProtectCase):
    """What the stakeholder register shows an officer."""

    def _action_arch(self, view_type):
        """The arch of the stakeholder action's ``view_type`` view, as the web
        client loads it for the officer."""
        action = self.env.ref(
            "protect_engagement.res_partner_action_protect_stakeholder"
        )
        views = [(view.view_id.id, view.view_mode) for view in action.view_ids]
        partners = self.env["res.partner"].with_user(self.officer)
        result = partners.get_views(views)
        return etree.fromstring(result["views"][view_type]["arch"])

    def test_stakeholder_form_opens_on_protect_page(self):
        arch = self._action_arch("form")
        first_page = arch.xpath("//notebook/page")[0]
        self.assertEqual(
            (first_page.get("name"), arch.xpath("//page[@autofocus]/@name")),
            ("protect", ["protect"]),
        )

    def test_stakeholder_form_hides_tax_id(self):
        arch = self._action_arch("form")
        self.assertEqual(arch.xpath("//field[@name='vat']/@invisible"), ["1"])

    def test_stakeholder_form_hides_sales_and_purchase(self):
        arch = self._action_arch("form")
        self.assertEqual(
            arch.xpath("//page[@name='sales_purchases']/@invisible"), ["1"]
        )

    def test_stakeholder_form_shows_marking_banner_first(self):
        arch = self._action_arch("form")
        first = arch.xpath("//sheet/*[1]")[0]
        self.assertEqual(
            (first.get("name"), first.get("widget")),
            ("protect_sensitivity", "protect_marking_banner"),
        )

    def test_stakeholder_list_shows_marking_badge(self):
        arch = self._action_arch("list")
        marking = arch.xpath("//field[@name='protect_sensitivity']")[0]
        self.assertEqual(
            (marking.get("widget"), marking.get("optional")), ("badge", "show")
        )

    def test_stakeholder_action_offers_pivot_and_graph(self):
        action = self.env.ref(
            "protect_engagement.res_partner_action_protect_stakeholder"
        )
        self.assertLessEqual({"pivot", "graph"}, set(action.view_mode.split(",")))

    def test_stakeholder_pivot_groups_by_sector_group_and_force_area(self):
        arch = self._action_arch("pivot")
        self.assertEqual(
            arch.xpath("//field[@type]/@name"),
            ["protect_sector_group_id", "protect_force_area_id"],
        )


@tagged("post_install", "-at_install")
class TestEngagementFormPickers(ProtectCase):
    """What the engagement form offers to pick: every type, and stakeholders."""

    def _field(self, name, view=LOG_VIEW):
        engagements = self.env["protect.engagement"].with_user(self.officer)
        arch = engagements.get_views([(self.env.ref(view).id, "form")])["views"][
            "form"
        ]["arch"]
        [field] = etree.fromstring(arch).xpath(f"//sheet//field[@name='{name}']")
        return field

    def test_type_list_shows_every_type_with_panel_meeting(self):
        # A drop-down list of all the types, not a search box that shows the
        # first eight and hides "Panel meeting" behind "Search More...".
        self.assertEqual(self._field("engagement_type_id").get("widget"), "selection")

    def test_stakeholder_picker_offers_register_not_other_contacts(self):
        organisation = self._stakeholder("Fenland Mutual (test)")
        person = self._contact("Ruth Okafor (test)", organisation)
        supplier = self.env["res.partner"].create({"name": "Stationery Ltd (test)"})
        domain = safe_eval(self._field("partner_ids").get("domain"))
        found = (
            self.env["res.partner"]
            .with_user(self.officer)
            .search([*domain, ("name", "like", "(test)")])
        )
        self.assertEqual(
            (organisation in found, person in found, supplier in found),
            (True, True, False),
        )


@tagged("post_install", "-at_install")
class TestPanelLogMeeting(ProtectCase):
    """A panel's Log meeting button and the meeting's attendance before saving."""

    def _log_meeting_form(self, user=None, panel=None):
        user = user or self.officer
        action = (panel or self.panel).with_user(user).action_log_meeting()
        engagements = self.env[action["res_model"]].with_user(user)
        return Form(engagements.with_context(**action["context"]), view=LOG_VIEW)

    def test_panel_log_meeting_opens_log_dialog(self):
        action = self.panel.with_user(self.officer).action_log_meeting()
        self.assertEqual(
            (action["target"], action["views"][0][0]),
            ("new", self.env.ref(LOG_VIEW).id),
        )

    def test_panel_log_meeting_prefills_panel_and_type(self):
        meeting_form = self._log_meeting_form()
        self.assertEqual(
            (meeting_form.panel_id, meeting_form.engagement_type_id),
            (self.panel, self.type_panel_meeting),
        )

    def test_panel_form_has_log_meeting_button(self):
        panels = self.env["protect.panel"].with_user(self.liaison)
        arch = etree.fromstring(
            panels.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertTrue(arch.xpath("//header/button[@name='action_log_meeting']"))

    def test_panel_meeting_lists_sitting_members_before_save(self):
        meeting_form = self._log_meeting_form()
        listed = {
            meeting_form.attendance_ids.edit(i).membership_id
            for i in range(len(meeting_form.attendance_ids))
        }
        self.assertEqual(listed, {self.membership_person, self.membership_officer})

    def test_panel_meeting_lists_members_when_date_changes(self):
        meeting_form = self._log_meeting_form()
        meeting_form.date_start = self.days_ago(90)
        listed = {
            meeting_form.attendance_ids.edit(i).membership_id
            for i in range(len(meeting_form.attendance_ids))
        }
        self.assertEqual(
            listed,
            {self.membership_person, self.membership_officer, self.membership_ended},
        )

    def test_meeting_form_lists_members_once_type_and_panel_are_set(self):
        meeting_form = Form(self.env["protect.engagement"].with_user(self.officer))
        meeting_form.engagement_type_id = self.type_panel_meeting
        meeting_form.panel_id = self.panel
        self.assertEqual(len(meeting_form.attendance_ids), 2)

    def test_apology_given_before_save_is_kept(self):
        meeting_form = self._log_meeting_form()
        for i in range(len(meeting_form.attendance_ids)):
            with meeting_form.attendance_ids.edit(i) as line:
                if line.membership_id == self.membership_person:
                    line.status = "apologies"
        meeting = meeting_form.save()
        line = meeting.attendance_ids.filtered(
            lambda a: a.membership_id == self.membership_person
        )
        self.assertEqual(line.status, "apologies")

    def test_saved_meeting_has_one_line_per_sitting_member(self):
        meeting = self._log_meeting_form().save()
        self.assertEqual(
            sorted(meeting.sudo().attendance_ids.membership_id.ids),
            sorted((self.membership_person | self.membership_officer).ids),
        )

    def test_meeting_logged_from_form_counts_present_stakeholder_once(self):
        before, _last = self.engagement_figures(self.person)
        meeting_form = self._log_meeting_form()
        meeting_form.date_start = self.days_ago(1)
        meeting_form.save()
        after, _last = self.engagement_figures(self.person)
        self.assertEqual(after, before + 1)

    def test_meeting_created_with_attendance_counts_present_stakeholder_once(self):
        # As an import does: the lines in the values, the stakeholders not.
        before, _last = self.engagement_figures(self.person)
        self.env["protect.engagement"].with_user(self.officer).create(
            {
                "name": "Imported panel meeting (test)",
                "engagement_type_id": self.type_panel_meeting.id,
                "panel_id": self.panel.id,
                "date_start": self.days_ago(2),
                "attendance_ids": [
                    Command.create(
                        {
                            "membership_id": self.membership_person.id,
                            "status": "present",
                        }
                    )
                ],
            }
        )
        after, _last = self.engagement_figures(self.person)
        self.assertEqual(after, before + 1)

    def test_member_above_vetting_not_listed_before_save(self):
        secret_member = self._stakeholder("Cobalt Vault Bank (test)", "secret")
        panel = self._panel("Mixed panel (test)", sensitivity="official_sensitive")
        visible = self._membership(panel, self.person)
        self._membership(panel, secret_member)
        meeting_form = self._log_meeting_form(self.officer_mv, panel)
        listed = {
            meeting_form.attendance_ids.edit(i).membership_id
            for i in range(len(meeting_form.attendance_ids))
        }
        self.assertEqual(listed, {visible})

    def test_member_above_vetting_gets_line_on_save(self):
        secret_member = self._stakeholder("Cobalt Vault Bank (test)", "secret")
        panel = self._panel("Mixed panel (test)", sensitivity="official_sensitive")
        self._membership(panel, self.person)
        hidden = self._membership(panel, secret_member)
        meeting = self._log_meeting_form(self.officer_mv, panel).save()
        self.assertIn(hidden, meeting.sudo().attendance_ids.membership_id)


@tagged("post_install", "-at_install")
class TestCalendarCreate(ProtectCase):
    """A day clicked in the engagement calendar's month view."""

    def _clicked_form(self, day, tz="Europe/London", **context):
        """The form the calendar opens for a click on ``day`` in month view: it
        sends the day from 07:00 to 19:00 local time, flagged all day."""
        clicked = {
            "tz": tz,
            "default_date_start": f"{day} 07:00:00",
            "default_date_end": f"{day} 19:00:00",
            "default_allday": True,
            **context,
        }
        engagements = self.env["protect.engagement"].with_user(self.officer)
        return Form(engagements.with_context(**clicked), view=LOG_VIEW)

    def test_month_click_starts_at_ten(self):
        engagement_form = self._clicked_form("2026-12-10")
        self.assertEqual(engagement_form.date_start, datetime(2026, 12, 10, 10, 0))

    def test_month_click_lasts_one_hour(self):
        engagement_form = self._clicked_form("2026-12-10")
        self.assertEqual(engagement_form.date_end, datetime(2026, 12, 10, 11, 0))

    def test_month_click_starts_at_ten_local_time_in_summer(self):
        # 07:00 BST is 06:00 UTC; 10:00 BST is 09:00 UTC.
        engagement_form = self._clicked_form(
            "2026-06-10",
            default_date_start="2026-06-10 06:00:00",
            default_date_end="2026-06-10 18:00:00",
        )
        self.assertEqual(engagement_form.date_start, datetime(2026, 6, 10, 9, 0))

    def test_month_click_saved_engagement_lasts_one_hour(self):
        engagement_form = self._clicked_form("2026-12-10")
        engagement_form.name = "Romance-fraud talk (test)"
        engagement = engagement_form.save()
        self.assertEqual(engagement.duration, 1.0)

    def test_week_click_keeps_the_clicked_time(self):
        engagements = self.env["protect.engagement"].with_user(self.officer)
        engagement_form = Form(
            engagements.with_context(
                default_date_start="2026-12-10 14:30:00",
                default_date_end="2026-12-10 15:30:00",
            ),
            view=LOG_VIEW,
        )
        self.assertEqual(engagement_form.date_start, datetime(2026, 12, 10, 14, 30))

    def test_calendar_creates_in_log_dialog(self):
        engagements = self.env["protect.engagement"].with_user(self.officer)
        view = self.env.ref("protect_engagement.protect_engagement_view_calendar")
        arch = etree.fromstring(
            engagements.get_views([(view.id, "calendar")])["views"]["calendar"]["arch"]
        )
        self.assertEqual(
            arch.get("quick_create_view_id"), str(self.env.ref(LOG_VIEW).id)
        )


@tagged("post_install", "-at_install")
class TestStakeholderAndPanelMarkingList(ProtectCase):
    """The marking lists of the stakeholder and panel forms offer what the user
    may set, as the engagement form's does."""

    def _marking_widget(self, model, field_name, view_xmlid):
        records = self.env[model].with_user(self.officer)
        view = self.env.ref(view_xmlid)
        arch = records.get_views([(view.id, "form")])["views"]["form"]["arch"]
        [field] = etree.fromstring(arch).xpath(
            f"//sheet//field[@name='{field_name}'][not(@widget='protect_marking_banner')]"
        )
        return field.get("widget")

    def test_stakeholder_form_lists_markings_from_the_floor(self):
        self.assertEqual(
            self._marking_widget(
                "res.partner",
                "protect_sensitivity",
                "protect_engagement.res_partner_view_form_protect_stakeholder",
            ),
            "protect_marking_selection",
        )

    def test_panel_form_lists_markings_from_the_floor(self):
        self.assertEqual(
            self._marking_widget(
                "protect.panel",
                "sensitivity",
                "protect_engagement.protect_panel_view_form",
            ),
            "protect_marking_selection",
        )

    def test_mv_officer_is_not_offered_secret_for_a_stakeholder(self):
        partners = self.env["res.partner"].with_user(self.officer_mv)
        offered = partners.fields_get(["protect_sensitivity"])["protect_sensitivity"]
        self.assertEqual(
            [key for key, _label in offered["selection"]],
            ["official", "official_sensitive"],
        )

    def test_officer_is_not_offered_below_a_stakeholders_saved_marking(self):
        stakeholder = self._stakeholder("Fenland Mutual (test)", "official_sensitive")
        self.assertEqual(
            stakeholder.with_user(self.officer).protect_marking_floor,
            "official_sensitive",
        )

    def test_manager_is_offered_below_a_stakeholders_saved_marking(self):
        stakeholder = self._stakeholder("Fenland Mutual (test)", "official_sensitive")
        self.assertEqual(
            stakeholder.with_user(self.manager).protect_marking_floor, "official"
        )
