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
