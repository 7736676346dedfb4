"""Liaison users open events and register for them, as the web client does."""

from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ProtectCommon

X2MANY = ("one2many", "many2many")
SUBVIEWS = ("list", "form", "kanban")


@tagged("post_install", "-at_install")
class TestLiaisonEvents(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls._cpd_event(
            "Protective security seminar", fields.Date.today() + timedelta(days=7)
        )

    # ------------------------------------------------------------------ helpers

    def _form_spec(self, model, node):
        """The web_read specification the web client builds from a form arch:
        every field of ``node``, x2many fields with the fields of their subview,
        relational fields otherwise with their display name."""
        spec = {}
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                spec.update(self._form_spec(model, child))
                continue
            field = self.env[model]._fields[child.get("name")]
            if field.type in X2MANY:
                subviews = [sub for sub in child if sub.tag in SUBVIEWS]
                sub_spec = {"display_name": {}}
                for subview in subviews:
                    sub_spec.update(self._form_spec(field.comodel_name, subview))
                spec[field.name] = {"fields": sub_spec}
            elif field.type == "many2one":
                spec[field.name] = {"fields": {"display_name": {}}}
            else:
                spec[field.name] = {}
        return spec

    def _open_event_form(self, user, action_xmlid):
        """Open the event as ``user`` from the form of the action."""
        action = self.env.ref(action_xmlid)
        form_id = next((view for view, mode in action.views if mode == "form"), False)
        events = self.env["event.event"].with_user(user)
        views = events.get_views([(form_id, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        return self.event.with_user(user).web_read(self._form_spec("event.event", arch))

    def _register(self, user, **values):
        """Register ``user`` for the event as the registration form saves it."""
        registrations = self.env["event.registration"].with_user(user)
        return registrations.create(
            {"event_id": self.event.id, "partner_id": user.partner_id.id, **values}
        )

    def _open_registration_form(self, user, registration):
        registrations = self.env["event.registration"].with_user(user)
        views = registrations.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        spec = self._form_spec("event.registration", arch)
        return registration.with_user(user).web_read(spec)

    # ------------------------------------------------------------------ tests

    def test_liaison_opens_cpd_event_from_protect_menu(self):
        data = self._open_event_form(
            self.liaison, "protect_engagement.event_event_action_protect_cpd"
        )
        self.assertEqual(data[0]["name"], "Protective security seminar")

    def test_liaison_opens_event_from_events_app(self):
        data = self._open_event_form(self.liaison, "event.action_event_view")
        self.assertEqual(data[0]["name"], "Protective security seminar")

    def test_liaison_registers_for_event(self):
        registration = self._register(self.liaison)
        self.assertEqual(
            self.event.with_user(self.liaison).registration_ids, registration
        )

    def test_liaison_opens_own_registration_with_answers(self):
        question = self.env["event.question"].create(
            {"title": "Dietary needs", "question_type": "text_box"}
        )
        self.event.question_ids = [Command.link(question.id)]
        answer = {"question_id": question.id, "value_text_box": "None"}
        registration = self._register(
            self.liaison, registration_answer_ids=[Command.create(answer)]
        )
        data = self._open_registration_form(self.liaison, registration)
        self.assertEqual(
            data[0]["registration_answer_ids"][0]["question_id"]["display_name"],
            "Dietary needs",
        )

    def test_liaison_cannot_change_event_questions(self):
        question = self.env["event.question"].create(
            {"title": "Dietary needs", "question_type": "text_box"}
        )
        with self.assertRaises(AccessError):
            question.with_user(self.liaison).write({"title": "Anything else"})

    def test_liaison_cannot_see_registration_above_vetting(self):
        partner = self._stakeholder("Hidden Ltd", sensitivity="secret")
        hidden = self.env["event.registration"].create(
            {"event_id": self.event.id, "partner_id": partner.id}
        )
        registrations = self.event.with_user(self.liaison).registration_ids
        self.assertNotIn(hidden.id, registrations.ids)


@tagged("post_install", "-at_install")
class TestCpdAttendanceMarkedByOfficers(ProtectCommon):
    """Marking someone attended at a CPD event puts hours on their CPD record:
    the liaison's registration-desk rights let them claim their own attendance
    (their manager confirms it), not mark a colleague's or a partner's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls._cpd_event(
            "Insider threat workshop", fields.Date.today() - timedelta(days=2)
        )
        registrations = cls.env["event.registration"]
        cls.mine = registrations.create(
            {"event_id": cls.event.id, "partner_id": cls.liaison.partner_id.id}
        )
        cls.colleagues = registrations.create(
            {"event_id": cls.event.id, "partner_id": cls.officer.partner_id.id}
        )

    def _refused(self, action):
        with self.assertRaisesRegex(AccessError, "you can mark only your own"):
            with self.env.cr.savepoint():
                action()

    def test_liaison_cannot_mark_colleague_attended(self):
        theirs = self.colleagues.with_user(self.liaison)
        self._refused(theirs.action_set_done)
        self._refused(lambda: theirs.write({"state": "done"}))
        self.assertEqual(self.colleagues.state, "open")

    def test_liaison_cannot_register_someone_as_attended(self):
        registrations = self.env["event.registration"].with_user(self.liaison)
        partner = self._stakeholder("Attendee Ltd")
        self._refused(
            lambda: registrations.create(
                {"event_id": self.event.id, "partner_id": partner.id, "state": "done"}
            )
        )

    def test_liaison_cannot_undo_or_move_colleague_attendance(self):
        self.colleagues.with_user(self.officer).action_set_done()
        theirs = self.colleagues.with_user(self.liaison)
        self._refused(theirs.action_cancel)
        self._refused(lambda: theirs.write({"protect_cpd_hours": 1.0}))
        self.assertEqual(self.colleagues.state, "done")
        self.assertEqual(self.colleagues.protect_cpd_hours, 3.0)

    def test_liaison_cannot_pass_own_attendance_to_someone_else(self):
        mine = self.mine.with_user(self.liaison)
        mine.action_set_done()
        self._refused(lambda: mine.write({"partner_id": self.officer.partner_id.id}))
        self.assertEqual(self.mine.partner_id, self.liaison.partner_id)

    def test_liaison_claims_own_attendance(self):
        self.mine.with_user(self.liaison).action_set_done()
        self.assertEqual(self.mine.state, "done")

    def test_officer_marks_colleague_attendance(self):
        self.mine.with_user(self.officer).action_set_done()
        self.assertEqual(self.mine.state, "done")

    def test_liaison_marks_attendance_outside_cpd(self):
        # Odoo's own events keep the registration desk's rights.
        self.event.protect_is_cpd = False
        self.colleagues.with_user(self.liaison).action_set_done()
        self.assertEqual(self.colleagues.state, "done")

    def test_attended_button_only_where_it_may_be_used(self):
        cases = (
            (self.liaison, self.colleagues, False),
            (self.liaison, self.mine, True),
            (self.officer, self.mine, True),
        )
        for user, registration, shown in cases:
            registration = registration.with_user(user)
            self.assertIs(registration.protect_can_mark_attendance, shown)
        arch = self.mine.with_user(self.liaison).get_views([(False, "form")])
        header = etree.fromstring(arch["views"]["form"]["arch"]).xpath("//header")[0]
        button = header.xpath("button[@name='action_set_done']")[0]
        self.assertIn("not protect_can_mark_attendance", button.get("invisible"))
        status = header.xpath("field[@name='state']")[0]
        self.assertEqual(status.get("readonly"), "not protect_can_mark_attendance")
