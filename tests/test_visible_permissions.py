"""Permissions the user can see: a record they may only read opens read-only,
buttons they cannot use are hidden, the marking list offers only what their
vetting clears, refusals are plain statements, and every Protect form shows
the record's marking as a banner.
"""

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ProtectCommon, protect_user

BANNER = "protect_marking_banner"


@tagged("post_install", "-at_install")
class TestVisiblePermissions(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague_meeting = cls._engagement("Colleague's meeting")
        cls.own_meeting = cls._engagement("Liaison's own meeting", user=cls.liaison)

    def form_arch(self, model, user, view_xmlid=None):
        """The form view of ``model`` as the web client gets it for ``user``."""
        view_id = self.env.ref(view_xmlid).id if view_xmlid else False
        views = self.env[model].with_user(user).get_views([(view_id, "form")])["views"]
        return etree.fromstring(views["form"]["arch"])

    def button_shown(self, record, user, method):
        """Whether the form's ``method`` button is shown to ``user`` on
        ``record``: its ``invisible`` expression evaluated on the record's
        values as read by the user."""
        arch = self.form_arch(record._name, user)
        [button] = arch.xpath(f"//button[@name='{method}']")
        condition = button.get("invisible") or "False"
        names = {"state", "protect_can_edit"}
        values = record.with_user(user).read(sorted(names))[0]
        return not safe_eval(condition, values)

    # ------------------------------------------------------------ read-only forms

    def test_liaison_cannot_edit_colleague_engagement(self):
        meeting = self.colleague_meeting.with_user(self.liaison)
        self.assertFalse(meeting.protect_can_edit)

    def test_liaison_can_edit_own_engagement(self):
        meeting = self.own_meeting.with_user(self.liaison)
        self.assertTrue(meeting.protect_can_edit)

    def test_liaison_can_edit_new_engagement(self):
        meeting = self.env["protect.engagement"].with_user(self.liaison).new({})
        self.assertTrue(meeting.protect_can_edit)

    def test_liaison_gets_read_only_form_of_colleague_engagement(self):
        form = Form(self.colleague_meeting.with_user(self.liaison))
        with self.assertRaisesRegex(AssertionError, "readonly"):
            form.name = "Renamed by liaison"

    def test_liaison_gets_editable_form_of_own_engagement(self):
        form = Form(self.own_meeting.with_user(self.liaison))
        form.name = "Renamed by liaison"
        form.save()
        self.assertEqual(self.own_meeting.name, "Renamed by liaison")

    def test_officer_gets_editable_form_of_colleague_engagement(self):
        form = Form(self.own_meeting.with_user(self.officer))
        form.name = "Renamed by officer"
        form.save()
        self.assertEqual(self.own_meeting.name, "Renamed by officer")

    def test_read_only_field_of_form_stays_read_only_for_who_may_edit(self):
        form = Form(self.own_meeting.with_user(self.liaison))
        with self.assertRaisesRegex(AssertionError, "readonly"):
            form.state = "cancelled"

    # ------------------------------------------------------------ hidden buttons

    def test_liaison_does_not_see_reset_on_colleague_engagement(self):
        shown = self.button_shown(
            self.colleague_meeting, self.liaison, "action_reset_planned"
        )
        self.assertFalse(shown)

    def test_liaison_sees_reset_on_own_engagement(self):
        shown = self.button_shown(
            self.own_meeting, self.liaison, "action_reset_planned"
        )
        self.assertTrue(shown)

    def test_liaison_does_not_see_mark_done_on_colleague_planned_engagement(self):
        self.colleague_meeting.state = "planned"
        shown = self.button_shown(
            self.colleague_meeting, self.liaison, "action_mark_done"
        )
        self.assertFalse(shown)

    def test_liaison_does_not_see_cancel_on_colleague_planned_engagement(self):
        self.colleague_meeting.state = "planned"
        shown = self.button_shown(self.colleague_meeting, self.liaison, "action_cancel")
        self.assertFalse(shown)

    # ------------------------------------------------------------ marking list

    def marking_options(self, user, model="protect.engagement"):
        fields = self.env[model].with_user(user).fields_get(["sensitivity"])
        return [key for key, _label in fields["sensitivity"]["selection"]]

    def test_liaison_is_offered_only_official(self):
        self.assertEqual(self.marking_options(self.liaison), ["official"])

    def test_mv_officer_is_not_offered_secret(self):
        self.assertEqual(
            self.marking_options(self.officer_mv), ["official", "official_sensitive"]
        )

    def test_sc_officer_is_offered_every_marking(self):
        self.assertEqual(
            self.marking_options(self.officer),
            ["official", "official_sensitive", "secret"],
        )

    def test_mv_officer_is_not_offered_secret_for_a_panel(self):
        self.assertNotIn(
            "secret", self.marking_options(self.officer_mv, "protect.panel")
        )

    def test_officer_is_not_offered_below_saved_marking(self):
        meeting = self._engagement(
            "Sensitive meeting", sensitivity="official_sensitive"
        )
        self.assertEqual(
            meeting.with_user(self.officer).protect_marking_floor,
            "official_sensitive",
        )

    def test_manager_is_offered_below_saved_marking(self):
        meeting = self._engagement(
            "Sensitive meeting", sensitivity="official_sensitive"
        )
        self.assertEqual(
            meeting.with_user(self.manager).protect_marking_floor, "official"
        )

    def test_engagement_form_lists_markings_from_the_floor(self):
        arch = self.form_arch("protect.engagement", self.officer)
        [marking] = arch.xpath("//group//field[@name='sensitivity']")
        self.assertEqual(marking.get("widget"), "protect_marking_selection")

    # ------------------------------------------------------------ refusals

    def test_liaison_refused_edit_is_told_what_they_may_edit(self):
        meeting = self.colleague_meeting.with_user(self.liaison)
        with self.assertRaises(AccessError) as caught:
            meeting.write({"name": "Renamed by liaison"})
        self.assertEqual(
            str(caught.exception), "You can edit engagements you lead or attended."
        )

    def test_liaison_refused_log_for_colleague_is_told_what_they_may_log(self):
        engagements = self.env["protect.engagement"].with_user(self.liaison)
        with self.assertRaises(AccessError) as caught:
            engagements.create(
                {
                    "name": "Logged for a colleague",
                    "engagement_type_id": self.type_partner_meeting.id,
                    "date_start": "2026-01-05 10:00:00",
                    "user_id": self.officer.id,
                }
            )
        self.assertEqual(
            str(caught.exception), "You can log engagements you lead or attend."
        )

    def test_refused_read_is_a_plain_statement(self):
        secret = self._engagement("Hidden meeting", sensitivity="secret")
        with self.assertRaises(AccessError) as caught:
            secret.with_user(self.liaison).read(["name"])
        self.assertEqual(
            str(caught.exception),
            "You can open only the records your vetting clears and your role lets "
            "you see.",
        )

    def test_refusal_outside_protect_keeps_odoo_wording(self):
        # A core rule (users change their own settings only) refusing a core
        # record: Odoo's own message, which names the model.
        settings = self.env["res.users.settings"]._find_or_create_for_user(self.officer)
        with self.assertRaises(AccessError) as caught:
            settings.with_user(self.liaison).write(
                {"calendar_default_privacy": "private"}
            )
        self.assertIn("(res.users.settings)", str(caught.exception))

    # ------------------------------------------------------------ marking banner

    def assert_banner_first(self, model, field_name, view_xmlid=None):
        arch = self.form_arch(model, self.officer, view_xmlid)
        [sheet] = arch.xpath("//sheet")
        first = sheet[0]
        self.assertEqual(
            (first.tag, first.get("name"), first.get("widget")),
            ("field", field_name, BANNER),
        )

    def test_engagement_form_opens_with_marking_banner(self):
        self.assert_banner_first("protect.engagement", "sensitivity")

    def test_log_engagement_dialog_opens_with_marking_banner(self):
        self.assert_banner_first(
            "protect.engagement",
            "sensitivity",
            "protect_engagement.protect_engagement_view_form_log",
        )

    def test_membership_form_opens_with_marking_banner(self):
        self.assert_banner_first("protect.panel.membership", "sensitivity")

    def test_calendar_meeting_form_opens_with_marking_banner(self):
        self.assert_banner_first("calendar.event", "protect_sensitivity")

    def test_engagement_list_shows_marking_as_badge(self):
        views = (
            self.env["protect.engagement"]
            .with_user(self.officer)
            .get_views([(False, "list")])["views"]
        )
        arch = etree.fromstring(views["list"]["arch"])
        [column] = arch.xpath("//field[@name='sensitivity']")
        self.assertEqual(column.get("widget"), "badge")


# Waits for the form, then checks the page; "test successful" ends the test.
CHECK_PAGE = """
(async () => {
    const found = async (selector) => {
        for (let tries = 0; tries < 150; tries++) {
            const node = document.querySelector(selector);
            if (node) {
                return node;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error("not found: " + selector);
    };
    await found(".o_form_view .o_form_sheet");
    %s
    console.log("test successful");
})().catch((error) => console.error(error.message));
"""


@tagged("post_install", "-at_install")
class TestVisiblePermissionsInBrowser(HttpCase):
    """What the web client shows: the banner rendered, a read-only form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = protect_user(cls.env, "banner_officer", "group_officer", "sc")
        cls.liaison = protect_user(cls.env, "banner_liaison", "group_liaison", "nppv1")
        cls.meeting = cls.env["protect.engagement"].create(
            {
                "name": "Banner meeting",
                "date_start": "2026-01-05 10:00:00",
                "user_id": cls.officer.id,
                "sensitivity": "official",
            }
        )

    def open_meeting(self, login, check):
        self.browser_js(
            f"/odoo/protect-engagements/{self.meeting.id}",
            CHECK_PAGE % check,
            login=login,
        )

    def test_officer_sees_marking_banner_on_engagement(self):
        self.open_meeting(
            "banner_officer",
            """
            const band = await found(".o_form_sheet .o_protect_marking_banner");
            if (band.textContent.trim() !== "OFFICIAL") {
                throw new Error("banner reads " + band.textContent);
            }
            """,
        )

    def test_liaison_gets_read_only_form_of_colleague_engagement(self):
        self.open_meeting(
            "banner_liaison",
            """
            const editable = ".o_form_sheet .o_field_widget input:not([disabled])";
            if (document.querySelector(editable)) {
                throw new Error("an editable input on a colleague's engagement");
            }
            if (document.querySelector("button[name='action_reset_planned']")) {
                throw new Error("Reset to planned shown to a liaison");
            }
            """,
        )
