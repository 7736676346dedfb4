"""The stakeholder map as tables and as a graph, read as the exporting user.

Everything is read through the ORM as the user, so vetting applies on every
path: a stakeholder, panel, membership or engagement above their vetting is
simply not there. Stakeholders and engagements are read ``BATCH_SIZE`` at a
time (keyset pagination on id), with the ORM cache dropped between batches;
links (memberships, who engaged with whom) are grouped in SQL.

Graph nodes: organisations (``org-<id>``), people (``person-<id>``), officers
(``officer-<user id>``) and panels (``panel-<id>``). Edges: ``works_for``
(person to organisation), ``relationship_owner`` (officer to stakeholder),
``member_of`` (member to panel, with the role) and ``engaged_with`` (officer to
stakeholder, weighted by the done engagements in the period that linked them:
as lead or other officer, with the stakeholder linked itself).

Every value a person reads is written as its label, in every format (the
quadrant "Manage closely", the status "Active", the marking "OFFICIAL-SENSITIVE",
the role "Core member"); only what programs read to join or filter stays a key:
the node and row keys, a node's ``type`` and an edge's ``relation``.
"""

from collections import Counter

from odoo import fields
from odoo.fields import Domain

from ..models.protect_sensitivity_mixin import highest_marking as highest_marking_key
from ..models.protect_stakeholder_figures import NO_FIGURES, quadrant_of
from .protect_export_writers import Column, Table
from .protect_report_common import highest_marking

BATCH_SIZE = 2000

NODE_ATTRIBUTES = [
    ("type", "string"),
    ("label", "string"),
    ("sector", "string"),
    ("sector_group", "string"),
    ("force_area", "string"),
    ("power", "int"),
    ("interest", "int"),
    ("quadrant", "string"),
    ("status", "string"),
    ("engagements", "int"),
    ("organisation", "string"),
    ("panel_type", "string"),
    ("scope", "string"),
    ("sensitivity", "string"),
]
EDGE_ATTRIBUTES = [
    ("relation", "string"),
    ("role", "string"),
    ("weight", "int"),
    ("start", "string"),
    ("end", "string"),
]

STAKEHOLDER_FIELDS = [
    "name",
    "parent_id",
    "commercial_partner_id",
    "function",
    "email",
    "phone",
    "protect_sector_id",
    "protect_sector_group_id",
    "protect_force_area_id",
    "protect_status",
    "protect_power",
    "protect_interest",
    "protect_owner_id",
    "protect_health",
    "protect_sensitivity",
]


def org_key(partner_id):
    return f"org-{partner_id}"


def person_key(partner_id):
    return f"person-{partner_id}"


def officer_key(user_id):
    return f"officer-{user_id}"


def panel_key(panel_id):
    return f"panel-{panel_id}"


