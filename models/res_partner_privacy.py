"""Erasure and subject access for a person (UK GDPR articles 15 and 17).

Anonymising keeps the contact and its id: what the unit did with an
organisation (engagements, memberships, attendance and every figure counted
from them) stays whole, and now names "Anonymised person". What identifies the
person goes: their own details, their subscriptions, their attachments, and
their name, e-mail and phone wherever chatter, tracking, activities, event
registrations, calendar meetings or engagement texts repeat them.

The contact stays active: archiving would drop it from the lists that show
history (an engagement's stakeholders, a panel's members) and from the
figures that count active contacts, which were about the organisation's
engagement, not the person.

A subject-access response is everything the addon holds about one person. It
is given only to an administrator whose vetting clears all of it: a partial
response would be wrong, so the decision is taken past the rules (markings
only), and the content is then read as the administrator.
"""

import re

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_date, html2plaintext

from .protect_sensitivity_mixin import highest_marking

ADMIN_GROUP = "protect_engagement.group_admin"
# A person's own details, cleared on anonymisation (those the registry has).
PERSONAL_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "country_id",
    "website",
    "function",
    "comment",
    "vat",
    "image_1920",
)
# Where the person's old name, e-mail or phone may be repeated in text:
# (model, text fields). Rewritten on anonymisation where they appear.
TEXT_MENTIONS = (
    ("mail.message", ("body", "subject", "email_from")),
    (
        "mail.tracking.value",
        ("old_value_char", "new_value_char", "old_value_text", "new_value_text"),
    ),
    ("mail.activity", ("summary", "note")),
    ("protect.engagement", ("name", "outcome", "key_learning")),
    ("protect.panel.membership", ("notes",)),
    ("calendar.event", ("name", "description")),
)
# A value shorter than this is not searched for in text: it would match words.
MIN_TERM_LENGTH = 3
# Contact details a subject-access response gives (those the registry has).
SUBJECT_ACCESS_CONTACT_FIELDS = (
    "name",
    "parent_id",
    "function",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "country_id",
    "website",
    "comment",
    "protect_stakeholder",
    "protect_sector_id",
    "protect_force_area_id",
    "protect_owner_id",
    "protect_status",
    "protect_sensitivity",
    "protect_anonymised",
    "protect_anonymised_on",
)


def mention_pattern(terms):
    """A case-insensitive pattern matching any of ``terms`` as a whole, in
    plain text or HTML-escaped; None when no term is long enough."""
    variants = set()
    for term in terms:
        term = (term or "").strip()
        if len(term) >= MIN_TERM_LENGTH:
            variants.update({term, str(escape(term))})
    if not variants:
        return None
    parts = []
    for variant in sorted(variants, key=len, reverse=True):
        part = re.escape(variant)
        if re.match(r"\w", variant[0]):
            part = rf"(?<!\w){part}"
        if re.match(r"\w", variant[-1]):
            part = rf"{part}(?!\w)"
        parts.append(part)
    return re.compile("|".join(parts), re.IGNORECASE)


