"""Hand-written SQL for tools/bench.py: the baselines the ORM is measured against,
and the synthetic stakeholders of the query-count check.

The baselines compute the same figures as the addon's screens, with the vetting
of the benchmark's officer written into the WHERE clause as a DBA would write
it: engagement, organisation and linked contact markings within the cleared
ones. They read the tables directly (not the ``protect_coverage_line`` view), so
they work on the committed code before the coverage model exists.
"""

from datetime import date, datetime, time, timedelta

from odoo.tools import SQL

# Same trick as protect.coverage.line: add each engagement's audience once per
# group, SUM(DISTINCT id * SHIFT + audience) mod SHIFT.
SHIFT = 2**40

# One row per (engagement, stakeholder linked) of done, unarchived engagements
# with a stakeholder organisation, that the clearance sees; ``extra`` narrows it.
LINES = """
    SELECT e.id AS engagement_id,
           e.date_start,
           e.date_start::date AS date,
           COALESCE(e.audience_count, 0) AS audience,
           org.id AS org_id,
           org.protect_sector_group_id AS grp,
           COALESCE(e.force_area_id, org.protect_force_area_id) AS area,
           e.sensitivity AS es,
           org.protect_sensitivity AS ps,
           CASE WHEN c.protect_stakeholder THEN c.protect_sensitivity
                ELSE 'official' END AS cs
      FROM protect_engagement_partner_rel r
      JOIN protect_engagement e ON e.id = r.engagement_id
      JOIN res_partner c ON c.id = r.partner_id
      JOIN res_partner org ON org.id = c.commercial_partner_id
     WHERE e.state = 'done' AND e.active AND org.protect_stakeholder
       AND e.sensitivity IN %(cleared)s
       AND org.protect_sensitivity IN %(cleared)s
       AND (c.protect_stakeholder IS NOT TRUE OR c.protect_sensitivity IN %(cleared)s)
       %(extra)s
"""


def _lines(cleared, extra="", **params):
    return SQL(LINES, cleared=tuple(cleared), extra=SQL(extra, **params))


def _day(day):
    return datetime.combine(day, time.min)


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


IN_AREAS = " AND COALESCE(e.force_area_id, org.protect_force_area_id) IN %(areas)s"


