# pylint: disable=too-many-lines
# (one sweep: canaries, paths and checker read best together)
"""The canary sweep: records above the viewers' clearance, marked with a token,
and a walk over every model and client path that reports where it shows.

Nothing here lists the addon's models or fields: the sweep discovers them from
the registry, so a new model or field is swept without anyone adding it.

- ``CanaryChecker`` looks for the tokens (case-insensitively) in anything a
  client could receive, and for the ids of hidden canaries where a record is
  named (many2one values, x2many ids, res_model/res_id pairs, groups).
- ``CanarySweep`` runs every path, as one user, and collects findings.
- ``CanaryCase`` plants the canaries, as superuser, once per class.
"""

import io
import itertools
import json
import time
import zipfile
from datetime import date, timedelta

import psycopg2

from odoo import Command, fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import mute_logger

from odoo.addons.mail.tools.discuss import Store

from .common import ProtectCommon

MODULE = "protect_engagement"
# One token per kind of canary. Neither contains the other.
TOKEN = "CANARY7Q3X"  # SECRET records: nobody below SC sees them
CPD_TOKEN = "CPDCANARY9K2W"  # a CPD record outside the viewer's team
# Refusing is not leaking.
REFUSALS = (AccessError, MissingError, UserError, ValidationError)
# Where Odoo keeps what belongs to any record: swept along with the addon's own.
COLLABORATORS = (
    "mail.message",
    "mail.activity",
    "mail.followers",
    "mail.notification",
    "calendar.event",
    "calendar.attendee",
    "event.registration",
    "ir.attachment",
)
TEXT_TYPES = ("char", "text", "html")
RELATIONAL = ("many2one", "many2many", "one2many")
# Text fields that name code, files or secrets rather than hold words.
TECHNICAL_PARTS = (
    "token",
    "model",
    "res_field",
    "password",
    "fname",
    "checksum",
    "mimetype",
)
# A search term nothing holds: what a search for the token must behave like.
NOTHING = "QQNOTHING4Z8"
MISSING_ID = 2_000_000_000
FAR_PAST, FAR_FUTURE = date(1990, 1, 1), date(2090, 1, 1)


def token_value(token, field_name, number):
    """A value holding ``token`` that the field's own checks accept."""
    low = token.lower()
    if "email" in field_name:
        return f"{low}{number}@example.com"
    if "website" in field_name or "url" in field_name:
        return f"https://{low}{number}.example.com"
    return f"{token} {number}"


def plantable(field):
    return (
        field.type in TEXT_TYPES
        and field.store
        and not field.related
        and not (field.compute and field.readonly)
        and not any(part in field.name for part in TECHNICAL_PARTS)
    )


def plant(record, token, numbers):
    """Write ``token`` into every writable, stored, non-technical text field of
    ``record``; fields whose checks refuse the value are left alone. Returns
    the names of the fields planted."""
    planted = []
    for name, field in record._fields.items():
        if not plantable(field):
            continue
        value = token_value(token, name, next(numbers))
        if field.type == "html":
            value = f"<p>{value}</p>"
        try:
            with mute_logger("odoo.sql_db"), record.env.cr.savepoint():
                record.write({name: value})
                record.env.flush_all()
        except (ValidationError, UserError, ValueError, psycopg2.Error):
            record.env.invalidate_all()
            continue
        planted.append(name)
    return planted


def ids_in(value):
    """The ids a value names: an id, (id, name), [ids], [{id: ...}], {id: ...},
    or a recordset."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int):
        return {value}
    if hasattr(value, "_ids"):
        return set(value.ids)
    if isinstance(value, dict):
        return ids_in(value.get("id"))
    if isinstance(value, (list, tuple)):
        if len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str):
            return {value[0]}
        found = set()
        for item in value:
            if isinstance(item, (int, dict)) and not isinstance(item, bool):
                found |= ids_in(item)
        return found
    return set()


def serialise(payload):
    return json.dumps(payload, default=str).lower()


def file_text(content):
    """The text of an exported file; zip archives (XLSX, CSV tables) unpacked."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
            ).lower()
    return content.decode("utf-8", "replace").lower()


