"""Benchmark data for protect_engagement: a national-scale register, fast.

Used by tools/bench.py, in the same process as Odoo (``generate(env, scale,
seed)``). Everything is drawn from ``random.Random(seed)``, so one seed and one
anchor day give the same data every time.

How it stays fast (minutes, not hours, for 100k stakeholders and 1M
engagements):

* the bulk rows (stakeholders, panels, memberships, engagements, their
  many2many links, panel attendance) are built in Python and streamed into
  PostgreSQL with ``COPY``, with ids assigned here so links need no look-up;
* what has to go through the ORM does: the users (groups, vetting, partner,
  the rules' clearance cache), the stored computed fields of the partners and
  memberships (recomputed by the ORM itself, not re-implemented here), the
  engagement figures table (``protect.engagement.stat._rebuild_all``), and,
  when the CPD part of the addon is installed, CPD events and attendance;
* the two stored computes of the 1M engagements are written by the COPY:
  ``state`` by the compute's own rule (done once started, planned before; then
  3% cancelled and 2% left planned, as real data has), ``date_end`` as start
  plus duration, and a random sample of ``date_end`` is recomputed by the ORM
  and compared (``verify``), so the SQL cannot drift from the Python unseen.
"""

import io
import random
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tools import SQL

# Bump when the generated data changes shape: a reused database is regenerated.
GENERATOR_VERSION = 3


@dataclass(frozen=True)
class Scale:
    name: str
    organisations: int
    people: int
    contacts: int  # ordinary contacts, not in the stakeholder register
    engagements: int
    panels: int
    memberships: int
    users: int
    cpd_events: int
    cpd_attendees: int  # registrations per CPD event (average)

    @property
    def stakeholders(self):
        return self.organisations + self.people


SCALES = {
    # CI-sized: the whole `make bench SCALE=small` in a few minutes.
    "small": Scale("small", 400, 1_600, 500, 20_000, 50, 1_000, 60, 20, 10),
    "medium": Scale("medium", 4_000, 16_000, 2_000, 200_000, 200, 8_000, 120, 80, 15),
    # The national scale: 100k stakeholders, 1M engagements, 500 panels,
    # 20k memberships, 200 users.
    "full": Scale("full", 20_000, 80_000, 10_000, 1_000_000, 500, 20_000, 200, 300, 20),
}

YEARS = 3  # engagements span three years up to the anchor day
FUTURE_DAYS = 60  # ... plus planned ones in the next two months

SENSITIVITIES = ("official", "official_sensitive", "secret")
RANK = {key: rank for rank, key in enumerate(SENSITIVITIES)}

# The bench's named users, looked up by bench.py.
OFFICER_LOGIN = "bench_officer_mv"  # Officer, Management Vetting: clears O and O-S
MANAGER_LOGIN = "bench_manager_mv"  # Manager, Management Vetting

ROLE_GROUPS = {
    "liaison": "protect_engagement.group_liaison",
    "officer": "protect_engagement.group_officer",
    "manager": "protect_engagement.group_manager",
    "admin": "protect_engagement.group_admin",
}
# Role mix of the generated users, and the vetting each role tends to hold.
ROLE_WEIGHTS = {"liaison": 35, "officer": 48, "manager": 12, "admin": 5}
VETTING_BY_ROLE = {
    "liaison": {"RV": 3, "NPPV1": 3, "CTC": 2, "NPPV2": 4, "NPPV3": 2, "MV": 1},
    "officer": {"NPPV3": 2, "MV": 5, "SC": 4, "DV": 1},
    "manager": {"MV": 3, "SC": 5, "DV": 2},
    "admin": {"MV": 1, "SC": 3, "DV": 2},
}

