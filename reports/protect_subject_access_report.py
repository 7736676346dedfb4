from datetime import date, datetime

from odoo import api, fields, models

from ..models.protect_sensitivity_mixin import highest_marking as highest_marking_key
from .protect_report_common import (
    DEFAULT_TZ,
    column_widths,
    format_uk_date,
    format_uk_datetime,
    highest_marking,
    organisation_header,
)

# The sections of a subject-access response, in print order.
SECTION_KEYS = (
    "memberships",
    "attendance",
    "engagements",
    "event_registrations",
    "cpd_records",
    "messages",
    "activities",
)


class ReportProtectEngagementReportSubjectAccess(models.AbstractModel):
    """A subject-access response: everything held about one person.

    The content comes from res.partner._protect_subject_access_content, which
    refuses an administrator whose vetting does not clear all of it; the same
    document is written as JSON by the subject-access wizard.
    """

    _name = "report.protect_engagement.report_subject_access"
    _description = "Subject access response"
    # The stamped PDF is logged as a subject-access response, not a plain print.
    _protect_disclosure_kind = "subject_access"

    @api.model
    def _get_report_values(self, docids, data=None):
        """One response per person (normally one); each is refused as a whole
        unless the administrator's vetting clears everything in it."""
        partners = self.env["res.partner"].browse(docids or [])
        partners._protect_check_privacy_admin()
        responses, markings = [], []
        for partner in partners:
            content = partner._protect_subject_access_content()
            marking = partner._protect_subject_access_marking()
            document = self._sar_document(partner, content, marking)
            responses.append(self._printable(document))
            markings.append(marking)
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": self.env.company,
            "organisation": organisation_header(self.env),
            "responses": responses,
            "protect_marking": highest_marking_key(markings),
        }

    # ------------------------------------------------------------------ content

    @api.model
    def _section_titles(self):
        env = self.env
        return {
            "memberships": env._("Panel memberships"),
            "attendance": env._("Attendance at panel meetings"),
            "engagements": env._("Engagements naming them"),
            "event_registrations": env._("Event registrations"),
            "cpd_records": env._("CPD records"),
            "messages": env._("Messages by, on or naming them"),
            "activities": env._("Activities on their contact"),
        }

    @api.model
    def _column_labels(self):
        env = self.env
        return {
            "panel": env._("Panel"),
            "role": env._("Role"),
            "date_start": env._("From"),
            "date_end": env._("To"),
            "notes": env._("Notes"),
            "meeting": env._("Meeting"),
            "date": env._("Date"),
            "status": env._("Status"),
            "subject": env._("Subject"),
            "type": env._("Type"),
            "force_area": env._("Force area"),
            "outcome": env._("Outcome"),
            "key_learning": env._("Key learning"),
            "marking": env._("Marking"),
            "event": env._("Event"),
            "activity": env._("Activity"),
            "category": env._("Category"),
            "hours": env._("Hours"),
            "cpd_year": env._("CPD year"),
            "author": env._("Author"),
            "document": env._("On"),
            "body": env._("Text"),
            "message_type": env._("Kind"),
            "on_their_contact": env._("On their contact"),
            "due": env._("Due"),
            "summary": env._("Summary"),
            "note": env._("Note"),
            "assigned_to": env._("Assigned to"),
        }

    @api.model
    def _sar_document(self, partner, content, marking):
        """The response as plain values (dates as date/datetime): what the
        JSON file holds and the PDF prints."""
        count = sum(len(content[key]) for key in SECTION_KEYS)
        document = {
            "title": self.env._("Subject access response"),
            "person_id": partner.id,
            "generated_on": fields.Datetime.now(),
            "generated_by": self.env.user.name,
            "marking": marking,
            "marking_label": highest_marking(self.env, [marking]),
            "contact": content["contact"],
            **{key: content[key] for key in SECTION_KEYS},
            "item_count": count,
            "statement": "",
        }
        # The contact's own log (created, details changed) is listed, yet is
        # no record about the person beyond their contact details.
        own_log = [
            m
            for m in content["messages"]
            if m["message_type"] == "notification" and m["on_their_contact"]
        ]
        if count == len(own_log):
            document["statement"] = self.env._(
                "Apart from the contact details above and their contact's own "
                "change log, the Protect register holds nothing about this person: "
                "no panel memberships, attendance, engagements, event "
                "registrations, CPD records, other messages or activities."
            )
        return document

    # ------------------------------------------------------------------ print

    @api.model
    def _format(self, value):
        env = self.env
        if isinstance(value, bool):
            return env._("Yes") if value else env._("No")
        if isinstance(value, datetime):
            return format_uk_datetime(env, value)
        if isinstance(value, date):
            return format_uk_date(env, value)
        if value is None:
            return ""
        return str(value)

    @api.model
    def _printable(self, document):
        """The document with every value as text, UK dates, and the labels."""
        partner_fields = self.env["res.partner"]._fields
        titles = self._section_titles()
        labels = self._column_labels()
        sections = []
        for key in SECTION_KEYS:
            rows = document[key]
            columns = list(rows[0]) if rows else []
            headers = [labels.get(c, c) for c in columns]
            cells = [[self._format(row[c]) for c in columns] for row in rows]
            sections.append(
                {
                    "title": titles[key],
                    "columns": [
                        {"label": label, "width": width}
                        for label, width in zip(
                            headers, column_widths(headers, cells), strict=True
                        )
                    ],
                    "rows": cells,
                }
            )
        contact = [
            (partner_fields[name]._description_string(self.env), self._format(value))
            for name, value in document["contact"].items()
        ]
        name = document["contact"].get("name") or ""
        return {
            "heading": {
                "title": document["title"],
                "subtitle": self.env._(
                    "%(name)s: everything the Protect register holds about them "
                    "(UK GDPR article 15)",
                    name=name,
                ),
                "marking": document["marking_label"],
                "printed_by": document["generated_by"],
                "printed_on": self._format(document["generated_on"]),
            },
            "contact": contact,
            "sections": sections,
            "item_count": document["item_count"],
            "statement": document["statement"],
            "tz": self.env.user.tz or DEFAULT_TZ,
        }