def mention_domain(field_names, terms):
    """Domain: any of ``field_names`` contains any of ``terms`` (ilike)."""
    terms = [t.strip() for t in terms if t and len(t.strip()) >= MIN_TERM_LENGTH]
    variants = {v for term in terms for v in (term, str(escape(term)))}
    return Domain.OR(
        Domain(name, "ilike", variant)
        for name in field_names
        for variant in sorted(variants)
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    protect_anonymised = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        help="The person's identifying details were erased; the contact is kept "
        "so that the organisation's engagement history stays whole.",
    )
    protect_anonymised_on = fields.Date(
        string="Anonymised on", readonly=True, copy=False
    )

    # ------------------------------------------------------------------ checks

    def _protect_check_privacy_admin(self):
        if not self.env.user.has_group(ADMIN_GROUP):
            raise AccessError(
                self.env._(
                    "Privacy: only Protect administrators can anonymise a person or "
                    "answer a subject-access request."
                )
            )

    def _protect_check_person(self):
        """Refuse what is not one person the administrator's vetting clears."""
        self.ensure_one()
        self._protect_check_privacy_admin()
        if not self.exists() or self._protect_restricted():
            # Hidden or gone: the same answer, without a name.
            raise UserError(
                self.env._(
                    "%(field)s: your vetting does not clear this contact's marking.",
                    field=self._protect_label(),
                )
            )
        self.check_access("read")
        if self.is_company:
            raise UserError(
                self.env._(
                    "%(field)s: %(name)s is an organisation; only a person's data "
                    "can be erased or reported.",
                    field=self._fields["is_company"]._description_string(self.env),
                    name=self.display_name,
                )
            )

    def _protect_check_anonymisable(self):
        """Refuse anonymising this contact, saying why (UserError)."""
        self._protect_check_person()
        if self.protect_anonymised:
            raise UserError(
                self.env._(
                    "%(field)s: %(name)s was anonymised on %(date)s.",
                    field=self._fields["protect_anonymised"]._description_string(
                        self.env
                    ),
                    name=self.display_name,
                    date=format_date(
                        self.env, self.protect_anonymised_on, date_format="dd/MM/yyyy"
                    ),
                )
            )
        # sudo (1): whether any user, archived ones too, is this contact.
        if self.sudo().with_context(active_test=False).user_ids:
            raise UserError(
                self.env._(
                    "%(field)s: %(name)s is the contact of a user account (active "
                    "or archived); a user's contact cannot be anonymised.",
                    field=self._fields["user_ids"]._description_string(self.env),
                    name=self.display_name,
                )
            )
        if self.env["hr.employee"]._protect_by_partner(self):
            raise UserError(
                self.env._(
                    "%(field)s: %(name)s is an employee's contact; staff records "
                    "are kept and erased by HR, not here.",
                    field=self.env._("Employee"),
                    name=self.display_name,
                )
            )
        self.check_access("write")

    # ------------------------------------------------------------------ anonymise

    def _protect_anonymise(self):
        """Erase this person's identifying details (see the module docstring).

        Checked first, then written in one go: a refusal leaves nothing
        half-written. Returns the disclosure log row.
        """
        self._protect_check_anonymisable()
        anonymous = self.env._("Anonymised person")
        marking = self._protect_marking()
        terms = [self.name, self.email, self.phone]
        if "mobile" in self._fields:
            terms.append(self.mobile)
        self._protect_rewrite_mentions(terms, anonymous)
        # sudo (2): upkeep of the permitted erasure: the person's subscriptions
        # to any record, and the files kept on their contact.
        self.env["mail.followers"].sudo().search(
            [("partner_id", "=", self.id)]
        ).unlink()
        # sudo (2): same, the attachments on the contact (not its own fields).
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
            ]
        ).unlink()
        # sudo (2): same, the name and address event registrations copied.
        registrations = (
            self.env["event.registration"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", self.id)])
        )
        registrations.with_context(tracking_disable=True).write(
            {"name": anonymous, "email": False, "phone": False}
        )
        values = {name: False for name in PERSONAL_FIELDS if name in self._fields}
        values.update(dict.fromkeys(self._protect_personal_text_fields(), False))
        values.update(
            name=anonymous,
            protect_anonymised=True,
            protect_anonymised_on=fields.Date.context_today(self),
        )
        self.with_context(tracking_disable=True).write(values)
        self.message_post(
            body=self.env._(
                "This person was anonymised by %(user)s: their identifying details "
                "were erased here and wherever the chatter named them.",
                user=self.env.user.name,
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        return self.env["protect.disclosure.log"]._protect_record(
            "anonymisation",
            self.env._("Anonymisation"),
            res_model=self._name,
            res_ids=self.ids,
            record_count=1,
            marking=marking,
        )

    @api.model
    def _protect_personal_text_fields(self):
        """The register's own text fields on a person (notes and the like):
        every stored, editable char/text/html field named protect_*."""
        return [
            name
            for name, field in self._fields.items()
            if name.startswith("protect_")
            and field.type in ("char", "text", "html")
            and field.store
            and not field.related
            and not (field.compute and field.readonly)
        ]

    @api.model
    def _protect_rewrite_mentions(self, terms, replacement):
        """Replace ``terms`` by ``replacement`` in every text of TEXT_MENTIONS
        where they appear as a whole word; searched in SQL (ilike), replaced
        here. Returns the number of records rewritten."""
        pattern = mention_pattern(terms)
        if pattern is None:
            return 0
        rewritten = 0
        for model_name, field_names in TEXT_MENTIONS:
            if model_name not in self.env:
                continue
            # sudo (2): upkeep of the permitted erasure: the person's name is
            # rewritten wherever it is repeated, on records the administrator
            # may not read too; nothing is shown.
            model = (
                self.env[model_name]
                .sudo()
                .with_context(
                    active_test=False, tracking_disable=True, mail_notrack=True
                )
            )
            names = [n for n in field_names if n in model._fields]
            if not names:
                continue
            for record in model.search(mention_domain(names, terms)):
                values = {}
                for name in names:
                    text = record[name]
                    if not text:
                        continue
                    new_text = pattern.sub(str(escape(replacement)), str(text))
                    if new_text != str(text):
                        # HTML stays HTML: the text replaced is escaped.
                        html = model._fields[name].type == "html"
                        values[name] = Markup(new_text) if html else new_text
                if values:
                    record.write(values)
                    rewritten += 1
        return rewritten

    # ------------------------------------------------------------------ subject access

    def _protect_subject_access_marking(self):
        """The highest marking of everything held about this person, decided
        past the rules: the contact, their engagements and panel meetings,
        panels, and the documents of the messages about them."""
        self.ensure_one()
        # sudo (1): the markings decide whether the response may be given at
        # all; nothing read here is shown.
        partner = self.sudo().with_context(active_test=False)
        markings = {partner._protect_marking()}
        env = partner.env
        engagements = env["protect.engagement"].search(
            [("partner_ids", "in", partner.ids)]
        )
        memberships = env["protect.panel.membership"].search(
            [("partner_id", "=", partner.id)]
        )
        markings.update(engagements._protect_record_markings().values())
        markings.update(memberships.panel_id._protect_record_markings().values())
        meetings = memberships.attendance_ids.engagement_id
        markings.update(meetings._protect_record_markings().values())
        messages = env["mail.message"].search(partner._protect_message_domain())
        messages = messages.filtered(partner._protect_names_in_message)
        for model_name, found in messages.grouped("model").items():
            if model_name and model_name in env:
                documents = env[model_name].browse(set(found.mapped("res_id")) - {0})
                markings.update(documents.exists()._protect_record_markings().values())
        return highest_marking(markings)

    def _protect_check_subject_access(self):
        """Refuse a subject-access response the administrator could only give
        in part, naming the marking their vetting would need."""
        self._protect_check_person()
        needed = self._protect_subject_access_marking()
        if needed not in self.env.user._protect_cleared_sensitivities():
            labels = dict(
                self._fields["protect_sensitivity"]._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "Subject access: some of what is held about this person is "
                    "marked %(marking)s, which your vetting does not clear, and a "
                    "partial subject-access response would be wrong. An "
                    "administrator whose vetting clears %(marking)s must answer it.",
                    marking=labels[needed],
                )
            )
        return needed

    def _protect_message_domain(self):
        """Messages authored by this person, on their contact, or whose text
        may name them (narrowed by _protect_names_in_message)."""
        terms = [self.name, self.email, self.phone]
        return (
            Domain("author_id", "=", self.id)
            | (Domain("model", "=", self._name) & Domain("res_id", "=", self.id))
            | mention_domain(["body", "subject"], terms)
        )

    def _protect_names_in_message(self, message):
        """Whether ``message`` is by, on or about this person (whole words)."""
        if message.author_id == self or (
            message.model == self._name and message.res_id == self.id
        ):
            return True
        pattern = mention_pattern([self.name, self.email, self.phone])
        text = f"{message.body or ''} {message.subject or ''}"
        return bool(pattern and pattern.search(text))

    def _protect_subject_access_content(self):
        """Everything held about this person, read as the administrator once
        _protect_check_subject_access has passed: a dict of plain values
        (dates as date/datetime), the same for the PDF and the JSON."""
        self._protect_check_subject_access()
        env = self.env
        content = {
            "person_id": self.id,
            "contact": self._protect_sar_contact(),
            "memberships": [],
            "attendance": [],
            "engagements": [],
            "event_registrations": [],
            "cpd_records": [],
            "messages": [],
            "activities": [],
        }
        memberships = env["protect.panel.membership"].search(
            [("partner_id", "=", self.id)], order="date_start, id"
        )
        content["memberships"] = [
            {
                "panel": m.panel_id.display_name,
                "role": _selection_label(m, "role"),
                "date_start": m.date_start,
                "date_end": m.date_end or None,
                "notes": m.notes or "",
            }
            for m in memberships
        ]
        attendance = env["protect.panel.attendance"].search(
            [("membership_id", "in", memberships.ids)]
        )
        content["attendance"] = [
            {
                "meeting": a.engagement_id.display_name,
                "panel": a.membership_id.panel_id.display_name,
                "date": a.engagement_id.date_start,
                "status": _selection_label(a, "status"),
            }
            for a in attendance.sorted(lambda a: (a.engagement_id.date_start, a.id))
        ]
        engagements = (
            env["protect.engagement"]
            .with_context(active_test=False)
            .search([("partner_ids", "in", self.ids)], order="date_start, id")
        )
        content["engagements"] = [
            {
                "date": e.date_start,
                "subject": e.name,
                "type": e.engagement_type_id.display_name,
                "status": _selection_label(e, "state"),
                "force_area": e.force_area_id.display_name or "",
                "outcome": _plain(e.outcome),
                "key_learning": _plain(e.key_learning),
                "marking": _selection_label(e, "sensitivity"),
            }
            for e in engagements
        ]
        registrations = (
            env["event.registration"]
            .with_context(active_test=False)
            .search([("partner_id", "=", self.id)], order="id")
        )
        content["event_registrations"] = [
            {
                "event": r.event_id.display_name,
                "date": r.event_id.date_begin,
                "status": _selection_label(r, "state"),
            }
            for r in registrations
        ]
        employee = env["hr.employee"]._protect_by_partner(self).get(self.id)
        if employee:
            records = env["protect.cpd.record"].search(
                [("employee_id", "=", employee.id)], order="date, id"
            )
            content["cpd_records"] = [
                {
                    "date": r.date,
                    "activity": r.name,
                    "category": r.category_id.display_name,
                    "hours": r.hours,
                    "cpd_year": r.cpd_year or "",
                    "status": _selection_label(r, "state"),
                }
                for r in records
            ]
        messages = env["mail.message"].search(
            self._protect_message_domain(), order="date, id"
        )
        content["messages"] = [
            {
                "date": m.date,
                "author": m.author_id.display_name or m.email_from or "",
                "document": m.record_name or "",
                "subject": m.subject or "",
                "body": _plain(m.body),
                "message_type": m.message_type,
                "on_their_contact": m.model == self._name and m.res_id == self.id,
            }
            for m in messages.filtered(self._protect_names_in_message)
        ]
        activities = env["mail.activity"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            order="date_deadline, id",
        )
        content["activities"] = [
            {
                "due": a.date_deadline,
                "type": a.activity_type_id.display_name or "",
                "summary": a.summary or "",
                "note": _plain(a.note),
                "assigned_to": a.user_id.display_name or "",
            }
            for a in activities
        ]
        return content

    def _protect_sar_contact(self):
        """The person's contact details: {field name: plain value}."""
        contact = {}
        for name in SUBJECT_ACCESS_CONTACT_FIELDS:
            field = self._fields.get(name)
            if field is None:
                continue
            value = self[name]
            if field.type == "many2one":
                value = value.display_name or ""
            elif field.type == "selection":
                value = _selection_label(self, name)
            elif field.type == "html":
                value = _plain(value)
            elif field.type in ("char", "text"):
                value = value or ""
            elif field.type in ("date", "datetime"):
                value = value or None
            contact[name] = value
        return contact

    # ------------------------------------------------------------------ actions

    def _protect_privacy_wizard(self, model_name, title):
        self.ensure_one()
        self._protect_check_privacy_admin()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model_name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_protect_anonymise(self):
        return self._protect_privacy_wizard(
            "protect.partner.anonymise.wizard", self.env._("Anonymise person")
        )

    def action_protect_subject_access(self):
        return self._protect_privacy_wizard(
            "protect.subject.access.wizard", self.env._("Subject access")
        )


def _selection_label(record, field_name):
    value = record[field_name]
    if not value:
        return ""
    selection = record._fields[field_name]._description_selection(record.env)
    return dict(selection).get(value, value)


def _plain(html):
    return html2plaintext(html).strip() if html else ""