class CanaryChecker:
    """Collects findings: (model, path, what leaked)."""

    def __init__(self, tokens, hidden_ids):
        self.tokens = [token.lower() for token in tokens]
        self.hidden_ids = {model: set(ids) for model, ids in hidden_ids.items() if ids}
        self.findings = []
        self.crashes = []
        self.timings = {}

    def add(self, model, path, message):
        self.findings.append((model, path, message))

    def hidden(self, model, value):
        return ids_in(value) & self.hidden_ids.get(model, set())

    def scan_text(self, model, path, payload):
        """The tokens in anything serialisable (or in text already serialised)."""
        text = payload.lower() if isinstance(payload, str) else serialise(payload)
        for token in self.tokens:
            if token in text:
                at = text.index(token)
                excerpt = text[max(0, at - 60) : at + 30].replace("\n", " ")
                self.add(model, path, f"token {token!r} in …{excerpt}…")

    def scan_rows(self, model, path, rows, info):
        """Rows read by a client (search_read, web_read): the tokens anywhere,
        hidden records themselves, and hidden ids in relational values and in
        res_model/res_id pairs."""
        self.scan_text(model, path, rows)
        for row in rows:
            if not isinstance(row, dict):
                continue
            if self.hidden(model, row.get("id")):
                self.add(model, path, f"hidden record {model}({row['id']}) returned")
            for name, value in row.items():
                meta = info.get(name) or {}
                if meta.get("type") in RELATIONAL:
                    if bad := self.hidden(meta["relation"], value):
                        self.add(
                            model,
                            path,
                            f"{name} names hidden {meta['relation']}{sorted(bad)}",
                        )
            target = row.get("res_model") or row.get("model")
            if isinstance(target, str) and (
                bad := self.hidden(target, row.get("res_id"))
            ):
                self.add(model, path, f"res_id names hidden {target}{sorted(bad)}")

    def scan_groups(self, model, path, groups, info):
        """web_read_group groups or _read_group tuples: tokens and hidden ids."""
        self.scan_text(model, path, groups)
        for group in groups:
            items = group.items() if isinstance(group, dict) else enumerate(group)
            for key, value in items:
                name = str(key).split(":", maxsplit=1)[0]
                meta = info.get(name) or {}
                relation = meta.get("relation") or getattr(value, "_name", None)
                if relation and (bad := self.hidden(relation, value)):
                    self.add(model, path, f"group names hidden {relation}{sorted(bad)}")

    def report(self):
        lines = [
            f"{model} | {path} | {message}" for model, path, message in self.findings
        ]
        return "\n".join(sorted(set(lines)))