class CoverageSQL:
    """The coverage report's figures for one period, as hand-written SQL.

    Mirrors report.protect_engagement.report_coverage._coverage: the sector
    group x force area matrix (engagements, people reached, last date, with row,
    column and grand totals and the markings drawn on) for the period and the
    previous one, the last date before that, the active stakeholder
    organisations of each cell, and the cold relationships (engaged before but
    not for 90 days; never engaged: the first 40 and how many).
    """

    def __init__(self, start, end, areas, cleared, reference, cold_days=90):
        areas = tuple(areas)
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        prev_start = _add_months(start, -months)  # as many whole months before
        sets = SQL("GROUPING SETS ((grp, area), (grp), (area), (), (es), (ps), (cs))")
        self.queries = []
        for first, stop in ((start, end + timedelta(days=1)), (prev_start, start)):
            lines = _lines(
                cleared,
                " AND e.date_start >= %(a)s AND e.date_start < %(b)s" + IN_AREAS,
                a=_day(first),
                b=_day(stop),
                areas=areas,
            )
            self.queries.append(
                SQL(
                    """
                    SELECT GROUPING(grp, area, es, ps, cs), grp, area, es, ps, cs,
                           COUNT(DISTINCT engagement_id),
                           MOD(SUM(DISTINCT engagement_id::numeric * %(shift)s
                                   + audience), %(shift)s)::bigint,
                           MAX(date)
                      FROM (%(lines)s) l
                     GROUP BY %(sets)s
                    """,
                    lines=lines,
                    shift=SHIFT,
                    sets=sets,
                )
            )
        earlier = _lines(
            cleared,
            " AND e.date_start < %(a)s" + IN_AREAS,
            a=_day(prev_start),
            areas=areas,
        )
        self.queries.append(
            SQL(
                """
                SELECT GROUPING(grp, area, es, ps, cs), grp, area, MAX(date)
                  FROM (%(lines)s) l
                 GROUP BY %(sets)s
                """,
                lines=earlier,
                sets=sets,
            )
        )
        # Active stakeholder organisations the officer sees, by cell.
        organisations = SQL(
            """
                p.active AND p.protect_stakeholder
            AND (p.is_company OR p.parent_id IS NULL)
            AND p.protect_status = 'active'
            AND p.protect_force_area_id IN %(areas)s
            AND p.protect_sensitivity IN %(cleared)s
            """,
            areas=areas,
            cleared=tuple(cleared),
        )
        self.queries.append(
            SQL(
                """
                SELECT GROUPING(p.protect_sector_group_id, p.protect_force_area_id,
                                p.protect_sensitivity),
                       p.protect_sector_group_id, p.protect_force_area_id,
                       p.protect_sensitivity, COUNT(*)
                  FROM res_partner p
                 WHERE %s
                 GROUP BY GROUPING SETS (
                       (p.protect_sector_group_id, p.protect_force_area_id),
                       (p.protect_sector_group_id), (p.protect_force_area_id), (),
                       (p.protect_sensitivity))
                """,
                organisations,
            )
        )
        # Cold relationships: engaged before, not since the cut-off ...
        until = _day(reference + timedelta(days=1))
        cutoff = reference - timedelta(days=cold_days)
        so_far = _lines(cleared, " AND e.date_start < %(until)s", until=until)
        self.queries.append(
            SQL(
                """
                SELECT l.org_id, MAX(l.date)
                  FROM (%(lines)s) l
                  JOIN res_partner p ON p.id = l.org_id
                 WHERE %(organisations)s
                 GROUP BY l.org_id
                HAVING MAX(l.date) <= %(cutoff)s
                 ORDER BY MAX(l.date), l.org_id
                """,
                lines=so_far,
                organisations=organisations,
                cutoff=cutoff,
            )
        )
        # ... and never engaged: the first 40 by name, and how many.
        never = SQL(
            """
              FROM res_partner p
             WHERE %(organisations)s AND p.create_date < %(until)s
               AND NOT EXISTS (SELECT 1 FROM (%(lines)s) l WHERE l.org_id = p.id)
            """,
            organisations=organisations,
            until=until,
            lines=so_far,
        )
        self.queries.append(
            SQL(
                """
                SELECT p.id, p.name, p.protect_sector_id, p.protect_force_area_id,
                       (SELECT u.login FROM res_users u
                         WHERE u.id = p.protect_owner_id)
                %s
                 ORDER BY p.name, p.id LIMIT 40
                """,
                never,
            )
        )
        self.queries.append(SQL("SELECT COUNT(*) %s", never))

    @staticmethod
    def total_engagements(results):
        """Grand total of engagements of the period (first query)."""
        for row in results[0]:
            if row[0] == 31:  # all five grouping columns rolled up
                return row[6]
        return 0


def coverage_sql(bench, start, end, areas, cleared):
    reference = min(end, date.today())
    return CoverageSQL(start, end, areas, cleared, reference)


def pivot_sql(start, end, cleared):
    """Sector group x month for the period: engagements (distinct), people
    reached (once per engagement and group) and lines, with the totals the
    pivot shows (grouping sets)."""
    return SQL(
        """
        SELECT grp, month,
               COUNT(DISTINCT engagement_id),
               MOD(SUM(DISTINCT engagement_id::numeric * %(shift)s + audience),
                   %(shift)s)::bigint,
               COUNT(*)
          FROM (SELECT l.*, date_trunc('month', l.date)::date AS month
                  FROM (%(lines)s) l) l
         GROUP BY GROUPING SETS ((), (grp), (month), (grp, month))
         ORDER BY grp, month
        """,
        lines=_lines(
            cleared,
            " AND e.date_start >= %(a)s AND e.date_start < %(b)s",
            a=_day(start),
            b=_day(end + timedelta(days=1)),
        ),
        shift=SHIFT,
    )