FIRST_NAMES = (
    "Amelia Olivia Isla Ava Mia Grace Sophia Lily Freya Emily Ivy Ella Rosie Evie "
    "Harper Poppy Aisha Priya Zara Niamh Siobhan Megan Chloe Hannah Ruth Margaret "
    "Oliver George Noah Arthur Leo Muhammad Harry Oscar Archie Henry Jack Charlie "
    "Jacob Thomas William James Samuel Daniel Joseph Rahul Tariq Kwame Ewan Callum "
    "Rhys Owen David Peter Michael Andrew"
).split()
LAST_NAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson "
    "Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Khan Lewis "
    "Harris Martin Cooper King Lee Baker Allen Hughes Shah Begum Ali Hussain Singh "
    "Kaur Moore Young Mitchell Turner Hill Phillips Campbell Parker Bennett Carter "
    "Ward Price Morris Cook Bailey Bell Murphy Kelly Marshall Owen"
).split()
PLACES = (
    "Derby Chesterfield Buxton Matlock Ilkeston Leicester Loughborough Hinckley "
    "Melton Lutterworth Lincoln Grantham Boston Skegness Gainsborough Spalding "
    "Northampton Kettering Corby Wellingborough Daventry Nottingham Mansfield "
    "Newark Worksop Beeston Trent Peak Soar Welland Nene Fosse Sherwood Charnwood"
).split()
# Organisation name endings by top-level sector.
ORG_KINDS = {
    "industry": ("Bank", "Building Society", "Stores", "Telecom", "Insurance",
                 "Lettings", "Payments", "Credit Union", "Markets", "Digital"),
    "trade": ("Chamber of Commerce", "Traders' Association", "Business Forum"),
    "cyber": ("Cyber Security", "Security Labs", "Digital Forensics"),
    "education": ("Academy", "Primary School", "College", "University",
                  "Sixth Form"),
    "voluntary": ("Victim Support", "Age Concern", "Community Trust",
                  "Foundation", "Neighbourhood Watch", "Carers' Network"),
    "law_enforcement": ("Police Unit", "Economic Crime Team", "Fraud Team"),
    "public": ("Borough Council", "District Council", "Trading Standards",
               "County Council"),
    "health": ("NHS Trust", "Surgery", "Care Home", "Home Care"),
    "media": ("Radio", "Gazette", "Evening Post", "Community TV"),
    "national": ("National Agency", "National Centre", "National Service"),
}  # fmt: skip
JOB_TITLES = (
    "Fraud Manager", "Head of Security", "Safeguarding Lead", "Branch Manager",
    "Director", "Volunteer Coordinator", "Head Teacher", "Community Officer",
    "Trading Standards Officer", "Compliance Officer", "Communications Lead",
)  # fmt: skip
SUBJECTS = {
    "PARTNER_MEETING": "Partner meeting with {org}",
    "PRESENTATION": "Fraud awareness presentation at {org}",
    "AWARENESS_EVENT": "Awareness stand: {threat}",
    "WORKSHOP": "Tabletop exercise with {org}",
    "CAMPAIGN": "Campaign activity: {threat}",
    "VICTIM_FOLLOW_UP": "Victim follow-up via {org}",
    "INTELLIGENCE": "Intelligence submission from {org}",
    "MEDIA": "Media piece on {threat}",
}
TYPE_WEIGHTS = {
    "PARTNER_MEETING": 40,
    "PRESENTATION": 15,
    "AWARENESS_EVENT": 10,
    "WORKSHOP": 5,
    "CAMPAIGN": 10,
    "VICTIM_FOLLOW_UP": 10,
    "INTELLIGENCE": 5,
    "MEDIA": 5,
}
CADENCE_MEETINGS_PER_YEAR = {
    "weekly": 24,  # situational-awareness calls: logged fortnightly at most here
    "fortnightly": 20,
    "monthly": 12,
    "bimonthly": 6,
    "quarterly": 4,
    "biannual": 2,
    "annual": 1,
}
PANEL_LABELS = {
    "sa_call": "Situational Awareness Call",
    "panel": "Fraud Panel",
    "workshop": "Protect Workshop",
    "forum": "Fraud Forum",
    "board": "Partnership Board",
}
BATCH = 100_000  # rows per COPY


# --------------------------------------------------------------------- helpers