class CanarySweep:
    """Every path a client has, for every model of the addon, as one user."""

    def __init__(self, case, user, tokens, hidden_ids):
        self.case = case
        self.user = user
        self.su_env = case.env
        self.env = case.env(user=user.id, context={"active_test": False})
        self.checker = CanaryChecker(tokens, hidden_ids)
        self.hidden_ids = self.checker.hidden_ids

    # ------------------------------------------------------------------ helpers

    def model(self, name):
        self.env.invalidate_all()
        return self.env[name]

    def attempt(self, model, path, func, *args, **kwargs):
        """Run one path; a refusal is no leak. Returns None when refused."""
        try:
            with mute_logger("odoo.models", "odoo.http"), self.env.cr.savepoint():
                return func(*args, **kwargs)
        except REFUSALS:
            return None
        except Exception as error:  # pylint: disable=broad-exception-caught
            # Any other failure is recorded as a crash of that path, not a leak.
            self.checker.crashes.append(
                (model, path, f"{type(error).__name__}: {error}")
            )
            return None

    def sweep_domain(self, name):
        return self.case.sweep_domain(name)

    # ------------------------------------------------------------------ walk

    def run(self, models):
        for name in models:
            self.timed(name, self.sweep_model, name)
        self.timed("message_fetch", self.sweep_message_fetch)
        self.timed("reports", self.sweep_reports)
        self.timed("exports", self.sweep_exports)
        return self.checker

    def timed(self, label, func, *args):
        start = time.perf_counter()
        func(*args)
        self.checker.timings[label] = time.perf_counter() - start

    def sweep_model(self, name):
        # No read right: every path must refuse or show nothing hidden, so all
        # are walked all the same.
        records = self.model(name)
        info = self.attempt(
            name,
            "fields_get",
            records.fields_get,
            attributes=[
                "type",
                "relation",
                "store",
                "groupable",
                "sortable",
                "searchable",
            ],
        )
        if info is None:
            return
        info = {k: v for k, v in info.items() if v["type"] != "properties"}
        domain = self.sweep_domain(name)
        found = self.attempt(name, "search", self.model(name).search, domain) or records
        self.sweep_search_read(name, domain, info)
        self.sweep_web_read(name, found, info)
        self.sweep_groups(name, domain, info)
        self.sweep_name_search(name, domain)
        self.sweep_id_oracles(name, info)
        self.sweep_text_oracles(name, info)
        self.sweep_ordering(name, domain, info)
        self.sweep_export(name, found, info)

    def sweep_search_read(self, name, domain, info):
        rows = self.attempt(
            name,
            "search_read",
            lambda: self.model(name).search_read(domain, list(info)),
        )
        if rows is None:
            # One field refused: read the others one by one, so none hides the
            # rest, and scan the rows put back together.
            merged = {}
            for field_name in info:
                rows = self.attempt(
                    name,
                    f"search_read {field_name}",
                    lambda f=field_name: self.model(name).search_read(domain, [f]),
                )
                for row in rows or []:
                    merged.setdefault(row["id"], {}).update(row)
            rows = list(merged.values())
        self.checker.scan_rows(name, "search_read", rows, info)

    def sweep_web_read(self, name, found, info):
        spec = {
            f: ({"fields": {"display_name": {}}} if meta["type"] in RELATIONAL else {})
            for f, meta in info.items()
        }
        ids = found.ids
        rows = self.attempt(
            name, "web_read", lambda: self.model(name).browse(ids).web_read(spec)
        )
        self.checker.scan_rows(name, "web_read", rows or [], info)

    def sweep_groups(self, name, domain, info):
        for field_name, meta in info.items():
            if not meta.get("groupable") or meta["type"] in ("binary", "html"):
                continue
            spec = field_name
            if meta["type"] in ("date", "datetime"):
                spec = f"{field_name}:day"
            path = f"web_read_group {spec}"
            result = self.attempt(
                name,
                path,
                lambda s=spec: self.model(name).web_read_group(
                    domain, [s], ["__count"]
                ),
            )
            if result:
                self.checker.scan_groups(name, path, result["groups"], info)

    def sweep_name_search(self, name, domain):
        """A search for the token must answer as a search for a term nothing
        holds (some models ignore the term: then both list the same)."""
        nothing = self.attempt(
            name,
            "name_search(nothing)",
            lambda: self.model(name).name_search(NOTHING, limit=None),
        )
        for token in self.checker.tokens:
            result = self.attempt(
                name,
                "name_search(token)",
                lambda t=token: self.model(name).name_search(t, limit=None),
            )
            if result and result != nothing:
                extra = [pair for pair in result if pair not in (nothing or [])]
                self.checker.add(
                    name,
                    "name_search(token)",
                    f"{len(extra)} more than for nothing, {token!r}: {extra[:5]}",
                )
        result = self.attempt(
            name,
            "name_search('')",
            lambda: self.model(name).name_search("", domain=domain, limit=None),
        )
        if result:
            rows = [{"id": pair[0], "display_name": pair[1]} for pair in result]
            self.checker.scan_rows(name, "name_search('')", rows, {})

    def count(self, name, domain):
        return self.attempt(
            name,
            f"search_count {domain}",
            lambda: self.model(name).search_count(domain),
        )

    def sweep_id_oracles(self, name, info):
        """Hidden ids in a domain must count as ids that do not exist."""
        targets = [("id", name)] + [
            (f, meta["relation"])
            for f, meta in info.items()
            if meta["type"] in RELATIONAL
            and meta.get("searchable")
            and meta["relation"] in self.hidden_ids
        ]
        checks = []  # (field, operator, hidden ids)
        for field_name, relation in targets:
            hidden = sorted(self.hidden_ids.get(relation, ()))
            comodel = self.env[relation]
            checks.append((field_name, "in", hidden))
            if comodel._parent_name in comodel._fields:
                checks.append((field_name, "child_of", hidden))
                checks.append((field_name, "parent_of", hidden))
        self.compare_counts(
            name,
            [((f, op, ids), (f, op, [MISSING_ID])) for f, op, ids in checks],
            lambda f, op: f"search_count {f} {op} hidden ids",
        )

    def compare_counts(self, name, pairs, label):
        """Each (condition, baseline) pair must count alike. All pairs are
        first counted at once (one OR each side); only a difference is then
        looked into pair by pair."""
        if not pairs:
            return
        whole = self.count(name, list(Domain.OR([Domain(*c) for c, _b in pairs])))
        base = self.count(name, list(Domain.OR([Domain(*b) for _c, b in pairs])))
        if whole is not None and whole == base:
            return
        for condition, baseline in pairs:
            counted = self.count(name, [condition])
            expected = self.count(name, [baseline])
            if counted is not None and expected is not None and counted != expected:
                self.checker.add(
                    name,
                    label(condition[0], condition[1]),
                    f"{counted} found for {condition[2]!r}, {expected} for "
                    f"{baseline[2]!r}",
                )

    def sweep_text_oracles(self, name, info):
        """Searching for the token, in any searchable text or relational field,
        must count as a search for a term nothing holds."""
        names = [
            f
            for f, meta in info.items()
            if meta.get("searchable")
            and meta["type"] in (*TEXT_TYPES, "many2one", "many2many")
        ]
        self.compare_counts(
            name,
            [
                ((f, "ilike", token), (f, "ilike", NOTHING))
                for f in names
                for token in self.checker.tokens
            ],
            lambda f, _op: f"search_count {f} ilike token",
        )

    def sweep_ordering(self, name, domain, info):
        """Ordering by a many2one must not depend on hidden targets' values."""
        for field_name, meta in info.items():
            relation = meta.get("relation")
            if (
                meta["type"] != "many2one"
                or not meta.get("sortable")
                or relation not in self.hidden_ids
            ):
                continue
            for direction in ("asc", "desc"):
                order = f"{field_name} {direction}, id"
                orders = []
                for low in (True, False):
                    if not self.case.rename_hidden(relation, self.hidden_ids, low):
                        break
                    found = self.attempt(
                        name,
                        f"order {order}",
                        lambda o=order: self.model(name).search(domain, order=o).ids,
                    )
                    orders.append(found)
                if len(orders) == 2 and orders[0] != orders[1]:
                    self.checker.add(
                        name,
                        f"order by {field_name} {direction}",
                        f"position depends on hidden {relation} values: "
                        f"{orders[0]} vs {orders[1]}",
                    )
            self.case.restore_hidden(relation)

    def sweep_export(self, name, found, info):
        if not found or not self.user.has_group("base.group_allow_export"):
            return
        columns = []
        for field_name, meta in info.items():
            field = found._fields.get(field_name)
            if (
                not field
                or not field.exportable
                or field_name == "id"
                or meta["type"] == "binary"
            ):
                continue
            columns.append((field_name, None))
            if meta["type"] in RELATIONAL:
                columns.append((f"{field_name}/.id", meta["relation"]))
        result = self.attempt(
            name,
            "export_data",
            lambda: (
                self.model(name).browse(found.ids).export_data([c for c, _r in columns])
            ),
        )
        if not result:
            return
        self.checker.scan_text(name, "export_data", result)
        for row in result["datas"]:
            for (column, relation), value in zip(columns, row, strict=False):
                if relation and str(value).isdigit():
                    if bad := self.checker.hidden(relation, int(value)):
                        self.checker.add(
                            name, "export_data", f"{column} names hidden {sorted(bad)}"
                        )

    # ------------------------------------------------------------------ chatter

    def sweep_message_fetch(self):
        """The chatter of each hidden thread, and the mailbox search for the
        token, as the web client fetches them (thread access, then messages)."""
        for model, ids in self.hidden_ids.items():
            if "message_ids" not in self.env[model]._fields:
                continue
            for record_id in sorted(ids):
                path = f"thread access {model}"
                thread = self.attempt(
                    model,
                    path,
                    lambda m=model, r=record_id: self.model(m)._get_thread_with_access(
                        r
                    ),
                )
                if thread:
                    self.checker.add(model, path, f"hidden thread {record_id} readable")
                domain = Domain("model", "=", model) & Domain("res_id", "=", record_id)
                self.fetch_messages(model, "message_fetch", domain)
        for token in self.checker.tokens:
            self.fetch_messages(
                "mail.message", "message_fetch search", Domain.TRUE, search_term=token
            )

    def fetch_messages(self, model, path, domain, **params):
        def fetch():
            found = self.model("mail.message")._message_fetch(domain, **params)
            return found["messages"].ids, Store().add(found["messages"]).get_result()

        result = self.attempt(model, path, fetch)
        if result:
            ids, data = result
            self.checker.scan_text(model, path, data)
            if bad := self.checker.hidden("mail.message", ids):
                self.checker.add(model, path, f"hidden messages {sorted(bad)}")

    # ------------------------------------------------------------------ files

    def wizard(self, model_name, **values):
        """A report or export wizard as the user, over the canaries' period."""
        wizards = self.model(model_name)
        values = {
            "date_from": self.case.period[0],
            "date_to": self.case.period[1],
            **values,
        }
        for flag in ("include_people",):
            if flag in wizards._fields:
                values[flag] = True
        return wizards.create(values)

    def sweep_reports(self):
        reports = self.su_env["ir.actions.report"].search(
            [("report_name", "=like", f"{MODULE}.%")]
        )
        for report in reports:
            model = self.su_env[report.model]
            path = f"report {report.report_name}"
            if model._transient:
                wizard = self.attempt(report.model, path, self.wizard, report.model)
                if not wizard:
                    continue
                data = (
                    wizard._report_data() if hasattr(wizard, "_report_data") else None
                )
                self.render(report, path, wizard.ids, data)
                continue
            domain = self.sweep_domain(report.model)
            visible = self.attempt(
                report.model,
                path,
                lambda m=report.model, d=domain: self.model(m).search(d),
            )
            if visible:
                self.render(report, path, visible.ids)
            if hidden := sorted(self.hidden_ids.get(report.model, ())):
                self.render(report, f"{path} of hidden ids", hidden)

    def render(self, report, path, res_ids, data=None):
        def html():
            reports = self.model("ir.actions.report")
            content, _kind = reports._render_qweb_html(
                report.report_name, res_ids, data=data
            )
            return content.decode()

        content = self.attempt(report.model, path, html)
        if content:
            self.checker.scan_text(report.model, path, content)

    def sweep_exports(self):
        """Every format of every file export wizard of the addon."""
        for name in self.case.addon_models:
            model = self.su_env[name]
            if not model._transient or not hasattr(model, "_write_export"):
                continue
            field = model._fields.get("export_format")
            for export_format, _label in field.selection if field else [(None, "")]:
                path = f"export {export_format}"

                def write(fmt=export_format, model_name=name):
                    values = {"export_format": fmt} if fmt else {}
                    wizard = self.wizard(model_name, **values)
                    buffer = io.BytesIO()
                    wizard._write_export(buffer)
                    return buffer.getvalue()

                content = self.attempt(name, path, write)
                if content:
                    self.checker.scan_text(name, path, file_text(content))


