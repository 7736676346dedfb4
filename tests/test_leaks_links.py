"""Vetting holds through links: a visible record never carries, sorts by, or
answers a domain about a record above the viewer's vetting, and nobody links to
one they cannot see (issue: seal the vetting boundary)."""

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import ProtectCommon


@tagged("post_install", "-at_install", "protect_access")
class TestLeaksThroughLinks(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_org = cls._stakeholder("Trentside Credit Union")
        cls.open_person = cls.env["res.partner"].create(
            {"name": "Olu Open", "parent_id": cls.open_org.id}
        )
        # A SECRET person may work for an OFFICIAL organisation.
        cls.secret_person_open_org = cls.env["res.partner"].create(
            {
                "name": "Sam Sealed",
                "parent_id": cls.open_org.id,
                "protect_sensitivity": "secret",
            }
        )
        cls.secret_org = cls._stakeholder("Hidden Harbour Bank", sensitivity="secret")
        cls.secret_person = cls.env["res.partner"].create(
            {"name": "Ada Hidden", "parent_id": cls.secret_org.id}
        )
        cls.open_meeting = cls._engagement(
            "Open meeting", partners=cls.open_org | cls.secret_org
        )
        cls.secret_meeting = cls._engagement(
            "Hidden meeting", sensitivity="secret", partners=cls.open_org
        )
        cls.secret_panel = cls.env["protect.panel"].create(
            {"name": "Hidden panel", "sensitivity": "secret"}
        )

    def as_user(self, user, model):
        self.env.invalidate_all()
        return self.env[model].with_user(user)

    # ------------------------------------------------ 1. people and organisations

    def test_person_under_organisation_is_a_stakeholder_marked_as_high(self):
        self.assertTrue(self.secret_person.protect_stakeholder)
        self.assertEqual(self.secret_person.protect_sensitivity, "secret")

    def test_contact_cannot_be_filed_under_hidden_organisation(self):
        partners = self.as_user(self.internal, "res.partner")
        with self.assertRaises(ValidationError):
            partners.create({"name": "Probe", "parent_id": self.secret_org.id})

    def test_hidden_and_missing_parent_get_the_same_answer(self):
        partners = self.as_user(self.liaison, "res.partner")
        messages = []
        for parent_id in (self.secret_org.id, self.secret_org.id + 100000):
            with self.assertRaises(ValidationError) as caught:
                partners.create({"name": "Probe", "parent_id": parent_id})
            messages.append(str(caught.exception))
        self.assertEqual(messages[0], messages[1])

    def test_moving_contact_under_hidden_organisation_is_refused(self):
        probe = self.env["res.partner"].create({"name": "Probe contact"})
        with self.assertRaises(ValidationError):
            probe.with_user(self.internal).write({"parent_id": self.secret_org.id})
        self.assertFalse(probe.parent_id)

    def test_raising_organisation_marking_hides_its_people(self):
        org = self._stakeholder("Soon Secret Ltd")
        person = self.env["res.partner"].create(
            {"name": "Pat Later", "parent_id": org.id}
        )
        org.with_user(self.manager).protect_sensitivity = "secret"
        self.assertEqual(person.protect_sensitivity, "secret")
        partners = self.as_user(self.liaison, "res.partner")
        self.assertFalse(partners.search([("id", "=", person.id)]))
        self.assertFalse(partners.name_search("Soon Secret"))

    def test_listing_a_company_makes_its_contacts_stakeholders(self):
        company = self.env["res.partner"].create(
            {"name": "Plain Co", "is_company": True}
        )
        contact = self.env["res.partner"].create(
            {"name": "Plain Person", "parent_id": company.id}
        )
        company.with_user(self.officer).write(
            {"protect_stakeholder": True, "protect_sensitivity": "official_sensitive"}
        )
        self.assertTrue(contact.protect_stakeholder)
        self.assertEqual(contact.protect_sensitivity, "official_sensitive")

    def test_person_cannot_be_marked_below_organisation(self):
        org = self._stakeholder("Marked Org", sensitivity="official_sensitive")
        person = self.env["res.partner"].create({"name": "Kim", "parent_id": org.id})
        with self.assertRaisesRegex(ValidationError, "^Sensitivity:"):
            person.with_user(self.manager).protect_sensitivity = "official"

    def test_person_cannot_leave_register_while_organisation_is_on_it(self):
        with self.assertRaisesRegex(ValidationError, "^Protect stakeholder:"):
            self.open_person.with_user(self.manager).protect_stakeholder = False

    def test_moving_a_person_under_a_secret_organisation_raises_their_marking(self):
        self.open_person.parent_id = self.secret_org
        self.assertEqual(self.open_person.protect_sensitivity, "secret")

    # ------------------------------------------------------- 2. declassifying

    def test_mv_officer_cannot_declassify_by_unticking_stakeholder(self):
        org = self._stakeholder("Sensitive Org", sensitivity="official_sensitive")
        with self.assertRaisesRegex(ValidationError, "^Sensitivity:"):
            org.with_user(self.officer_mv).protect_stakeholder = False
        self.assertTrue(org.protect_stakeholder)

    def test_sc_officer_cannot_declassify_secret_stakeholder(self):
        with self.assertRaisesRegex(ValidationError, "^Sensitivity:"):
            self.secret_org.with_user(self.officer).protect_stakeholder = False

    def test_manager_takes_stakeholder_off_the_register(self):
        org = self._stakeholder("Leaving Org", sensitivity="official_sensitive")
        org.with_user(self.manager).protect_stakeholder = False
        self.assertFalse(org.protect_stakeholder)

    # ------------------------------------------------------- 3 and 14. writing links

    def test_liaison_cannot_log_meeting_of_hidden_panel(self):
        engagements = self.as_user(self.liaison, "protect.engagement")
        with self.assertRaisesRegex(ValidationError, "^Panel:"):
            engagements.create(
                {
                    "name": "Probe meeting",
                    "engagement_type_id": self.type_panel_meeting.id,
                    "panel_id": self.secret_panel.id,
                    "date_start": "2026-01-05 10:00:00",
                }
            )

    def test_officer_cannot_make_hidden_stakeholder_chair(self):
        panel = self.env["protect.panel"].create({"name": "Open forum"})
        with self.assertRaisesRegex(ValidationError, "^Chair:"):
            panel.with_user(self.officer_mv).chair_id = self.secret_org

    def test_officer_cannot_add_hidden_stakeholder_as_member(self):
        panel = self.env["protect.panel"].create({"name": "Open forum"})
        with self.assertRaisesRegex(ValidationError, "^Member:"):
            self.as_user(self.officer_mv, "protect.panel.membership").create(
                {"panel_id": panel.id, "partner_id": self.secret_person.id}
            )

    def test_officer_cannot_link_hidden_stakeholder_to_engagement(self):
        meeting = self._engagement("Plain meeting", partners=self.open_org)
        with self.assertRaisesRegex(ValidationError, "^Stakeholders:"):
            meeting.with_user(self.officer_mv).partner_ids = [
                Command.link(self.secret_org.id)
            ]

    def test_editing_keeps_a_hidden_stakeholder_already_linked(self):
        self.open_meeting.with_user(self.officer_mv).write(
            {
                "name": "Open meeting, renamed",
                "partner_ids": [Command.link(self.open_person.id)],
            }
        )
        self.env.invalidate_all()
        self.assertIn(self.secret_org, self.open_meeting.partner_ids)

    def test_deleting_membership_with_attendance_is_refused(self):
        meeting, membership = self._panel_meeting("Open attended panel")
        self.assertTrue(meeting.attendance_ids)
        with self.assertRaisesRegex(ValidationError, "^Member:"):
            membership.with_user(self.manager).unlink()
        self.assertTrue(meeting.attendance_ids.exists())

    def test_officer_without_clearance_cannot_join_engagement(self):
        with self.assertRaisesRegex(ValidationError, "^Other officers:"):
            self.secret_meeting.with_user(self.officer).officer_ids = [
                Command.link(self.liaison.id)
            ]

    def test_raising_marking_above_an_officers_vetting_is_refused(self):
        meeting = self._engagement(
            "Shared meeting", officer_ids=[Command.link(self.liaison.id)]
        )
        with self.assertRaisesRegex(ValidationError, "^Other officers:"):
            meeting.with_user(self.officer).sensitivity = "secret"

    # ------------------------------------------------------- 16. copied text

    def test_logging_from_a_sensitive_stakeholder_defaults_its_marking(self):
        org = self._stakeholder("Careful Org", sensitivity="official_sensitive")
        action = org.with_user(self.officer).action_protect_log_engagement()
        engagement = (
            self.env["protect.engagement"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({"engagement_type_id": self.type_partner_meeting.id})
        )
        self.assertIn("Careful Org", engagement.name)
        self.assertEqual(engagement.sensitivity, "official_sensitive")

    def test_panel_meeting_defaults_the_panels_marking(self):
        panel = self.env["protect.panel"].create(
            {"name": "Guarded forum", "sensitivity": "official_sensitive"}
        )
        context = panel.with_user(self.officer).action_view_meetings()["context"]
        self.assertEqual(context["default_sensitivity"], "official_sensitive")

    def test_forwarded_notes_naming_a_secret_stakeholder_are_marked_secret(self):
        self.secret_org.email = "desk@hiddenharbour.example.com"
        engagement = self.env["protect.engagement"].message_new(
            {
                "subject": "Notes",
                "to": "desk@hiddenharbour.example.com",
                "email_from": "someone@example.com",
                "body": "<p>Met the desk.</p>",
            }
        )
        self.assertEqual(engagement.sensitivity, "secret")

    # ------------------------------------------------------- 5. figures tables

    def test_admin_with_mv_vetting_cannot_read_secret_figures(self):
        stats = self.as_user(self.admin_mv, "protect.engagement.stat")
        rows = stats.search_read([], ["partner_id", "sensitivity"])
        self.assertNotIn("secret", {row["sensitivity"] for row in rows})
        self.assertNotIn(self.secret_org.id, {row["partner_id"][0] for row in rows})

    def test_liaison_cannot_read_figures_table(self):
        with self.assertRaises(AccessError):
            self.as_user(self.liaison, "protect.engagement.stat").search([])

    def test_coverage_omits_secret_person_of_official_organisation(self):
        self._engagement("Sealed talk", partners=self.secret_person_open_org)
        lines = self.as_user(self.officer_mv, "protect.coverage.line").search(
            [("partner_id", "=", self.open_org.id)]
        )
        self.assertNotIn(self.secret_person_open_org, lines.contact_id)
        lines = self.as_user(self.officer, "protect.coverage.line").search(
            [("partner_id", "=", self.open_org.id)]
        )
        self.assertIn(self.secret_person_open_org, lines.contact_id)

    # ------------------------------------------------------- 6. sorting

    def _order_of(self, user, model, domain, order):
        return self.as_user(user, model).search(domain, order=order).ids

    def test_sorting_events_by_hidden_organiser_does_not_depend_on_its_name(self):
        events = self.env["event.event"]
        organisers = [self._stakeholder(n) for n in ("Mm host", "Aa host", "Zz host")]
        for organiser in [*organisers, self.secret_org]:
            events |= self.env["event.event"].create(
                {
                    "name": f"Seminar by {organiser.name}",
                    "date_begin": "2026-03-02 09:00:00",
                    "date_end": "2026-03-02 12:00:00",
                    "organizer_id": organiser.id,
                }
            )
        domain = [("id", "in", events.ids)]
        orders = []
        for name in ("AAAA", "ZZZZ"):
            self.secret_org.name = name
            self.env.flush_all()
            orders.append(
                self._order_of(self.liaison, "event.event", domain, "organizer_id, id")
            )
        self.assertEqual(len(orders[0]), 4)
        self.assertEqual(orders[0], orders[1])

    def test_grouping_events_by_hidden_organiser_does_not_order_by_its_name(self):
        organisers = [self._stakeholder(n) for n in ("Mm host", "Aa host", "Zz host")]
        events = self.env["event.event"]
        for organiser in [*organisers, self.secret_org]:
            events |= self.env["event.event"].create(
                {
                    "name": f"Talk by {organiser.name}",
                    "date_begin": "2026-03-02 09:00:00",
                    "date_end": "2026-03-02 12:00:00",
                    "organizer_id": organiser.id,
                }
            )
        orders = []
        for name in ("AAAA", "ZZZZ"):
            self.secret_org.name = name
            self.env.flush_all()
            groups = self.as_user(self.liaison, "event.event")._read_group(
                [("id", "in", events.ids)],
                ["organizer_id"],
                ["__count"],
                order="organizer_id",
            )
            orders.append([organiser.id for organiser, _count in groups])
        self.assertEqual(len(orders[0]), 4)
        self.assertEqual(orders[0], orders[1])

    def test_event_cannot_be_organised_by_hidden_stakeholder(self):
        organiser = new_test_user(
            self.env,
            login="acc_event_officer_mv",
            groups="protect_engagement.group_officer,event.group_event_user",
            protect_vetting_level_id=self.level_mv.id,
        )
        events = self.as_user(organiser, "event.event")
        with self.assertRaisesRegex(ValidationError, "^Organizer:"):
            events.create(
                {
                    "name": "Probe seminar",
                    "date_begin": "2026-03-02 09:00:00",
                    "date_end": "2026-03-02 12:00:00",
                    "organizer_id": self.secret_org.id,
                }
            )

    def test_sorting_by_hidden_chair_cannot_arise(self):
        with self.assertRaisesRegex(ValidationError, "^Chair:"):
            self.env["protect.panel"].create(
                {"name": "Hidden chair panel", "chair_id": self.secret_org.id}
            )

    def test_raising_a_chair_above_their_panel_is_refused(self):
        chair = self._stakeholder("Chairing Org")
        self.env["protect.panel"].create({"name": "Chaired", "chair_id": chair.id})
        with self.assertRaisesRegex(ValidationError, "^Chair:"):
            chair.with_user(self.manager).protect_sensitivity = "secret"

    def test_sorting_by_visible_link_still_sorts_by_name(self):
        panels = self.env["protect.panel"]
        for name in ("Bb chair", "Aa chair"):
            chair = self._stakeholder(name)
            panels |= self.env["protect.panel"].create(
                {"name": f"{name} panel", "chair_id": chair.id}
            )
        order = self._order_of(
            self.liaison, "protect.panel", [("id", "in", panels.ids)], "chair_id"
        )
        self.assertEqual(order, panels.sorted(lambda p: p.chair_id.name).ids)

    # ------------------------------------------------------- 9. stored figures

    def test_attendance_figures_count_only_meetings_the_viewer_sees(self):
        _meeting, membership = self._panel_meeting("Mixed panel")
        self._engagement(
            "Mixed panel secret meeting",
            sensitivity="secret",
            engagement_type_id=self.type_panel_meeting.id,
            panel_id=membership.panel_id.id,
        )
        self.assertEqual(
            self.as_user(self.liaison, "protect.panel.membership")
            .browse(membership.id)
            .meetings_held,
            1,
        )
        self.assertEqual(
            self.as_user(self.officer, "protect.panel.membership")
            .browse(membership.id)
            .meetings_held,
            2,
        )

    def test_attendance_filter_uses_the_viewers_figures(self):
        _meeting, membership = self._panel_meeting("Filtered panel")
        secret = self._engagement(
            "Filtered panel secret meeting",
            sensitivity="secret",
            engagement_type_id=self.type_panel_meeting.id,
            panel_id=membership.panel_id.id,
        )
        secret.attendance_ids.status = "absent"
        memberships = self.as_user(self.liaison, "protect.panel.membership")
        self.assertNotIn(
            membership, memberships.search([("attendance_rate", "<", 100)])
        )
        memberships = self.as_user(self.officer, "protect.panel.membership")
        self.assertIn(membership, memberships.search([("attendance_rate", "<", 100)]))

    # ------------------------------------------------------- 10. documents

    def _brief_html(self, user, engagement):
        report = self.env["ir.actions.report"].with_user(user)
        html, _kind = report._render_qweb_html(
            "protect_engagement.report_engagement_brief", engagement.ids
        )
        return html.decode()

    def test_brief_carries_the_highest_marking_it_prints(self):
        sensitive = self._stakeholder("Guarded Org", sensitivity="official_sensitive")
        meeting = self._engagement("Plain brief", partners=sensitive)
        self.assertIn("OFFICIAL-SENSITIVE", self._brief_html(self.officer, meeting))

    def test_liaison_brief_leaves_out_hidden_stakeholders_and_their_marking(self):
        self.assertIn(self.secret_org, self.open_meeting.partner_ids)  # cached
        html = self._brief_html(self.liaison, self.open_meeting)
        self.assertIn("Trentside Credit Union", html)
        self.assertNotIn("Restricted", html)
        self.assertNotIn("SECRET", html)

    def test_liaison_brief_leaves_out_hidden_attendees(self):
        meeting, membership = self._panel_meeting("Briefed panel")
        secret_member = self.env["protect.panel.membership"].create(
            {
                "panel_id": membership.panel_id.id,
                "partner_id": self.secret_person.id,
                "date_start": "2020-01-01",
                "role": "chair",
            }
        )
        meeting.action_refresh_attendance()
        self.assertIn(secret_member, meeting.attendance_ids.membership_id)
        html = self._brief_html(self.liaison, meeting)
        self.assertNotIn("Restricted", html)
        self.assertNotIn("Ada Hidden", html)

    # ------------------------------------------------------- 13. existence oracles

    def test_engagement_domain_on_hidden_stakeholder_matches_nothing(self):
        engagements = self.as_user(self.liaison, "protect.engagement")
        self.assertEqual(
            engagements.search_count([("partner_ids", "in", self.secret_org.ids)]), 0
        )
        self.assertEqual(
            engagements.search_count([("partner_ids", "not in", self.secret_org.ids)]),
            engagements.search_count([("partner_ids", "not in", [-1])]),
        )

    def test_partner_domain_on_hidden_person_matches_nothing(self):
        partners = self.as_user(self.liaison, "res.partner")
        self.assertFalse(
            partners.search([("child_ids", "in", self.secret_person_open_org.ids)])
        )
        self.assertIn(
            self.open_org, partners.search([("child_ids", "in", self.open_person.ids)])
        )

    def test_partner_domain_on_hidden_engagement_matches_nothing(self):
        partners = self.as_user(self.liaison, "res.partner")
        self.assertFalse(
            partners.search([("protect_engagement_ids", "in", self.secret_meeting.ids)])
        )

    def test_membership_of_hidden_member_on_visible_panel_is_hidden(self):
        panel = self.env["protect.panel"].create({"name": "Open panel"})
        membership = self.env["protect.panel.membership"].create(
            {"panel_id": panel.id, "partner_id": self.secret_person.id}
        )
        memberships = self.as_user(self.liaison, "protect.panel.membership")
        self.assertFalse(memberships.search([("id", "=", membership.id)]))
        self.assertEqual(
            self.as_user(self.liaison, "protect.panel").browse(panel.id).membership_ids,
            memberships.browse(),
        )

    # ------------------------------------------------------- 17. bad input

    def test_engagement_starting_in_year_9999_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Start:"):
            self.as_user(self.officer, "protect.engagement").create(
                {
                    "name": "Far future",
                    "engagement_type_id": self.type_partner_meeting.id,
                    "date_start": "9999-12-31 23:00:00",
                }
            )

    def test_engagement_lasting_a_billion_hours_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Start:"):
            self.as_user(self.officer, "protect.engagement").create(
                {
                    "name": "Endless",
                    "engagement_type_id": self.type_partner_meeting.id,
                    "date_start": "2026-01-05 10:00:00",
                    "duration": 1e9,
                }
            )