def add_stakeholders(bench, area_id, count, start, seed):
    """Add ``count`` stakeholder organisations in force area ``area_id``, each
    engaged twice in the year from ``start`` (SQL, as the generator does)."""
    from bench_data import copy_rows

    env, cr = bench.su, bench.cr
    if count <= 0:
        return
    sector = env["protect.sector"].search([("child_ids", "=", False)], limit=1)
    type_id = env.ref("protect_engagement.protect_engagement_type_partner_meeting").id
    officer = bench.officer.uid
    cr.execute(
        "SELECT nextval('res_partner_id_seq') FROM generate_series(1, %s)", [count]
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT nextval('protect_engagement_id_seq') FROM generate_series(1, %s)",
        [2 * count],
    )
    engagement_ids = [row[0] for row in cr.fetchall()]
    created = _day(start) - timedelta(days=400)
    copy_rows(
        cr,
        "res_partner",
        (
            "id",
            "name",
            "complete_name",
            "commercial_partner_id",
            "is_company",
            "type",
            "active",
            "protect_stakeholder",
            "protect_sector_id",
            "protect_force_area_id",
            "protect_owner_id",
            "protect_status",
            "protect_power",
            "protect_interest",
            "protect_health",
            "protect_isa_state",
            "protect_sensitivity",
            "protect_sector_group_id",
            "partner_share",
            "create_date",
            "write_date",
            "create_uid",
            "write_uid",
        ),
        (
            (
                pid,
                f"QC organisation {pid}",
                f"QC organisation {pid}",
                pid,
                True,
                "contact",
                True,
                True,
                sector.id,
                area_id,
                officer,
                "active",
                3,
                3,
                "good",
                "none",
                "official",
                sector.group_id.id,
                True,
                created,
                created,
                1,
                1,
            )
            for pid in partner_ids
        ),
    )
    rows, links = [], []
    for index, eid in enumerate(engagement_ids):
        partner = partner_ids[index // 2]
        begin = _day(start) + timedelta(days=(index * 7 + seed) % 300, hours=10)
        rows.append(
            (eid, f"QC meeting {eid}", type_id, "protect", "done", "official", begin,
             1.0, begin + timedelta(hours=1), officer, area_id, 5, True, begin,
             begin, 1, 1)
        )  # fmt: skip
        links.append((eid, partner))
    copy_rows(
        cr,
        "protect_engagement",
        (
            "id",
            "name",
            "engagement_type_id",
            "strand",
            "state",
            "sensitivity",
            "date_start",
            "duration",
            "date_end",
            "user_id",
            "force_area_id",
            "audience_count",
            "active",
            "create_date",
            "write_date",
            "create_uid",
            "write_uid",
        ),
        rows,
    )
    copy_rows(
        cr, "protect_engagement_partner_rel", ("engagement_id", "partner_id"), links
    )
    env["protect.engagement.stat"]._refresh_ids(tuple(partner_ids))
    env.invalidate_all(flush=False)


def plan_progress_sql(start, end, cleared, type_id, group_id):
    """The figures of the benchmark's delivery plan (see Bench.m_plan), as a DBA
    would write them: one query per kind of figure. Returns (queries, floor):
    ``floor`` is the least the database must do for any of them, one pass over
    the period's engagements the clearance sees."""
    period = SQL(
        "e.state = 'done' AND e.active AND e.sensitivity IN %s "
        "AND e.date_start >= %s AND e.date_start < %s",
        tuple(cleared),
        _day(start),
        _day(end + timedelta(days=1)),
    )
    queries = [
        # Engagements of a type, and people reached in the Protect strand.
        SQL(
            "SELECT COUNT(*) FILTER (WHERE e.engagement_type_id = %s), "
            "COALESCE(SUM(e.audience_count) FILTER (WHERE e.strand = 'protect'), 0) "
            "FROM protect_engagement e WHERE %s",
            type_id,
            period,
        ),
        # Organisations engaged, and engagements with a sector group's stakeholders.
        SQL(
            "SELECT COUNT(DISTINCT org_id), "
            "COUNT(DISTINCT engagement_id) FILTER (WHERE grp = %s) FROM (%s) l",
            group_id,
            _lines(
                cleared,
                " AND e.date_start >= %(a)s AND e.date_start < %(b)s",
                a=_day(start),
                b=_day(end + timedelta(days=1)),
            ),
        ),
    ]
    floor = SQL("SELECT COUNT(*) FROM protect_engagement e WHERE %s", period)
    return queries, floor