class CanaryCase(ProtectCommon):
    """Canaries above the viewers' clearance, and the viewers.

    SECRET canaries (token ``TOKEN`` in every text field): a stakeholder
    organisation and its person; a partner meeting with them, with a chatter
    message, an activity, a follower, an attachment and a calendar meeting
    whose attendees they are; a panel with both as members and a meeting with
    their attendance; the SECRET person's membership of an OFFICIAL panel; an
    event registration of the SECRET person. The CPD canary (``CPD_TOKEN``):
    the CPD record of an employee outside every viewer's team; only Protect
    administrators see it.

    Visible records point at the hidden ones: an OFFICIAL meeting involving the
    SECRET organisation and one held by the SECRET panel; the OFFICIAL panel
    with a SECRET member.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.addon_models = cls.discover_models()
        cls.watermarks = {}
        # The common users are created in this class's transaction, before the
        # watermarks: what is dated from it is swept along with the canaries.
        started = cls.env.cr.now()
        for name in set(cls.addon_models) | set(COLLABORATORS):
            model = cls.env[name].with_context(active_test=False)
            if model._auto and not model._abstract:
                older = [("create_date", "<", started)] if model._log_access else []
                last = model.search(older, order="id desc", limit=1)
                cls.watermarks[name] = last.id or 0
        today = fields.Date.today()
        cls.period = (today - timedelta(days=365), today)
        cls.create_viewers()
        cls.plant_canaries()

    # ------------------------------------------------------------------ discovery

    @classmethod
    def discover_models(cls):
        """Every concrete model the addon defines or extends, from the registry."""
        found = []
        for ir_model in cls.env["ir.model"].search([]):
            modules = {m.strip() for m in (ir_model.modules or "").split(",")}
            if MODULE in modules and ir_model.model in cls.env:
                if not cls.env[ir_model.model]._abstract:
                    found.append(ir_model.model)
        return sorted(found)

    @classmethod
    def sweep_domain(cls, name):
        """The records the sweep reads: those created since the class started,
        canaries and the visible records around them. SQL-view models have no
        such ids: their rows pointing at such records, or all of them."""
        if name in cls.watermarks:
            return [("id", ">", cls.watermarks[name])]
        model = cls.env[name]
        pointing = [
            Domain(f, ">", cls.watermarks[field.comodel_name])
            for f, field in model._fields.items()
            if field.type == "many2one"
            and field.store
            and field.comodel_name in cls.watermarks
            and f not in ("create_uid", "write_uid")
        ]
        return list(Domain.OR(pointing)) if pointing else []

    # ------------------------------------------------------------------ users

    @classmethod
    def create_viewers(cls):
        """The viewers are the common users (every Protect role may export)."""
        cls.viewers = {
            "liaison": cls.liaison,
            "mv_officer": cls.officer_mv,
            "mv_admin": cls.admin_mv,
            "internal": cls.internal,
            "portal": cls.portal,
        }
        cls.sc_admin = cls.admin
        cls.sc_officer = cls.officer

    # ------------------------------------------------------------------ canaries

    @classmethod
    def plant_canaries(cls):
        ref = cls.env.ref
        numbers = itertools.count(1)
        meeting_type, panel_type = cls.type_partner_meeting, cls.type_panel_meeting
        area, sector = cls.area_derbyshire, cls.sector_finance
        when = fields.Datetime.now().replace(microsecond=0) - timedelta(days=20)
        partners = cls.env["res.partner"]

        def stakeholder(name, sensitivity, parent=None):
            values = {
                "name": name,
                "protect_stakeholder": True,
                "protect_sensitivity": sensitivity,
            }
            if parent:
                values["parent_id"] = parent.id
            else:
                values.update(
                    is_company=True,
                    protect_sector_id=sector.id,
                    protect_force_area_id=area.id,
                )
            return partners.create(values)

        def engagement(name, sensitivity, stakeholders, **values):
            return cls.env["protect.engagement"].create(
                {
                    "name": name,
                    "engagement_type_id": meeting_type.id,
                    "date_start": when,
                    "sensitivity": sensitivity,
                    "partner_ids": [Command.set(stakeholders.ids)],
                    "force_area_id": area.id,
                    "user_id": cls.sc_officer.id,
                    "audience_count": 7,
                    **values,
                }
            )

        # Visible stakeholders, panel and meetings around the canaries
        cls.open_org = stakeholder("Open Vale Trust (sweep)", "official")
        cls.open_person = stakeholder("Olu Open (sweep)", "official", cls.open_org)
        cls.open_panel = cls.env["protect.panel"].create(
            {"name": "Open forum (sweep)", "sensitivity": "official"}
        )

        # SECRET stakeholders
        cls.secret_org = stakeholder(TOKEN, "secret")
        cls.secret_person = stakeholder(TOKEN, "secret", cls.secret_org)
        secret_people = cls.secret_org | cls.secret_person

        # SECRET engagement with its chatter, activity, follower, attachment
        cls.secret_engagement = engagement(TOKEN, "secret", secret_people)
        cls.calendar_event = cls.env["calendar.event"].create(
            {
                "name": TOKEN,
                "start": when,
                "stop": when + timedelta(hours=1),
                "partner_ids": [Command.set(secret_people.ids)],
            }
        )
        cls.secret_engagement.calendar_event_id = cls.calendar_event
        cls.secret_engagement.message_post(
            body=f"{TOKEN} chatter", subject=f"{TOKEN} subject"
        )
        # Only cleared officers may follow it (the mail guard refuses others).
        cls.secret_engagement.message_subscribe(
            partner_ids=cls.sc_officer.partner_id.ids
        )
        cls.activity = cls.secret_engagement.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"{TOKEN} activity",
            note=f"{TOKEN} note",
            user_id=cls.sc_officer.id,
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": f"{TOKEN}.txt",
                "description": TOKEN,
                "raw": f"{TOKEN} evidence".encode(),
                "res_model": "protect.engagement",
                "res_id": cls.secret_engagement.id,
            }
        )

        # SECRET panel: both SECRET stakeholders sit on it, and met
        cls.secret_panel = cls.env["protect.panel"].create(
            {"name": TOKEN, "sensitivity": "secret"}
        )
        memberships = cls.env["protect.panel.membership"]
        cls.secret_memberships = memberships.create(
            [
                {
                    "panel_id": cls.secret_panel.id,
                    "partner_id": partner.id,
                    "date_start": "2020-01-01",
                }
                for partner in secret_people
            ]
        )
        cls.secret_meeting = engagement(
            TOKEN,
            "secret",
            partners,
            engagement_type_id=panel_type.id,
            panel_id=cls.secret_panel.id,
        )
        # A panel meeting lists the panel's members: record the missing ones.
        attendance = cls.env["protect.panel.attendance"]
        listed = attendance.search([("engagement_id", "=", cls.secret_meeting.id)])
        attendance.create(
            [
                {"engagement_id": cls.secret_meeting.id, "membership_id": m.id}
                for m in cls.secret_memberships - listed.membership_id
            ]
        )
        cls.attendances = attendance.search(
            [("engagement_id", "=", cls.secret_meeting.id)]
        )
        # The OFFICIAL panel with a SECRET member, and a visible member
        cls.open_membership = memberships.create(
            {
                "panel_id": cls.open_panel.id,
                "partner_id": cls.open_person.id,
                "date_start": "2020-01-01",
            }
        )
        cls.hidden_membership = memberships.create(
            {
                "panel_id": cls.open_panel.id,
                "partner_id": cls.secret_person.id,
                "date_start": "2020-01-01",
            }
        )

        # OFFICIAL meetings pointing at hidden records
        cls.open_engagement = engagement(
            "Open meeting (sweep)", "official", cls.open_org | cls.secret_org
        )
        cls.open_plain_engagement = engagement(
            "Open plain meeting (sweep)", "official", cls.open_person
        )
        # (An OFFICIAL meeting of the SECRET panel cannot exist: a meeting is
        # marked at least as high as its panel.)

        # Event registration of the SECRET person (the event itself is open)
        event = cls.env["event.event"].create(
            {
                "name": "Open fraud seminar (sweep)",
                "date_begin": when,
                "date_end": when + timedelta(hours=2),
            }
        )
        cls.registration = cls.env["event.registration"].create(
            {"event_id": event.id, "partner_id": cls.secret_person.id}
        )

        secret_records = [
            cls.secret_org,
            cls.secret_person,
            cls.secret_engagement,
            cls.secret_meeting,
            cls.secret_panel,
            *cls.secret_memberships,
            *cls.attendances,
            cls.hidden_membership,
            cls.calendar_event,
            cls.registration,
            cls.attachment,
            cls.activity,
        ]
        generic = cls.plant_generic_canaries(secret_records)
        secret_records += generic
        cls.planted = [(r, plant(r, TOKEN, numbers)) for r in secret_records]
        cls.link_open_records_to(generic, [cls.open_engagement])

        # CPD record of someone outside every viewer's team
        colleague = cls.env["hr.employee"].create({"name": "Casey Colleague (sweep)"})
        cls.cpd_record = cls.env["protect.cpd.record"].create(
            {
                "name": CPD_TOKEN,
                "category_id": ref(
                    "protect_engagement.protect_cpd_category_training"
                ).id,
                "employee_id": colleague.id,
                "date": today_minus(20),
                "hours": 2,
            }
        )
        cls.planted.append((cls.cpd_record, plant(cls.cpd_record, CPD_TOKEN, numbers)))
        cls.env.flush_all()
        cls.canary_ids = cls.collect_canary_ids(secret_records)
        cls.cpd_ids = cls.collect_canary_ids([cls.cpd_record])

    # ------------------------------------------------------------ generic canaries

    @classmethod
    def marking_parent(cls, name):
        """How a record of model ``name`` gets its own marking: (None, None)
        when it carries one it is given (the marking mixin), (field, comodel)
        when it follows the record a many2one links it to (a related marking),
        or None when it carries no marking of its own."""
        model = cls.env[name]
        field = model._fields.get(model._protect_marking_field or "")
        if not (field and field.store):
            return None
        if not field.related:
            return (None, None)
        first = model._fields[field.related.split(".")[0]]
        return (first.name, first.comodel_name)

    @classmethod
    def plant_generic_canaries(cls, planted):
        """A SECRET canary for every marked model of the addon that has none
        yet, found in the registry: a record carrying its own marking is
        created SECRET, one whose marking follows a parent is created under
        that parent's canary. Required fields get a value of their type (an
        existing record for a link). Models that cannot be planted are kept in
        ``uncanaried``: a test fails on them."""
        canaries = {record._name: record for record in planted}
        todo = [
            name
            for name in cls.addon_models
            if name not in canaries and cls.marking_parent(name) is not None
        ]
        made = []
        while todo:
            ready = [
                name
                for name in todo
                if cls.marking_parent(name)[1] in (None, *canaries)
            ]
            if not ready:
                break
            for name in ready:
                todo.remove(name)
                record = cls.generic_canary(name, canaries)
                if record:
                    canaries[name] = record
                    made.append(record)
        cls.uncanaried = todo + [
            name
            for name in cls.addon_models
            if cls.marking_parent(name) is not None and name not in canaries
        ]
        return made

    @classmethod
    def generic_canary(cls, name, canaries):
        model = cls.env[name].with_context(tracking_disable=True)
        if model._transient:
            # Rows made for one reader (progress analysis): the SC
            # administrator's, whom every canary is shown to.
            model = model.with_user(cls.sc_admin)
        link, _parent = cls.marking_parent(name)
        values = {}
        if link:
            values[link] = canaries[model._fields[link].comodel_name].id
        else:
            values[model._protect_marking_field] = "secret"
        defaults = model.default_get(list(model._fields))
        for field_name, field in model._fields.items():
            # Links to other canaries, required or not: the canary hides them.
            if (
                field.type == "many2one"
                and field.store
                and field.comodel_name in canaries
                and field_name not in values
                and not field.related
            ):
                values[field_name] = canaries[field.comodel_name].id
        for field_name, field in model._fields.items():
            if (
                field_name in values
                or not field.required
                or field_name in defaults
                or not field.store
                or (field.compute and field.readonly)
            ):
                continue
            value = cls.generic_value(field, canaries)
            if value is None:
                return None
            values[field_name] = value
        try:
            with mute_logger("odoo.sql_db"), cls.env.cr.savepoint():
                record = model.create(values)
                cls.env.flush_all()
        except (*REFUSALS, ValueError, psycopg2.Error):
            cls.env.invalidate_all()
            return None
        return record

    @classmethod
    def generic_value(cls, field, canaries):
        """A value a required field of ``field``'s type accepts."""
        if field.type in TEXT_TYPES:
            return f"{TOKEN} {field.name}"
        if field.type == "selection":
            selection = field.get_values(cls.env)
            return selection[0] if selection else None
        if field.type in ("integer", "float", "monetary"):
            return 1
        if field.type == "date":
            return fields.Date.today()
        if field.type == "datetime":
            return fields.Datetime.now() - timedelta(days=20)
        if field.type == "boolean":
            return True
        if field.type == "many2one":
            if field.comodel_name in canaries:
                return canaries[field.comodel_name].id
            record = cls.env[field.comodel_name].search([], limit=1)
            return record.id or None
        return None

    @classmethod
    def link_open_records_to(cls, canaries, open_records):
        """Link the open (OFFICIAL) records to the generic canaries wherever a
        field of theirs can: a hidden id must not show through them either."""
        for record in open_records:
            for field_name, field in record._fields.items():
                if field.type not in ("many2one", "many2many") or not field.store:
                    continue
                if field.related or (field.compute and field.readonly):
                    continue
                target = next(
                    (c for c in canaries if c._name == field.comodel_name), None
                )
                if not target:
                    continue
                value = (
                    target.id if field.type == "many2one" else [Command.link(target.id)]
                )
                try:
                    with mute_logger("odoo.sql_db"), cls.env.cr.savepoint():
                        record.write({field_name: value})
                        cls.env.flush_all()
                except REFUSALS:
                    # A link the model refuses (an OFFICIAL engagement of a
                    # SECRET campaign) cannot leak through it.
                    cls.env.invalidate_all()

    @classmethod
    def collect_canary_ids(cls, records):
        """{model: ids} of the canaries and of what Odoo keeps about them:
        messages, followers, activities, attachments, attendees, stat rows."""
        found = {}
        for record in records:
            found.setdefault(record._name, set()).update(record.ids)
        for model, ids in list(found.items()):
            about = [("res_model", "=", model), ("res_id", "in", list(ids))]
            for related in ("mail.followers", "mail.activity", "ir.attachment"):
                found.setdefault(related, set()).update(
                    cls.env[related].search(about).ids
                )
            messages = cls.env["mail.message"].search(
                [("model", "=", model), ("res_id", "in", list(ids))]
            )
            found.setdefault("mail.message", set()).update(messages.ids)
        partners = list(found.get("res.partner", ()))
        if partners:
            attendees = cls.env["calendar.attendee"].search(
                [("partner_id", "in", partners)]
            )
            found.setdefault("calendar.attendee", set()).update(attendees.ids)
            stats = cls.env["protect.engagement.stat"].search(
                [("partner_id", "in", partners)]
            )
            found.setdefault("protect.engagement.stat", set()).update(stats.ids)
        return {model: ids for model, ids in found.items() if ids}

    # ------------------------------------------------------------------ sweeping

    def hidden_for(self, user):
        """Tokens and ids ``user`` must not meet: the SECRET canaries always
        (no viewer clears SECRET); the CPD canary unless a Protect admin."""
        tokens, hidden = [TOKEN], {m: set(ids) for m, ids in self.canary_ids.items()}
        if not user.has_group("protect_engagement.group_admin"):
            tokens.append(CPD_TOKEN)
            for model, ids in self.cpd_ids.items():
                hidden.setdefault(model, set()).update(ids)
        return tokens, hidden

    def sweep(self, user, models=None):
        tokens, hidden = self.hidden_for(user)
        sweep = CanarySweep(self, user, tokens, hidden)
        models = models or sorted(set(self.addon_models) | set(COLLABORATORS))
        return sweep.run(models)

    def setUp(self):
        super().setUp()
        self._renamed = {}

    def rename_hidden(self, model_name, hidden_ids, low):
        """Give the hidden records of ``model_name`` the lowest (``low``) or
        highest value of the field their model orders by. False when that
        field cannot be set."""
        model = self.env[model_name].with_context(active_test=False)
        records = model.browse(sorted(hidden_ids.get(model_name, ())))
        order_field = (model._order or "id").split(",")[0].split()[0].strip('"')
        field = model._fields.get(order_field)
        if field is None or (field.compute and field.readonly) or field.related:
            field = model._fields.get(model._rec_name or "name")
        if field is None or field.type not in (*TEXT_TYPES, "date", "datetime"):
            return False
        if model_name not in self._renamed:
            self._renamed[model_name] = (
                field.name,
                {r.id: r[field.name] for r in records},
            )
        if field.type in TEXT_TYPES:
            value = f"AAAA {TOKEN}" if low else f"ZZZZ {TOKEN}"
        else:
            value = FAR_PAST if low else FAR_FUTURE
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                records.write({field.name: value})
                self.env.flush_all()
        except (ValidationError, UserError, psycopg2.Error):
            self.env.invalidate_all()
            return False
        self.env.invalidate_all()
        return True

    def restore_hidden(self, model_name):
        field_name, values = self._renamed.pop(model_name, (None, {}))
        for record_id, value in values.items():
            self.env[model_name].browse(record_id).write({field_name: value})
        self.env.flush_all()
        self.env.invalidate_all()


def today_minus(days):
    return fields.Date.today() - timedelta(days=days)