def _copy_text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (an iterable of tuples) into ``table``, in batches."""
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    count = 0
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(_copy_text, row)))
        buffer.write("\n")
        count += 1
        if count % BATCH == 0:
            buffer.seek(0)
            cr.copy_expert(statement, buffer)
            buffer = io.StringIO()
    if buffer.tell():
        buffer.seek(0)
        cr.copy_expert(statement, buffer)
    # Statistics now: the ORM's next batched UPDATEs on a table the planner
    # still believes empty would each scan the whole of it.
    cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return count


def next_id(cr, table):
    cr.execute(SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM %s", SQL.identifier(table)))
    return cr.fetchone()[0]


def reset_sequence(cr, table):
    cr.execute(
        SQL(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM %s))",
            table,
            SQL.identifier(table),
        )
    )


def weighted(rng, weights):
    """A picker drawing keys of ``weights`` (a dict) with those weights."""
    keys = list(weights)
    cumulative = []
    total = 0
    for key in keys:
        total += weights[key]
        cumulative.append(total)

    def pick(k=None):
        if k is None:
            return rng.choices(keys, cum_weights=cumulative)[0]
        return rng.choices(keys, cum_weights=cumulative, k=k)

    return pick


def slug(text):
    return "".join(c for c in text.lower() if c.isalnum())


class Timer:
    """Collects (step, seconds) pairs and prints progress."""

    def __init__(self, log=print):
        self.steps = []
        self.log = log
        self._t0 = time.perf_counter()

    def step(self, name):
        timer = self

        class _Step:
            def __enter__(self):
                self.t0 = time.perf_counter()
                timer.log(f"  data: {name} ...")
                return self

            def __exit__(self, *exc):
                seconds = time.perf_counter() - self.t0
                timer.steps.append((name, round(seconds, 2)))
                if exc[0] is None:
                    timer.log(f"  data: {name}: {seconds:.1f}s")
                return False

        return _Step()

    @property
    def total(self):
        return time.perf_counter() - self._t0


# --------------------------------------------------------------------- generator


class Generator:
    def __init__(self, env, scale, rng, anchor, log=print):
        self.env = env
        self.cr = env.cr
        self.scale = scale
        self.rng = rng
        self.anchor = anchor  # the last day of the three years
        self.now = fields.Datetime.now()
        self.timer = Timer(log)
        self.counts = {}

    # ------------------------------------------------------------ reference data

    def load_reference(self):
        env = self.env
        sectors = env["protect.sector"].search([])
        # Stakeholders are filed under leaf sectors (a top sector without
        # children is a leaf too).
        leaves = sectors.filtered(lambda s: not s.child_ids)
        # Names of organisations follow the seeded group (its xml id's code).
        codes = {
            group_id: xmlid.rpartition("protect_sector_group_")[2]
            for group_id, xmlid in leaves.group_id.get_external_id().items()
        }
        self.sectors = [(s.id, codes.get(s.group_id.id, "")) for s in leaves]
        areas = env["protect.force.area"].search([])
        self.force_areas = [a.id for a in areas if a.kind == "force"]
        self.other_areas = [a.id for a in areas if a.kind != "force"]
        types = env["protect.engagement.type"].search([])
        self.types = {t.code: (t.id, t.default_strand) for t in types}
        self.panel_type = next(t for t in types if t.is_panel_meeting)
        self.threats = env["protect.threat.type"].search([])
        self.threat_ids = self.threats.ids
        self.threat_names = {t.id: t.name for t in self.threats}
        self.levels = {lv.code: lv.id for lv in env["protect.vetting.level"].search([])}

    # ------------------------------------------------------------ users (ORM)

    def make_users(self):
        """The users, through the ORM: groups, vetting, partners, all as real."""
        env, rng = self.env, self.rng
        pick_role = weighted(rng, ROLE_WEIGHTS)
        today = fields.Date.context_today(env["res.users"])
        vals_list = []
        specs = [
            (OFFICER_LOGIN, "Bench Officer (MV)", "officer", "MV", False),
            (MANAGER_LOGIN, "Bench Manager (MV)", "manager", "MV", False),
        ]
        for index in range(len(specs), self.scale.users):
            role = pick_role()
            level = weighted(rng, VETTING_BY_ROLE[role])()
            expired = rng.random() < 0.04
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            specs.append((f"bench_user_{index:03d}", name, role, level, expired))
        for login, name, role, level, expired in specs:
            granted = today - timedelta(days=rng.randint(200, 2500))
            expiry = (
                today - timedelta(days=rng.randint(1, 90))
                if expired
                else today + timedelta(days=rng.randint(60, 1800))
            )
            vals_list.append(
                {
                    "login": login,
                    "name": name,
                    "email": f"{login}@protect.example",
                    "group_ids": [Command.set([env.ref(ROLE_GROUPS[role]).id])],
                    "protect_vetting_level_id": self.levels[level],
                    "protect_vetting_granted": granted,
                    "protect_vetting_expiry": expiry,
                }
            )
        users = (
            env["res.users"]
            .with_context(
                no_reset_password=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                tracking_disable=True,
            )
            .create(vals_list)
        )
        self.roles = roles = {spec[0]: spec[2] for spec in specs}
        self.user_ids = users.ids
        self.officer_user_ids = [
            u.id for u in users if roles[u.login] in ("officer", "manager", "admin")
        ]
        self.liaison_user_ids = [u.id for u in users if roles[u.login] == "liaison"]
        self.user_partner_ids = users.partner_id.ids
        self.users = users
        self.counts["users"] = len(users)

    def _engagement_lead(self):
        rng = self.rng
        if self.liaison_user_ids and rng.random() < 0.15:
            return rng.choice(self.liaison_user_ids)
        return rng.choice(self.officer_user_ids)

    # ------------------------------------------------------------ partners (COPY)

    def make_partners(self):
        scale, rng, cr = self.scale, self.rng, self.cr
        pick_sensitivity = weighted(
            rng, {"official": 80, "official_sensitive": 15, "secret": 5}
        )
        pick_status = weighted(
            rng, {"prospect": 15, "active": 60, "dormant": 15, "ended": 10}
        )
        pick_health = weighted(rng, {"good": 70, "attention": 20, "at_risk": 10})
        pick_isa = weighted(rng, {"none": 60, "negotiating": 15, "signed": 25})
        create_date = self.now - timedelta(days=YEARS * 366)
        first = next_id(cr, "res_partner")
        self.org_ids = list(range(first, first + scale.organisations))
        self.orgs = {}  # id -> (sector_id, area_id, sensitivity, name)
        self.people_of = {}  # org id -> [person ids]
        self.person_org = {}
        self.sensitivity_of = {}
        rows = []
        owners = self.officer_user_ids
        # Organisations: spread over every leaf sector and force area (a few
        # regional, national or outside-region ones too).
        for index, org_id in enumerate(self.org_ids):
            sector_id, group = self.sectors[index % len(self.sectors)]
            if rng.random() < 0.88:
                area_id = rng.choice(self.force_areas)
            else:
                area_id = rng.choice(self.other_areas)
            sensitivity = pick_sensitivity()
            kind = rng.choice(ORG_KINDS.get(group, ("Partnership",)))
            name = f"{rng.choice(PLACES)} {kind} {index + 1}"
            isa = pick_isa()
            self.orgs[org_id] = (sector_id, area_id, sensitivity, name)
            self.sensitivity_of[org_id] = sensitivity
            rows.append(
                self._partner_row(
                    org_id, name, True, None, sector_id, area_id,
                    rng.choice(owners) if rng.random() < 0.9 else None,
                    pick_status(), pick_health(), isa, sensitivity,
                    email=f"info@{slug(name)}.example", create_date=create_date,
                )
            )  # fmt: skip
        # People: each works for a stakeholder organisation and inherits its
        # sector, area, owner and (mostly) its marking.
        person_id = first + scale.organisations
        for index in range(scale.people):
            # A few organisations employ many contacts, most a handful.
            org_id = self.org_ids[
                int(scale.organisations * (rng.random() ** 1.6)) % scale.organisations
            ]
            sector_id, area_id, org_sensitivity, org_name = self.orgs[org_id]
            sensitivity = org_sensitivity
            if rng.random() < 0.05:
                sensitivity = max(pick_sensitivity(), org_sensitivity, key=RANK.get)
            first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first_name} {last_name}"
            rows.append(
                self._partner_row(
                    person_id, name, False, org_id, sector_id, area_id,
                    None, pick_status(), pick_health(), "none", sensitivity,
                    email=f"{slug(first_name)}.{slug(last_name)}{index}"
                    f"@{slug(org_name)}.example",
                    function=rng.choice(JOB_TITLES), create_date=create_date,
                )
            )  # fmt: skip
            self.people_of.setdefault(org_id, []).append(person_id)
            self.person_org[person_id] = org_id
            self.sensitivity_of[person_id] = sensitivity
            person_id += 1
        self.person_ids = list(self.person_org)
        # Ordinary contacts outside the register (suppliers, colleagues...),
        # with the defaults the ORM gives any contact: the vetting rule lets
        # everyone see them.
        for index in range(scale.contacts):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({index})"
            rows.append(
                (person_id, name, False, None, "contact", True, False, None, None,
                 None, "prospect", 3, 3, "good", "none", None, "official",
                 f"contact{index}@elsewhere.example", None, None, None,
                 create_date, create_date, 1, 1)
            )  # fmt: skip
            person_id += 1
        copy_rows(cr, "res_partner", PARTNER_COLUMNS, rows)
        reset_sequence(cr, "res_partner")
        self.stakeholder_ids = self.org_ids + self.person_ids
        self.all_partner_ids = list(range(first, person_id))
        self.counts.update(
            organisations=scale.organisations,
            people=scale.people,
            contacts=scale.contacts,
        )

    def _partner_row(
        self, pid, name, is_company, parent_id, sector_id, area_id, owner_id,
        status, health, isa, sensitivity, email, create_date, function=None,
    ):  # fmt: skip
        rng = self.rng
        expiry = None
        if isa == "signed":
            expiry = self.anchor + timedelta(days=rng.randint(-60, 700))
        return (
            pid, name, is_company, parent_id, "contact", True, True, sector_id,
            area_id, owner_id, status, rng.randint(1, 5), rng.randint(1, 5),
            health, isa, expiry, sensitivity, email,
            f"+44 1{rng.randint(100000000, 999999999)}", rng.choice(PLACES), function,
            create_date, create_date, 1, 1,
        )  # fmt: skip

    def recompute_partners(self):
        """Let the ORM compute the partners' stored fields (complete name,
        commercial entity, normalised e-mail, sector group, ...)."""
        env = self.env
        model = env["res.partner"].with_context(active_test=False)
        names = [
            name
            for name, field in model._fields.items()
            if field.store
            and (field.compute or field.related)
            # the images are computed from image_1920, which bulk rows lack
            and not name.startswith("image_")
        ]
        ids = self.all_partner_ids
        # Organisations before their people: a person's commercial entity and
        # complete name read the organisation's.
        chunk = 25_000
        for start in range(0, len(ids), chunk):
            records = model.browse(ids[start : start + chunk])
            for name in names:
                env.add_to_compute(model._fields[name], records)
            records._recompute_recordset(names)
            env.flush_all()
            env.invalidate_all()

    # ------------------------------------------------------------ panels (COPY)

    def make_panels(self):
        scale, rng, cr = self.scale, self.rng, self.cr
        pick_type = weighted(
            rng, {"sa_call": 10, "panel": 40, "workshop": 10, "forum": 30, "board": 10}
        )
        pick_scope = weighted(rng, {"force": 50, "regional": 35, "national": 15})
        pick_sensitivity = weighted(
            rng, {"official": 85, "official_sensitive": 12, "secret": 3}
        )
        pick_cadence = weighted(
            rng,
            {"fortnightly": 3, "monthly": 25, "bimonthly": 20, "quarterly": 40,
             "biannual": 8, "annual": 4},
        )  # fmt: skip
        first = next_id(cr, "protect_panel")
        self.panels = {}
        rows = []
        for index in range(scale.panels):
            panel_id = first + index
            kind = pick_type()
            scope = pick_scope()
            area = rng.choice(self.force_areas) if scope == "force" else None
            cadence = pick_cadence()
            sensitivity = pick_sensitivity()
            self.panels[panel_id] = (area, cadence, sensitivity)
            label = PANEL_LABELS[kind]
            rows.append(
                (panel_id, f"{rng.choice(PLACES)} {label} {index + 1}", kind, scope,
                 area, rng.choice(self.officer_user_ids), cadence, sensitivity,
                 True, 0, self.now, self.now, 1, 1)
            )  # fmt: skip
        copy_rows(cr, "protect_panel", PANEL_COLUMNS, rows)
        reset_sequence(cr, "protect_panel")
        self.counts["panels"] = scale.panels

    def make_memberships(self):
        scale, rng, cr = self.scale, self.rng, self.cr
        pick_role = weighted(rng, {"core": 60, "competent": 20, "observer": 20})
        start_floor = self.anchor - timedelta(days=(YEARS + 1) * 365)
        first = next_id(cr, "protect_panel_membership")
        panel_ids = list(self.panels)
        # Panel sizes vary (10 to 70 members), summing to the scale's total.
        raw = [rng.uniform(10, 70) for _ in panel_ids]
        factor = scale.memberships / sum(raw)
        sizes = [max(2, round(size * factor)) for size in raw]
        sizes[-1] += scale.memberships - sum(sizes)
        self.members_of = {}  # panel -> [(membership, partner, start, end, kind)]
        rows = []
        membership_id = first
        candidates = self.person_ids
        for panel_id, size in zip(panel_ids, sizes, strict=True):
            chosen = set()
            members = []
            for position in range(max(size, 0)):
                officer = rng.random() < 0.06
                pool = self.user_partner_ids if officer else candidates
                partner = rng.choice(pool)
                if partner in chosen:
                    continue
                chosen.add(partner)
                role = (
                    "chair"
                    if position == 0
                    else "secretariat"
                    if position == 1
                    else pick_role()
                )
                start = start_floor + timedelta(
                    days=rng.randint(0, (YEARS + 1) * 365 - 30)
                )
                end = None
                if rng.random() < 0.2:
                    end = start + timedelta(days=rng.randint(90, 900))
                kind = "officer" if officer else "stakeholder"
                members.append((membership_id, partner, start, end, kind))
                rows.append(
                    (membership_id, panel_id, partner, role, start, end, None,
                     self.now, self.now, 1, 1)
                )  # fmt: skip
                membership_id += 1
            self.members_of[panel_id] = members
        copy_rows(cr, "protect_panel_membership", MEMBERSHIP_COLUMNS, rows)
        reset_sequence(cr, "protect_panel_membership")
        self.membership_ids = list(range(first, membership_id))
        self.counts["memberships"] = len(rows)

    # ------------------------------------------------------------ engagements (COPY)

    def _random_start(self, day_offset=None):
        """A UTC working-hours start within the three years (or given day)."""
        rng = self.rng
        span = YEARS * 365 + FUTURE_DAYS
        if day_offset is None:
            day_offset = rng.randint(0, span)
        day = self.anchor - timedelta(days=YEARS * 365) + timedelta(days=day_offset)
        return datetime(day.year, day.month, day.day, rng.randint(7, 17)) + timedelta(
            minutes=rng.choice((0, 15, 30, 45))
        )

    def _state(self, start):
        if start > self.now:
            return "planned"
        roll = self.rng.random()
        return "done" if roll < 0.95 else "cancelled" if roll < 0.98 else "planned"

    def make_engagements(self):
        scale, rng, cr = self.scale, self.rng, self.cr
        pick_type = weighted(rng, TYPE_WEIGHTS)
        pick_sensitivity = weighted(
            rng, {"official": 75, "official_sensitive": 20, "secret": 5}
        )
        first = next_id(cr, "protect_engagement")
        engagement_rows = []
        partner_links = []
        threat_links = []
        officer_links = []
        attendance_rows = []
        eid = first
        # Panel meetings first: the panel's members current on the day attend.
        panel_type_id = self.panel_type.id
        pick_status = weighted(rng, {"present": 80, "apologies": 15, "absent": 5})
        first_attendance = next_id(cr, "protect_panel_attendance")
        attendance_id = first_attendance
        meeting_budget = scale.engagements // 50
        per_year = sum(
            CADENCE_MEETINGS_PER_YEAR[cadence]
            for _a, cadence, _s in self.panels.values()
        )
        meeting_factor = min(1.0, meeting_budget / max(per_year * YEARS, 1))
        for panel_id, (area, cadence, sensitivity) in self.panels.items():
            meetings = max(
                1, round(CADENCE_MEETINGS_PER_YEAR[cadence] * YEARS * meeting_factor)
            )
            step = max((YEARS * 365) // meetings, 1)
            members = self.members_of.get(panel_id, [])
            for number in range(meetings):
                start = self._random_start(number * step + rng.randint(0, step - 1))
                state = self._state(start)
                present = []
                for membership_id, partner, m_start, m_end, kind in members:
                    day = start.date()
                    if m_start <= day and (not m_end or m_end >= day):
                        status = pick_status()
                        attendance_rows.append(
                            (attendance_id, eid, membership_id, status)
                        )
                        attendance_id += 1
                        if status == "present" and kind == "stakeholder":
                            present.append(partner)
                engagement_rows.append(
                    self._engagement_row(
                        eid, f"Panel meeting {number + 1}", panel_type_id, "protect",
                        state, sensitivity, start, 2.0, area, panel_id,
                        len(present),
                    )
                )  # fmt: skip
                partner_links += [(eid, partner) for partner in present]
                eid += 1
        meetings = eid - first
        # Everything else: engagements with organisations, most often the
        # well-connected ones; about one organisation in seven never engaged.
        orgs = self.org_ids
        engaged = [org for org in orgs if rng.random() >= 0.15]
        weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(engaged))]
        rng.shuffle(engaged)
        cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)
        remaining = scale.engagements - meetings
        for _ in range(remaining):
            org = rng.choices(engaged, cum_weights=cumulative)[0]
            _sector, org_area, _marking, org_name = self.orgs[org]
            people = self.people_of.get(org, ())
            roll = rng.random()
            if not people or roll < 0.35:
                partners = [org]
            elif roll < 0.70:
                partners = [org, rng.choice(people)]
            elif roll < 0.85:
                partners = [rng.choice(people)]
            elif roll < 0.95:
                partners = list({org, *rng.sample(people, min(2, len(people)))})
            else:
                other = rng.choice(orgs)
                partners = [org] if other == org else [org, other]
            code = pick_type()
            type_id, strand = self.types[code]
            sensitivity = pick_sensitivity()
            if rng.random() < 0.6:
                sensitivity = max(
                    sensitivity,
                    *(self.sensitivity_of[p] for p in partners),
                    key=RANK.get,
                )
            start = self._random_start()
            threats = rng.sample(self.threat_ids, rng.choice((0, 0, 1, 1, 1, 2)))
            area = org_area if rng.random() < 0.85 else rng.choice(self.force_areas)
            subject = SUBJECTS[code].format(
                org=org_name,
                threat=self.threat_names[threats[0]] if threats else "fraud",
            )
            audience = (
                rng.randint(20, 400)
                if code in ("PRESENTATION", "AWARENESS_EVENT", "CAMPAIGN", "MEDIA")
                else rng.randint(1, 12)
            )
            engagement_rows.append(
                self._engagement_row(
                    eid, subject, type_id, strand, self._state(start), sensitivity,
                    start, rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 3.0)), area, None,
                    audience,
                )
            )  # fmt: skip
            partner_links += [(eid, partner) for partner in partners]
            threat_links += [(eid, threat) for threat in threats]
            roll = rng.random()
            if roll < 0.3:
                extra = rng.sample(self.officer_user_ids, 2 if roll < 0.05 else 1)
                officer_links += [(eid, user) for user in extra]
            eid += 1
        copy_rows(cr, "protect_engagement", ENGAGEMENT_COLUMNS, engagement_rows)
        reset_sequence(cr, "protect_engagement")
        self.engagement_range = (first, eid)
        del engagement_rows
        copy_rows(
            cr,
            "protect_engagement_partner_rel",
            ("engagement_id", "partner_id"),
            partner_links,
        )
        copy_rows(
            cr,
            "protect_engagement_protect_threat_type_rel",
            ("protect_engagement_id", "protect_threat_type_id"),
            threat_links,
        )
        copy_rows(
            cr,
            "protect_engagement_officer_rel",
            ("engagement_id", "user_id"),
            officer_links,
        )
        copy_rows(
            cr,
            "protect_panel_attendance",
            ("id", "engagement_id", "membership_id", "status"),
            attendance_rows,
        )
        reset_sequence(cr, "protect_panel_attendance")
        self.counts.update(
            engagements=eid - first,
            panel_meetings=meetings,
            engagement_stakeholder_links=len(partner_links),
            engagement_threat_links=len(threat_links),
            engagement_officer_links=len(officer_links),
            panel_attendance=len(attendance_rows),
        )

    def _engagement_row(
        self, eid, name, type_id, strand, state, sensitivity, start, duration,
        area, panel_id, audience,
    ):  # fmt: skip
        rng = self.rng
        outcome = key_learning = None
        if rng.random() < 0.2:
            outcome = "<p>Agreed next steps; materials shared with the partner.</p>"
        if rng.random() < 0.08:
            key_learning = "<p>Partners asked for more on impersonation scams.</p>"
        # date_end: the stored compute _compute_date_end (start + duration hours);
        # verify() recomputes a sample through the ORM and compares.
        end = start + timedelta(hours=duration)
        active = rng.random() >= 0.01
        created = min(start, self.now)
        return (
            eid, name, type_id, strand, state, sensitivity, start, duration, end,
            self._engagement_lead(), area, panel_id, audience, outcome, key_learning,
            active, 0, created, created, 1, 1,
        )  # fmt: skip

    def recompute_memberships(self):
        env = self.env
        model = env["protect.panel.membership"]
        names = [
            name
            for name, field in model._fields.items()
            if field.store and (field.compute or field.related)
        ]
        records = model.browse(self.membership_ids)
        for name in names:
            env.add_to_compute(model._fields[name], records)
        records._recompute_recordset(names)
        env.flush_all()
        env.invalidate_all()

    # ------------------------------------------------------------ CPD (ORM)

    def make_cpd(self):
        """CPD events with attendance, through the ORM, when the addon's CPD
        part (event.event CPD fields, protect.cpd.record) is installed: the
        users become employees (managers over the rest), a CPD event's
        attended registrations give its staff attendees their CPD records."""
        env, rng, scale = self.env, self.rng, self.scale
        if (
            "protect.cpd.record" not in env
            or "protect_is_cpd" not in env["event.event"]._fields
        ):
            self.counts["cpd_events"] = "n/a (CPD not built yet)"
            return
        quiet = {
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
            "tracking_disable": True,
        }
        employees = env["hr.employee"].with_context(**quiet)
        leads = self.users.filtered(lambda u: self.roles[u.login] == "manager")
        lead_employees = employees.create(
            [{"name": u.name, "user_id": u.id} for u in leads]
        )
        employees.create(
            [
                {
                    "name": u.name,
                    "user_id": u.id,
                    "parent_id": rng.choice(lead_employees.ids),
                }
                for u in self.users - leads
            ]
        )
        category = env["protect.cpd.category"].search([], limit=1) or env[
            "protect.cpd.category"
        ].create({"name": "Fraud training", "code": "BENCH"})
        event_vals = []
        for index in range(scale.cpd_events):
            start = self._random_start(rng.randint(0, YEARS * 365 - 1))
            event_vals.append(
                {
                    "name": f"Fraud CPD session {index + 1}",
                    "date_begin": start,
                    "date_end": start + timedelta(hours=rng.choice((1, 2, 3, 6))),
                    "protect_is_cpd": True,
                    "protect_cpd_category_id": category.id,
                }
            )
        events = env["event.event"].with_context(**quiet).create(event_vals)
        attendees = self.users.partner_id.ids
        reg_vals = []
        for event in events:
            size = max(1, min(len(attendees), int(rng.gauss(scale.cpd_attendees, 4))))
            for partner in rng.sample(attendees, size):
                reg_vals.append(
                    {
                        "event_id": event.id,
                        "partner_id": partner,
                        "state": "done" if rng.random() < 0.8 else "open",
                    }
                )
        env["event.registration"].with_context(**quiet).create(reg_vals)
        env.flush_all()
        self.counts["employees"] = len(self.users)
        self.counts["cpd_events"] = len(events)
        self.counts["cpd_registrations"] = len(reg_vals)
        self.counts["cpd_records"] = env["protect.cpd.record"].search_count([])

    # ------------------------------------------------------------ finish

    def rebuild_stats(self):
        self.env["protect.engagement.stat"]._rebuild_all()
        self.env.flush_all()
        self.cr.execute(SQL("SELECT count(*) FROM protect_engagement_stat"))
        self.counts["engagement_stat_rows"] = self.cr.fetchone()[0]

    def verify(self, sample=300):
        """Recompute a sample of the bulk rows' stored fields with the ORM and
        compare: the generator must write what the ORM would."""
        env, rng = self.env, self.rng
        first, stop = self.engagement_range
        ids = rng.sample(range(first, stop), min(sample, stop - first))
        engagements = env["protect.engagement"].browse(ids)
        field = engagements._fields["date_end"]
        before = {e.id: e.date_end for e in engagements}
        env.invalidate_all()
        env.add_to_compute(field, engagements)
        engagements._recompute_recordset(["date_end"])
        after = {e.id: e.date_end for e in engagements}
        bad = [i for i in ids if before[i] != after[i]]
        env.invalidate_all()
        if bad:
            raise AssertionError(f"date_end differs from the ORM's for ids {bad[:5]}")

    def finish(self):
        env = self.env
        env.flush_all()
        env.invalidate_all()
        env.registry.clear_cache()


PARTNER_COLUMNS = (
    "id", "name", "is_company", "parent_id", "type", "active", "protect_stakeholder",
    "protect_sector_id", "protect_force_area_id", "protect_owner_id",
    "protect_status", "protect_power", "protect_interest", "protect_health",
    "protect_isa_state", "protect_isa_expiry", "protect_sensitivity", "email",
    "phone", "city",
    "function", "create_date", "write_date", "create_uid", "write_uid",
)  # fmt: skip
PANEL_COLUMNS = (
    "id", "name", "panel_type", "scope", "force_area_id", "user_id", "cadence",
    "sensitivity", "active", "color", "create_date", "write_date", "create_uid",
    "write_uid",
)  # fmt: skip
MEMBERSHIP_COLUMNS = (
    "id", "panel_id", "partner_id", "role", "date_start", "date_end", "notes",
    "create_date", "write_date", "create_uid", "write_uid",
)  # fmt: skip
ENGAGEMENT_COLUMNS = (
    "id", "name", "engagement_type_id", "strand", "state", "sensitivity",
    "date_start", "duration", "date_end", "user_id", "force_area_id", "panel_id",
    "audience_count", "outcome", "key_learning", "active", "color", "create_date",
    "write_date", "create_uid", "write_uid",
)  # fmt: skip


def generate(env, scale, seed, anchor=None, log=print):
    """Fill the (fresh, addon installed without demo) database of ``env``."""
    rng = random.Random(seed)
    anchor = anchor or date.today()
    gen = Generator(env, scale, rng, anchor, log=log)
    step = gen.timer.step
    with step("reference data"):
        gen.load_reference()
    with step(f"{scale.users} users (ORM)"):
        gen.make_users()
    with step(f"{scale.stakeholders + scale.contacts:,} partners (COPY)"):
        gen.make_partners()
    with step("partners' stored fields (ORM recompute)"):
        gen.recompute_partners()
    with step(f"{scale.panels} panels, {scale.memberships:,} memberships (COPY)"):
        gen.make_panels()
        gen.make_memberships()
    with step(f"{scale.engagements:,} engagements, links, attendance (COPY)"):
        gen.make_engagements()
    with step("memberships' stored fields (ORM recompute)"):
        gen.recompute_memberships()
    with step("CPD events and attendance (ORM)"):
        gen.make_cpd()
    with step("engagement figures (protect.engagement.stat._rebuild_all)"):
        gen.rebuild_stats()
    with step("check a sample against the ORM"):
        gen.verify()
    gen.finish()
    return {
        "scale_spec": asdict(scale),
        "seed": seed,
        "anchor": anchor.isoformat(),
        "counts": gen.counts,
        "steps": gen.timer.steps,
        "seconds": round(gen.timer.total, 1),
    }