class StakeholderMapData:
    """Reads the map once, in order: organisations, people, then the links.

    Tables and graph share the reads; iterate ``tables()`` or ``nodes()`` then
    ``edges()`` once, in that order.
    """

    def __init__(self, env, filters, batch_size=BATCH_SIZE):
        self.env = env
        self.filters = filters
        self.batch_size = batch_size
        self.period = filters.period_domain()
        self.organisation_domain = filters.organisation_domain()
        self.people_domain = filters.people_domain()
        self.stakeholder_domain = self.organisation_domain | self.people_domain
        self.engagement_domain = (
            Domain("state", "=", "done")
            & self.period
            & Domain("partner_ids", "any", self.stakeholder_domain)
        )
        self.organisation_ids = set()
        self.people_ids = set()
        self.works_for = []  # (person id, organisation id)
        self.owners = []  # (user id, stakeholder node key)
        self._links = None
        self._labels()

    def _labels(self):
        env = self.env

        def labels(model, field_name):
            return dict(env[model]._fields[field_name]._description_selection(env))

        self.status_labels = labels("res.partner", "protect_status")
        self.health_labels = labels("res.partner", "protect_health")
        self.sensitivity_labels = labels("res.partner", "protect_sensitivity")
        self.role_labels = labels("protect.panel.membership", "role")
        self.panel_type_labels = labels("protect.panel", "panel_type")
        self.scope_labels = labels("protect.panel", "scope")
        self.strand_labels = labels("protect.engagement", "strand")
        # The quadrants' titles as the printed map shows them.
        self.quadrant_labels = {
            key: title
            for key, (title, _advice) in self.env[
                "report.protect_engagement.report_stakeholder_map"
            ]
            ._quadrant_texts()
            .items()
        }
        self.member_type_labels = {
            "organisation": env._("Organisation"),
            "person": env._("Person"),
            "officer": env._("Officer"),
        }

    # ------------------------------------------------------------ reading

    def _batches(self, model_name, domain, field_names):
        """Records matching ``domain``, ``batch_size`` at a time, by id."""
        model = self.env[model_name]
        last_id = 0
        while True:
            records = model.search_fetch(
                Domain(domain) & Domain("id", ">", last_id),
                field_names,
                limit=self.batch_size,
                order="id",
            )
            if not records:
                return
            last_id = records[-1].id
            yield records
            # The rows are written: free the cache before the next batch.
            self.env.invalidate_all()
            if len(records) < self.batch_size:
                return

    def count(self):
        return self.env["res.partner"].search_count(self.organisation_domain)

    def marking(self, key=None):
        """Label of the highest marking of what the export draws on (of the
        marking ``key`` when it is already known)."""
        return highest_marking(self.env, [key or self.marking_key()])

    def marking_key(self):
        """Key of the highest marking of what the export draws on: three
        grouped queries."""
        env = self.env
        keys = {
            key
            for key, _count in env["res.partner"]._read_group(
                self.stakeholder_domain, ["protect_sensitivity"], ["__count"]
            )
        }
        keys |= {
            key
            for key, _count in env["protect.engagement"]._read_group(
                self.engagement_domain, ["sensitivity"], ["__count"]
            )
        }
        keys |= {
            key
            for key, _count in env["protect.panel.membership"]._read_group(
                self._membership_period()
                & Domain("partner_id", "any", self.stakeholder_domain),
                ["panel_id.sensitivity"],
                ["__count"],
            )
        }
        return highest_marking_key(keys)

    def stakeholder_ids(self):
        """Ids of the stakeholders written so far (organisations, people)."""
        return sorted(self.organisation_ids | self.people_ids)

    def _membership_period(self):
        return Domain("date_start", "<=", self.filters.date_to) & (
            Domain("date_end", "=", False)
            | Domain("date_end", ">=", self.filters.date_from)
        )

    def _stakeholder_row(self, partner, counts, person):
        """One stakeholder; ``counts`` are its figures read by
        ``_stakeholder_batches`` ((in the period, all time) per partner id)."""
        in_period, all_time = counts
        group = partner.protect_sector_group_id.name or ""
        key = person_key(partner.id) if person else org_key(partner.id)
        owner = partner.protect_owner_id
        if owner:
            self.owners.append((owner.id, key))
        return {
            "id": key,
            "type": "person" if person else "organisation",
            "label": partner.name or "",
            "name": partner.name or "",
            "organisation_key": org_key(partner.commercial_partner_id.id)
            if person
            else "",
            "organisation": partner.commercial_partner_id.name if person else "",
            "function": partner.function or "",
            "email": partner.email or "",
            "phone": partner.phone or "",
            "sector": partner.protect_sector_id.name or "",
            "sector_group": group,
            "sector_group_label": group,
            "force_area": partner.protect_force_area_id.name or "",
            "status": self.status_labels.get(partner.protect_status, ""),
            "power": partner.protect_power,
            "interest": partner.protect_interest,
            "quadrant": self.quadrant_labels[
                quadrant_of(partner.protect_power, partner.protect_interest)
            ],
            "owner": owner.name or "",
            "health": self.health_labels.get(partner.protect_health, ""),
            "engagements": in_period.get(partner.id, 0),
            "last": all_time.get(partner.id, NO_FIGURES).last_date or None,
            "sensitivity": self.sensitivity_labels.get(partner.protect_sensitivity, ""),
        }

    def _stakeholder_batches(self, domain):
        """(batch, its figures) of the stakeholders matching ``domain``; the
        figures come from their one reader, two queries a batch."""
        figures = self.env["protect.stakeholder.figures"]
        for batch in self._batches("res.partner", domain, STAKEHOLDER_FIELDS):
            in_period, _markings = figures._in_period(batch, self.period)
            yield batch, (in_period, figures._all_time(batch))

    def organisations(self):
        for batch, counts in self._stakeholder_batches(self.organisation_domain):
            for partner in batch:
                self.organisation_ids.add(partner.id)
                yield self._stakeholder_row(partner, counts, person=False)

    def people(self):
        for batch, counts in self._stakeholder_batches(self.people_domain):
            for partner in batch:
                self.people_ids.add(partner.id)
                self.works_for.append((partner.id, partner.commercial_partner_id.id))
                yield self._stakeholder_row(partner, counts, person=True)

    def _stakeholder_node(self, partner_id):
        if partner_id in self.organisation_ids:
            return org_key(partner_id)
        if partner_id in self.people_ids:
            return person_key(partner_id)
        return None

    # ------------------------------------------------------------ links

    def links(self):
        """Panels, memberships, officers and who engaged with whom: read once
        the stakeholders have been (their ids decide what belongs)."""
        if self._links is None:
            self._links = self._read_links()
        return self._links

    def _read_links(self):
        env = self.env
        engagements = env["protect.engagement"]
        engaged = Counter()
        for officer_field in ("user_id", "officer_ids"):
            for user, partner, count in engagements._read_group(
                self.engagement_domain, [officer_field, "partner_ids"], ["__count"]
            ):
                node = self._stakeholder_node(partner.id)
                if user and node:
                    engaged[user.id, node] += count
        memberships, panels = self._memberships()
        officer_members = {
            membership.id: membership.partner_id.user_ids.filtered(
                lambda u: not u.share
            )[:1]
            for membership in memberships
            if membership.member_kind == "officer"
        }
        officer_ids = {user_id for user_id, _key in self.owners}
        officer_ids |= {user_id for user_id, _key in engaged}
        officer_ids |= {user.id for user in officer_members.values()}
        officers = env["res.users"].search_fetch(
            [("id", "in", list(officer_ids))], ["name"], order="name, id"
        )
        attendance, _markings = memberships._attendance_in_period(
            self.filters.date_from, self.filters.date_to
        )
        meetings = dict(
            engagements._read_group(
                Domain("panel_id", "in", panels.ids)
                & Domain("state", "=", "done")
                & self.period,
                ["panel_id"],
                ["__count"],
            )
        )
        return {
            "engaged": engaged,
            "memberships": memberships,
            "officer_members": officer_members,
            "panels": panels,
            "officers": officers,
            "attendance": attendance,
            "meetings": meetings,
        }

    def _memberships(self):
        """Panels on which an exported stakeholder sat in the period, and their
        memberships of exported stakeholders and of officers."""
        env = self.env
        memberships = env["protect.panel.membership"]
        panel_ids = [
            panel.id
            for (panel,) in memberships._read_group(
                self._membership_period()
                & Domain("partner_id", "any", self.stakeholder_domain),
                ["panel_id"],
            )
        ]
        panels = env["protect.panel"].search_fetch(
            [("id", "in", panel_ids)],
            [
                "name",
                "panel_type",
                "scope",
                "force_area_id",
                "user_id",
                "chair_id",
                "sensitivity",
            ],
            order="name, id",
        )
        found = memberships.search_fetch(
            self._membership_period() & Domain("panel_id", "in", panels.ids),
            ["panel_id", "partner_id", "role", "date_start", "date_end"],
        )
        kept = found.filtered(
            lambda m: (
                m.member_kind == "officer" or self._stakeholder_node(m.partner_id.id)
            )
        )
        return kept, panels

    def _member_node(self, membership, links):
        user = links["officer_members"].get(membership.id)
        if user:
            return officer_key(user.id)
        return self._stakeholder_node(membership.partner_id.id)

    def panel_rows(self):
        links = self.links()
        members = Counter(m.panel_id.id for m in links["memberships"])
        chairs, _hidden = links["panels"]._protect_read_past_rules("chair_id")
        for panel in links["panels"]:
            yield {
                "id": panel_key(panel.id),
                "type": "panel",
                "label": panel.name,
                "name": panel.name,
                "panel_type": self.panel_type_labels.get(panel.panel_type, ""),
                "scope": self.scope_labels.get(panel.scope, ""),
                "force_area": panel.force_area_id.name or "",
                "lead": panel.user_id.name or "",
                "chair": panel.chair_id.display_name
                if panel.chair_id in chairs
                else "",
                "members": members[panel.id],
                "meetings": links["meetings"].get(panel, 0),
                "sensitivity": self.sensitivity_labels.get(panel.sensitivity, ""),
            }

    def membership_rows(self):
        links = self.links()
        for membership in links["memberships"].sorted(
            lambda m: (
                m.panel_id.name or "",
                m.role_sequence,
                m.partner_id.name or "",
                m.id,
            )
        ):
            user = links["officer_members"].get(membership.id)
            held, attended = links["attendance"].get(membership.id, (0, 0))
            yield {
                "panel_key": panel_key(membership.panel_id.id),
                "panel": membership.panel_id.name,
                "member_key": self._member_node(membership, links),
                "member": user.name if user else membership.partner_id.name,
                "member_type": self.member_type_labels[
                    "officer" if user else self._member_type(membership)
                ],
                "organisation": ""
                if user
                else membership.partner_id.commercial_partner_id.name or "",
                "role": self.role_labels.get(membership.role, ""),
                "start": membership.date_start,
                "end": membership.date_end or None,
                "held": held,
                "attended": attended,
                "rate": round(100.0 * attended / held, 1) if held else None,
            }

    def _member_type(self, membership):
        return (
            "person" if membership.partner_id.id in self.people_ids else "organisation"
        )

    def officer_nodes(self):
        for user in self.links()["officers"]:
            yield {"id": officer_key(user.id), "type": "officer", "label": user.name}

    def engagement_rows(self):
        fields_needed = [
            "name",
            "date_start",
            "engagement_type_id",
            "strand",
            "force_area_id",
            "user_id",
            "officer_ids",
            "partner_ids",
            "audience_count",
            "sensitivity",
        ]
        for batch in self._batches(
            "protect.engagement", self.engagement_domain, fields_needed
        ):
            for engagement in batch:
                partners = engagement.partner_ids
                keys = [self._stakeholder_node(p.id) for p in partners]
                yield {
                    "id": f"engagement-{engagement.id}",
                    "date": engagement.date_start.date(),
                    "name": engagement.name,
                    "type": engagement.engagement_type_id.name or "",
                    "strand": self.strand_labels.get(engagement.strand, ""),
                    "force_area": engagement.force_area_id.name or "",
                    "lead": engagement.user_id.name or "",
                    "officers": ", ".join(engagement.officer_ids.mapped("name")),
                    "stakeholders": ", ".join(partners.mapped("display_name")),
                    "stakeholder_keys": " ".join(key for key in keys if key),
                    "audience": engagement.audience_count,
                    "sensitivity": self.sensitivity_labels.get(
                        engagement.sensitivity, ""
                    ),
                }

    # ------------------------------------------------------------ tables

    def tables(self):
        env = self.env
        stakeholder_columns = [
            Column("id", env._("Key"), "text", 14),
            Column("name", env._("Name"), "text", 34),
            Column("sector", env._("Sector"), "text", 24),
            Column("sector_group_label", env._("Sector group"), "text", 20),
            Column("force_area", env._("Force area"), "text", 18),
            Column("status", env._("Partnership status"), "text", 14),
            Column("power", env._("Power"), "int", 8),
            Column("interest", env._("Interest"), "int", 8),
            Column("quadrant", env._("Quadrant"), "text", 16),
            Column("owner", env._("Relationship owner"), "text", 20),
        ]
        figures = [
            Column("engagements", env._("Engagements in period"), "int", 12),
            Column("last", env._("Last engagement"), "date", 14),
            Column("sensitivity", env._("Sensitivity"), "text", 16),
        ]
        return [
            Table(
                "organisations",
                env._("Organisations"),
                [
                    *stakeholder_columns,
                    Column("health", env._("Relationship health"), "text", 16),
                    *figures,
                ],
                self.organisations(),
            ),
            Table(
                "people",
                env._("People"),
                [
                    *stakeholder_columns[:2],
                    Column("organisation_key", env._("Organisation key"), "text", 14),
                    Column("organisation", env._("Organisation"), "text", 30),
                    Column("function", env._("Job title"), "text", 20),
                    Column("email", env._("Email"), "text", 28),
                    Column("phone", env._("Phone"), "text", 16),
                    *stakeholder_columns[2:],
                    *figures,
                ],
                self.people(),
            ),
            Table(
                "panels",
                env._("Panels"),
                [
                    Column("id", env._("Key"), "text", 12),
                    Column("name", env._("Name"), "text", 36),
                    Column("panel_type", env._("Type"), "text", 16),
                    Column("scope", env._("Scope"), "text", 12),
                    Column("force_area", env._("Force area"), "text", 18),
                    Column("lead", env._("Protect lead"), "text", 20),
                    Column("chair", env._("Chair"), "text", 24),
                    Column("members", env._("Members exported"), "int", 10),
                    Column("meetings", env._("Meetings in period"), "int", 10),
                    Column("sensitivity", env._("Sensitivity"), "text", 16),
                ],
                self.panel_rows(),
            ),
            Table(
                "memberships",
                env._("Memberships"),
                [
                    Column("panel_key", env._("Panel key"), "text", 12),
                    Column("panel", env._("Panel"), "text", 32),
                    Column("member_key", env._("Member key"), "text", 14),
                    Column("member", env._("Member"), "text", 28),
                    Column("member_type", env._("Member type"), "text", 12),
                    Column("organisation", env._("Organisation"), "text", 28),
                    Column("role", env._("Role"), "text", 16),
                    Column("start", env._("From"), "date", 12),
                    Column("end", env._("To"), "date", 12),
                    Column("held", env._("Meetings held"), "int", 10),
                    Column("attended", env._("Attended"), "int", 10),
                    Column("rate", env._("Attendance (%)"), "float", 12),
                ],
                self.membership_rows(),
            ),
            Table(
                "engagements",
                env._("Engagement summary"),
                [
                    Column("id", env._("Key"), "text", 16),
                    Column("date", env._("Date"), "date", 12),
                    Column("name", env._("Subject"), "text", 44),
                    Column("type", env._("Type"), "text", 20),
                    Column("strand", env._("4P strand"), "text", 10),
                    Column("force_area", env._("Force area"), "text", 18),
                    Column("lead", env._("Lead officer"), "text", 20),
                    Column("officers", env._("Other officers"), "text", 24),
                    Column("stakeholders", env._("Stakeholders"), "text", 40),
                    Column("stakeholder_keys", env._("Stakeholder keys"), "text", 24),
                    Column("audience", env._("Audience reached"), "int", 10),
                    Column("sensitivity", env._("Sensitivity"), "text", 16),
                ],
                self.engagement_rows(),
            ),
        ]

    # ------------------------------------------------------------ graph

    def info(self, marking, reference=None):
        filters = self.filters
        env = self.env
        return {
            "title": env._("Stakeholder map"),
            "period": f"{filters.date_from.isoformat()}/{filters.date_to.isoformat()}",
            "marking": marking,
            **({"reference": reference} if reference else {}),
            "exported_by": env.user.name,
            "exported_on": fields.Date.to_string(fields.Date.context_today(env.user)),
        }

    def nodes(self):
        yield from self.organisations()
        yield from self.people()
        yield from self.officer_nodes()
        yield from self.panel_rows()

    def edges(self):
        number = 0

        def edge(source, target, relation, **values):
            nonlocal number
            number += 1
            return {
                "id": f"e{number}",
                "source": source,
                "target": target,
                "relation": relation,
                **values,
            }

        links = self.links()
        for person_id, organisation_id in self.works_for:
            if organisation_id in self.organisation_ids:
                yield edge(person_key(person_id), org_key(organisation_id), "works_for")
        officers = set(links["officers"].ids)
        for user_id, node in self.owners:
            if user_id in officers:
                yield edge(officer_key(user_id), node, "relationship_owner")
        for membership in links["memberships"]:
            member = self._member_node(membership, links)
            if member:
                yield edge(
                    member,
                    panel_key(membership.panel_id.id),
                    "member_of",
                    role=self.role_labels.get(membership.role, ""),
                    start=membership.date_start.isoformat(),
                    end=membership.date_end.isoformat()
                    if membership.date_end
                    else None,
                )
        for (user_id, node), count in sorted(links["engaged"].items()):
            if user_id in officers:
                yield edge(officer_key(user_id), node, "engaged_with", weight=count)
