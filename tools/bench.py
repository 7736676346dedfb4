#!/usr/bin/env python3
"""make bench: the national-scale benchmark of protect_engagement (issue 6).

Usage:  python3 tools/bench.py [SCALE]        (make bench SCALE=small)

SCALE is ``small`` (CI-sized), ``medium`` or ``full`` (the default: 100k
stakeholders, 1M engagements; see tools/bench_data.py). The benchmark:

1. makes the database ``protect_bench_<scale>``: installs the addon without demo
   data (odoo-bin -i, with the build/odoo.conf that tools/setup.sh writes) and
   fills it with tools/bench_data.py. A database already generated with the
   same scale, seed and generator is reused; if the addon's code changed since,
   it is upgraded first (odoo-bin -u) so new indexes are there;
2. measures, on one cursor in one process, each figure the median of several
   repeats with the ORM cache cleared in between, and the number of queries;
   each ratio is against hand-written SQL or the superuser on the same data;
3. prints a table and writes build/bench/bench-<scale>.md and .json.

Environment: BENCH_SEED (default 19), BENCH_FRESH=1 (regenerate even if the
database exists), BENCH_REPEATS (default 5), BENCH_ANCHOR=YYYY-MM-DD (last day of
the generated three years; default today), BENCH_SOURCE=head (benchmark the
committed code, from `git archive HEAD`, instead of the working tree).
"""

import ast
import contextlib
import hashlib
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = REPO_ROOT / "build"
BENCH_DIR = BUILD_DIR / "bench"
MODULE = "protect_engagement"
META_KEY = "protect_bench.meta"
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Targets of issue 6.
TARGET_COVERAGE_RATIO = 2.0
TARGET_LIST_RATIO = 1.3
TARGET_PIVOT_RATIO = 2.0
TARGET_EXPORT_SECONDS = 60.0
TARGET_EXPORT_BYTES = 1024**3
TARGET_LOG_RATE = 1000.0
LIST_PAGE = 80  # the web client's page size
LOG_RECORDS = 10_000
LOG_BATCH = 500

NA = "n/a (not built yet)"


def log(message):
    print(message, flush=True)


# ====================================================================== setup


def odoo_env_file():
    values = {}
    env_file = BUILD_DIR / "env.sh"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            match = re.match(r"^(?:export )?(\w+)=(.*)$", line)
            if match:
                value = match.group(2).strip("'\"")
                values[match.group(1)] = value
    return values


def prepare_source():
    """(odoo.conf, addon folder, description) of the code to benchmark."""
    conf = BUILD_DIR / "odoo.conf"
    if not conf.exists():
        sys.exit("make bench: build/odoo.conf is missing; run tools/setup.sh first")
    if os.environ.get("BENCH_SOURCE", "worktree") != "head":
        return conf, REPO_ROOT, "working tree"
    # The committed code only: an export of HEAD and a config pointing at it.
    src = BENCH_DIR / "src"
    target = src / MODULE
    subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", "HEAD"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    text = conf.read_text().replace(str(BUILD_DIR / "addons"), str(src))
    head_conf = BENCH_DIR / "odoo-head.conf"
    head_conf.write_text(text)
    sha = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return head_conf, target, f"HEAD {sha}"


def find_odoo():
    """Make the Odoo that tools/setup.sh found importable, here and in the
    processes started from here; stop with setup's reason if there is none."""
    values = odoo_env_file()
    if values.get("ODOO_AVAILABLE") != "1":
        sys.exit(f"make bench: Odoo 19 is not available: {values.get('ODOO_REASON')}")
    # build/env.sh: export PYTHONPATH=<clone>${PYTHONPATH:+:$PYTHONPATH}
    extra = values.get("PYTHONPATH", "").split("${", 1)[0]
    if extra:
        sys.path.insert(0, extra)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, (extra, os.environ.get("PYTHONPATH")))
        )


def odoo_bin():
    root = odoo_env_file().get("ODOO_ROOT")
    if root and Path(root, "odoo-bin").exists():
        return [sys.executable, str(Path(root, "odoo-bin"))]
    return [sys.executable, "-m", "odoo"]


def addon_fingerprint(addon_dir):
    """Hash of the addon's code and data (what an upgrade would load)."""
    digest = hashlib.sha256()
    skip = {"tools", "build", "tests", "static", "doc", "__pycache__"}
    for root, dirs, files in os.walk(addon_dir):
        dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".py", ".xml", ".csv")):
                path = Path(root, name)
                digest.update(str(path.relative_to(addon_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manifest_depends(addon_dir):
    manifest = ast.literal_eval(Path(addon_dir, "__manifest__.py").read_text())
    return sorted(manifest.get("depends", []))


def psql(db, sql):
    result = subprocess.run(
        ["psql", "-d", db, "-XAtqc", sql], capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 else None


def db_exists(db):
    return psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"


def read_meta(db):
    if not db_exists(db):
        return None
    raw = psql(db, f"SELECT value FROM ir_config_parameter WHERE key = '{META_KEY}'")
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def run_odoo(conf, db, args, logfile):
    """Run odoo-bin; fail on a non-zero exit or an ERROR/CRITICAL log line."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    logfile.write_text("")
    cmd = [
        *odoo_bin(),
        "-c",
        str(conf),
        "-d",
        db,
        *args,
        "--stop-after-init",
        f"--logfile={logfile}",
        "--log-level=warn",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    bad = [
        line
        for line in logfile.read_text().splitlines()
        if re.match(r"^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ", line)
    ]
    if result.returncode or bad:
        tail = "\n".join(logfile.read_text().splitlines()[-40:])
        sys.exit(
            f"make bench: odoo-bin {' '.join(args)} on {db} failed "
            f"(exit {result.returncode}); log {logfile}:\n{tail}"
        )


def ensure_database(db, conf, addon_dir, scale, seed, anchor):
    """Reuse or (re)build the bench database; return its meta and the setup
    timings."""
    from bench_data import GENERATOR_VERSION

    fresh = os.environ.get("BENCH_FRESH") == "1"
    fingerprint = addon_fingerprint(addon_dir)
    depends = manifest_depends(addon_dir)
    meta = read_meta(db)
    wanted = {
        "scale": scale.name,
        "seed": seed,
        "generator": GENERATOR_VERSION,
        "depends": depends,
    }
    setup = {}
    reuse = (
        meta is not None
        and not fresh
        and all(meta.get(key) == value for key, value in wanted.items())
        and (not os.environ.get("BENCH_ANCHOR") or meta.get("anchor") == anchor)
    )
    logs = BENCH_DIR / "logs"
    if reuse:
        log(f"bench: reusing database {db} (generated {meta.get('generated_at')})")
        if meta.get("fingerprint") != fingerprint:
            log("bench: the addon changed since; upgrading it (odoo-bin -u) ...")
            t0 = time.perf_counter()
            run_odoo(conf, db, ["-u", MODULE], logs / f"{db}-upgrade.log")
            setup["upgrade_s"] = round(time.perf_counter() - t0, 1)
            meta["fingerprint"] = fingerprint
            write_meta(db, meta)
        return meta, setup
    if meta is not None or db_exists(db):
        log(f"bench: dropping {db} (fresh run or different scale/seed/code)")
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)
    subprocess.run(["rm", "-rf", str(BUILD_DIR / "data" / "filestore" / db)])
    log(f"bench: installing {MODULE} without demo data into {db} ...")
    t0 = time.perf_counter()
    run_odoo(conf, db, ["-i", MODULE], logs / f"{db}-install.log")
    setup["install_s"] = round(time.perf_counter() - t0, 1)
    log(f"bench: installed in {setup['install_s']}s; generating {scale.name} data")
    info = generate(db, scale, seed, anchor)
    setup["generate_s"] = info["seconds"]
    t0 = time.perf_counter()
    log("bench: VACUUM ANALYZE ...")
    subprocess.run(["psql", "-d", db, "-XAtqc", "VACUUM ANALYZE"], check=True)
    setup["vacuum_s"] = round(time.perf_counter() - t0, 1)
    meta = {
        **info,
        **wanted,
        "fingerprint": fingerprint,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "setup": setup,
    }
    write_meta(db, meta)
    return meta, setup


def write_meta(db, meta):
    import odoo

    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param(META_KEY, json.dumps(meta))


def generate(db, scale, seed, anchor):
    from bench_data import generate as fill

    import odoo

    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        info = fill(env, scale, seed, date.fromisoformat(anchor), log=log)
        cr.commit()
    return info


def load_odoo(conf):
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "--log-level=warn"], setup_logging=True)


# ====================================================================== measuring


class Bench:
    """The measures, on one cursor that is never committed."""

    def __init__(self, env, meta, repeats):
        from bench_data import MANAGER_LOGIN, OFFICER_LOGIN

        import odoo

        self.odoo = odoo
        self.env = env
        self.cr = env.cr
        self.meta = meta
        self.repeats = repeats
        self.rows = []
        users = env["res.users"].with_context(active_test=False)
        officer = users.search([("login", "=", OFFICER_LOGIN)])
        manager = users.search([("login", "=", MANAGER_LOGIN)])
        context = {"lang": "en_US", "tz": "Europe/London"}
        self.su = odoo.api.Environment(env.cr, odoo.SUPERUSER_ID, context)
        self.officer = odoo.api.Environment(env.cr, officer.id, context)
        self.manager = odoo.api.Environment(env.cr, manager.id, context)
        self.cleared = tuple(officer._protect_cleared_sensitivities())
        anchor = date.fromisoformat(meta["anchor"])
        # "A year": the last full calendar year of the generated three.
        self.year = anchor.year - 1
        self.year_start = date(self.year, 1, 1)
        self.year_end = date(self.year, 12, 31)

    # -------------------------------------------------------------- helpers

    def timed(self, func, repeats=None):
        """(median seconds, queries per run, last result) of ``func()``, after a
        warm-up run; the ORM cache is cleared before every run."""
        (seconds, queries, result), _other = self.compare(func, None, repeats)
        return seconds, queries, result

    def compare(self, func, other, repeats=None):
        """Time ``func`` and ``other`` (may be None) in turns, so that a change
        of load on the machine weighs on both alike: for each, (median
        seconds, most queries in a run, last result). A warm-up run of each
        first (registry caches, rule domains, query plans); the ORM cache is
        cleared before every run."""
        repeats = repeats or self.repeats
        funcs = [f for f in (func, other) if f is not None]
        results = [None] * len(funcs)
        times = [[] for _ in funcs]
        queries = [[] for _ in funcs]
        for index, f in enumerate(funcs):
            self.env.invalidate_all()
            results[index] = f()
        for _ in range(repeats):
            for index, f in enumerate(funcs):
                self.env.invalidate_all()
                q0 = self.cr.sql_log_count
                t0 = time.perf_counter()
                results[index] = f()
                times[index].append(time.perf_counter() - t0)
                queries[index].append(self.cr.sql_log_count - q0)
        out = [
            (statistics.median(t), max(q), r)
            for t, q, r in zip(times, queries, results, strict=True)
        ]
        return out[0], (out[1] if other is not None else None)

    def raw(self, query):
        self.cr.execute(query)
        return self.cr.fetchall()

    def add(self, key, label, **values):
        row = {"key": key, "measure": label, **values}
        self.rows.append(row)
        shown = ", ".join(f"{k}={v}" for k, v in values.items() if v not in (None, ""))
        log(f"  {label}: {shown}")
        return row

    def guard(self, key, label, func):
        """Run one measure; record n/a or the error instead of crashing."""
        try:
            func()
        except NotBuilt as reason:
            self.add(key, label, result=f"{NA}: {reason}", status="n/a")
        except Exception as error:
            traceback.print_exc()
            self.cr.rollback()
            self.env.invalidate_all(flush=False)
            self.add(key, label, result=f"error: {error!r}"[:300], status="ERROR")

    # -------------------------------------------------------------- report API

    def coverage_report(self):
        return self.env.get("report.protect_engagement.report_coverage")

    def report_filters(self, env, start, end, **extra):
        if self.coverage_report() is None:
            raise NotBuilt("report.protect_engagement.report_coverage")
        common = sys.modules.get(
            "odoo.addons.protect_engagement.reports.protect_report_common"
        )
        if common is None:
            import importlib

            common = importlib.import_module(
                "odoo.addons.protect_engagement.reports.protect_report_common"
            )
        data = {
            "filters": {
                "date_from": start.isoformat(),
                "date_to": end.isoformat(),
                **extra,
            }
        }
        return common.ReportFilters.from_data(env, data)

    def run_coverage(self, env, start, end, **extra):
        report = env["report.protect_engagement.report_coverage"]
        return report._coverage(self.report_filters(env, start, end, **extra))

    # -------------------------------------------------------------- measures

    def measure_all(self, db, conf):
        self.guard("coverage", "Coverage report figures, a year", self.m_coverage)
        self.guard("list", "Stakeholder list, first page + count", self.m_list)
        self.guard("pivot", "Engagement pivot, sector group x month", self.m_pivot)
        self.guard(
            "graphml",
            "Stakeholder map GraphML export",
            lambda: self.m_graphml(db, conf),
        )
        self.guard("logging", "ORM logging of engagements", self.m_logging)
        self.guard("queries", "Query counts, 10 vs 1,000 stakeholders", self.m_queries)
        self.guard("plan", "Plan progress for a year", self.m_plan)
        return self.rows

    # 1. coverage ------------------------------------------------------------

    def m_coverage(self):
        from bench_sql import coverage_sql

        label = "Coverage report figures, a year"
        start, end = self.year_start, self.year_end
        env = self.officer
        areas = tuple(env["protect.force.area"].search([]).ids)
        sql = coverage_sql(self, start, end, areas, self.cleared)

        def raw():
            return [self.raw(query) for query in sql.queries]

        if self.coverage_report() is None:
            raw_s, raw_q, raw_result = self.timed(raw)
            total = sql.total_engagements(raw_result)
            self.add(
                "coverage",
                label,
                result=NA + " (report model missing)",
                baseline=f"raw SQL {raw_s * 1000:,.0f} ms, {total:,} engagements",
                target=f"<= {TARGET_COVERAGE_RATIO}x raw SQL",
                status="n/a",
            )
            return
        who = "MV officer"
        try:
            self.run_coverage(env, start, end)
        except self.odoo.exceptions.AccessError:
            env, who = self.manager, "MV manager (officers may not read the lines)"
        (orm_s, orm_q, coverage), (raw_s, raw_q, raw_result) = self.compare(
            lambda: self.run_coverage(env, start, end), raw
        )
        orm_total = coverage["total"].engagements
        raw_total = sql.total_engagements(raw_result)
        ratio = orm_s / raw_s
        same = "figures match" if orm_total == raw_total else "FIGURES DIFFER"
        self.add(
            "coverage",
            label,
            result=f"{orm_s * 1000:,.0f} ms as {who}",
            baseline=f"raw SQL {raw_s * 1000:,.0f} ms ({raw_q} queries)",
            ratio=round(ratio, 2),
            target=f"<= {TARGET_COVERAGE_RATIO}x",
            queries=orm_q,
            status=status(ratio <= TARGET_COVERAGE_RATIO),
            note=f"{orm_total:,} engagements in {self.year}, previous year, "
            f"cold relationships ({same}: raw SQL {raw_total:,})",
        )

    # 2. stakeholder list -----------------------------------------------------

    def list_spec(self):
        """The fields the stakeholder list view asks for, as the web client does."""
        from lxml import etree

        view = self.su.ref("protect_engagement.res_partner_view_list_protect")
        arch = etree.fromstring(view.arch_db.encode())
        fields_ = self.su["res.partner"]._fields
        spec = {}
        for node in arch.iter("field"):
            name = node.get("name")
            if fields_[name].type == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def list_call(self, env, spec, domain=None, limit=LIST_PAGE, count_limit=None):
        partners = env["res.partner"].with_context(bin_size=True)
        domain = domain or [("protect_stakeholder", "=", True)]
        return partners.web_search_read(
            domain, spec, offset=0, limit=limit, count_limit=count_limit
        )

    def m_list(self):
        spec = self.list_spec()
        repeats = max(self.repeats * 5, 25)  # cheap: more repeats, less noise
        for count_limit, suffix in ((None, "exact total"), (10001, "count to 10,001")):
            (of_s, of_q, of_res), (su_s, su_q, su_res) = self.compare(
                lambda cl=count_limit: self.list_call(
                    self.officer, spec, count_limit=cl
                ),
                lambda cl=count_limit: self.list_call(self.su, spec, count_limit=cl),
                repeats,
            )
            ratio = of_s / su_s
            self.add(
                f"list_{'exact' if count_limit is None else 'capped'}",
                f"Stakeholder list, first {LIST_PAGE} + {suffix}",
                result=f"{of_s * 1000:.1f} ms as MV officer ({of_res['length']:,})",
                baseline=f"superuser {su_s * 1000:.1f} ms ({su_res['length']:,})",
                ratio=round(ratio, 2),
                target=f"<= {TARGET_LIST_RATIO}x",
                queries=of_q,
                status=status(ratio <= TARGET_LIST_RATIO),
                note=f"web_search_read with the list view's fields; superuser "
                f"queries {su_q}",
            )

    # 7. plan progress -----------------------------------------------------------

    def m_plan(self):
        """A delivery plan for the last full financial year with 5 objectives of
        3 measures (engagements of a type, people reached in a strand,
        organisations engaged, engagements with a sector group, a figure
        entered by hand): every measure's figure read as the MV officer, as the
        plan's Progress tab does, against hand-written SQL and the floor."""
        from bench_sql import plan_progress_sql

        label = "Plan progress for a year"
        if "protect.delivery.plan" not in self.env:
            self.add("plan", label, result=NA, status="n/a")
            return
        start = date(self.year - 1, 4, 1)
        end = date(self.year, 3, 31)
        su = self.su
        meeting = su.ref("protect_engagement.protect_engagement_type_partner_meeting")
        group = su["protect.sector.group"].search([], limit=1)
        aim = su["protect.strategic.aim"].search([], limit=1)
        kinds = [
            {"kind": "engagements", "engagement_type_ids": [(6, 0, meeting.ids)]},
            {"kind": "people_reached", "strand": "protect"},
            {"kind": "organisations"},
            {"kind": "engagements", "sector_group_ids": [(6, 0, group.ids)]},
            {"kind": "manual"},
        ]
        objectives = [
            (
                0,
                0,
                {
                    "name": f"Objective {number}",
                    "aim_id": aim.id,
                    "measure_ids": [
                        (0, 0, {"name": f"M{number}.{index}", "target": 100, **kind})
                        for index, kind in enumerate(kinds[number % 2 :][:3], 1)
                    ],
                },
            )
            for number in range(1, 6)
        ]
        plan = su["protect.delivery.plan"].create(
            {
                "name": "Benchmark plan",
                "date_from": start,
                "date_to": end,
                "objective_ids": objectives,
            }
        )
        su.flush_all()
        measure_ids = plan.measure_ids.ids
        queries, floor = plan_progress_sql(
            start, end, self.cleared, meeting.id, group.id
        )

        def orm():
            measures = self.officer["protect.plan.measure"].browse(measure_ids)
            return {m.id: m.actual for m in measures}

        (orm_s, orm_q, figures), (raw_s, _raw_q, raw_rows) = self.compare(
            orm, lambda: [self.raw(query) for query in queries]
        )
        floor_s, _floor_q, _rows = self.timed(lambda: self.raw(floor))
        first = plan.measure_ids.filtered("engagement_type_ids")[:1]
        same = (
            "figures match"
            if first and figures[first.id] == raw_rows[0][0][0]
            else "FIGURES DIFFER"
        )
        self.add(
            "plan",
            label,
            result=f"{orm_s * 1000:,.0f} ms as MV officer, {len(measure_ids)} measures",
            baseline=f"raw SQL {raw_s * 1000:,.0f} ms ({len(queries)} queries), "
            f"floor {floor_s * 1000:,.0f} ms (1 query)",
            ratio=round(orm_s / raw_s, 2),
            queries=orm_q,
            status="measured",
            note=f"x{orm_s / floor_s:,.1f} the floor; {same} (partner meetings "
            f"{raw_rows[0][0][0]:,})",
        )

    # 3. pivot ------------------------------------------------------------------

    def m_pivot(self):
        from bench_sql import pivot_sql

        label = "Engagement pivot, sector group x month"
        start, end = self.year_start, self.year_end
        query = pivot_sql(start, end, self.cleared)
        if "protect.coverage.line" not in self.env:
            raw_s, _raw_q, _rows = self.timed(lambda: self.raw(query))
            self.add(
                "pivot",
                label,
                result=NA + " (protect.coverage.line missing)",
                baseline=f"raw SQL {raw_s * 1000:,.0f} ms",
                target=f"<= {TARGET_PIVOT_RATIO}x raw SQL",
                status="n/a",
            )
            return
        lines = self.officer["protect.coverage.line"]
        # As the pivot's "Date" filter sends it: on the line's date.
        domain = [("date", ">=", start), ("date", "<=", end)]
        sets = [
            [],
            ["sector_group_id"],
            ["date:month"],
            ["sector_group_id", "date:month"],
        ]
        measures = ["engagement_id:count_distinct", "audience_count:sum", "__count"]
        (orm_s, orm_q, result), (raw_s, raw_q, raw_rows) = self.compare(
            lambda: lines.formatted_read_grouping_sets(domain, sets, measures),
            lambda: self.raw(query),
        )
        orm_total = result[0][0]["engagement_id:count_distinct"] if result[0] else 0
        raw_total = next((r[2] for r in raw_rows if r[0] is None and r[1] is None), 0)
        same = "figures match" if orm_total == raw_total else "FIGURES DIFFER"
        ratio = orm_s / raw_s
        self.add(
            "pivot",
            label,
            result=f"{orm_s * 1000:,.0f} ms as MV officer",
            baseline=f"raw SQL {raw_s * 1000:,.0f} ms ({raw_q} query)",
            ratio=round(ratio, 2),
            target=f"<= {TARGET_PIVOT_RATIO}x",
            queries=orm_q,
            status=status(ratio <= TARGET_PIVOT_RATIO),
            note=f"formatted_read_grouping_sets as the pivot view calls it; "
            f"{orm_total:,} engagements in {self.year} ({same}: raw SQL {raw_total:,})",
        )

    # 4. GraphML export (in a child process, for its peak memory) ---------------

    def m_graphml(self, db, conf):
        from bench_export import find_exporter

        reason = find_exporter(self.officer)
        if isinstance(reason, str):
            raise NotBuilt(reason)
        data = self.export_child(db, conf)
        note = ""
        if "access_error" in data:
            # The officer's export failed on vetting: measure it as an
            # officer who clears everything, and say why.
            note = (
                f"as the MV officer it fails: AccessError at {data['access_error']}; "
                f"measured as {data['fallback']} (clears SECRET). "
            )
            data = self.export_child(db, conf, data["fallback"])
            if "access_error" in data:
                raise RuntimeError(f"export AccessError at {data['access_error']}")
        seconds, peak = data["seconds"], data["peak_rss_bytes"]
        ok = seconds < TARGET_EXPORT_SECONDS and peak < TARGET_EXPORT_BYTES
        self.add(
            "graphml",
            "Stakeholder map GraphML export",
            result=f"{seconds:.1f} s, peak {peak / 2**20:,.0f} MiB RSS",
            baseline=f"RSS before export {data['base_rss_bytes'] / 2**20:,.0f} MiB",
            target="< 60 s and < 1 GiB",
            queries=data.get("queries"),
            status=status(ok),
            note=f"{note}{data['nodes']:,} nodes, {data['edges']:,} edges, "
            f"{data['bytes'] / 2**20:,.1f} MiB file, as {data['login']}, "
            f"period {data['year']}; own process, peak RSS = VmHWM",
        )

    def export_child(self, db, conf, login=""):
        out = BENCH_DIR / f"{db}-export.json"
        out.unlink(missing_ok=True)
        script = Path(__file__).resolve().parent / "bench_export.py"
        cmd = [sys.executable, str(script), db, str(conf), str(out), login]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        if proc.returncode or not out.exists():
            raise RuntimeError(
                f"export child failed (exit {proc.returncode}): {proc.stderr[-600:]}"
            )
        return json.loads(out.read_text())

    # 5. ORM logging ------------------------------------------------------------

    def m_logging(self):
        from bench_data import SENSITIVITIES

        env = self.officer
        rng = random.Random(self.meta["seed"] + 1)
        su = self.su
        types = su["protect.engagement.type"].search([("is_panel_meeting", "=", False)])
        threats = su["protect.threat.type"].search([]).ids
        areas = su["protect.force.area"].search([]).ids
        cleared = [s for s in SENSITIVITIES if s in self.cleared]
        orgs = su["res.partner"].search(
            [
                ("protect_stakeholder", "=", True),
                ("is_company", "=", True),
                ("protect_sensitivity", "in", cleared),
            ],
            limit=2000,
        )
        people = {
            org.id: org.child_ids.filtered(
                lambda p: p.protect_sensitivity in cleared
            ).ids
            for org in orgs
        }
        # Other officers on a meeting must be cleared for its marking: those
        # whose vetting clears every marking the meetings are given.
        officers = [
            user.id
            for user in su["res.users"].search(
                [("group_ids", "in", su.ref("protect_engagement.group_officer").id)]
            )
            if set(cleared) <= set(user._protect_cleared_sensitivities())
        ]
        now = datetime.now().replace(microsecond=0)
        vals_list = []
        for index in range(LOG_RECORDS):
            org = rng.choice(orgs.ids)
            colleagues = people[org]
            count = min(len(colleagues), rng.randint(0, 2))
            partners = [org, *rng.sample(colleagues, count)]
            vals = {
                "name": f"Bench partner meeting {index}",
                "engagement_type_id": rng.choice(types.ids),
                "date_start": now
                - timedelta(days=rng.randint(1, 300), hours=rng.randint(0, 8)),
                "duration": rng.choice((0.5, 1.0, 2.0)),
                "partner_ids": [self.odoo.Command.set(partners)],
                "threat_type_ids": [
                    self.odoo.Command.set(rng.sample(threats, rng.randint(0, 2)))
                ],
                "force_area_id": rng.choice(areas),
                "audience_count": rng.randint(1, 40),
                "sensitivity": rng.choice(cleared),
            }
            if rng.random() < 0.3:
                vals["officer_ids"] = [self.odoo.Command.set([rng.choice(officers)])]
            vals_list.append(vals)
        modes = [
            ("logging", "as the screens do: chatter log and follower", {}),
            (
                "logging_import",
                "as an import: context tracking_disable",
                {"tracking_disable": True},
            ),
        ]
        repeats = min(self.repeats, 3)  # each run logs 10k engagements
        for key, how, context in modes:
            model = env["protect.engagement"].with_context(**context)
            runs = []
            for _ in range(repeats):
                self.cr.execute("SAVEPOINT bench_logging")
                env.invalidate_all()
                q0 = self.cr.sql_log_count
                t0 = time.perf_counter()
                for start in range(0, LOG_RECORDS, LOG_BATCH):
                    model.create(vals_list[start : start + LOG_BATCH])
                    env.flush_all()
                # What a commit would run too (the chatter's tracking templates).
                self.cr.precommit.run()
                runs.append((time.perf_counter() - t0, self.cr.sql_log_count - q0))
                self.cr.execute("ROLLBACK TO SAVEPOINT bench_logging")
                env.invalidate_all(flush=False)
                self.env.registry.clear_cache()
            seconds = statistics.median(run[0] for run in runs)
            queries = max(run[1] for run in runs)
            rate = LOG_RECORDS / seconds
            self.add(
                key,
                f"ORM logging of {LOG_RECORDS:,} engagements, {how}",
                result=f"{rate:,.0f} engagements/s ({seconds:.1f} s)",
                target=f">= {TARGET_LOG_RATE:,.0f}/s",
                queries=queries,
                status=status(rate >= TARGET_LOG_RATE),
                note=f"as MV officer, {LOG_BATCH} a batch, figures kept up to date; "
                f"{queries / (LOG_RECORDS / LOG_BATCH):.0f} queries a batch; median "
                f"of {repeats} runs, each rolled back",
            )

    # 6. query counts --------------------------------------------------------------

    def m_queries(self):
        from bench_sql import add_stakeholders

        spec = self.list_spec()
        self.cr.execute("SAVEPOINT bench_queries")
        try:
            area = self.su["protect.force.area"].create(
                {"name": "Bench query-count area", "code": "BENCH_QC", "kind": "force"}
            )
            self.su.flush_all()
            # A period with no generated data: only the added stakeholders count.
            start, end = date(2001, 1, 1), date(2001, 12, 31)
            counts = {}
            added = 0
            for size in (10, 1000):
                add_stakeholders(self, area.id, size - added, start, self.meta["seed"])
                added = size
                self.env.invalidate_all()
                domain = [
                    ("protect_stakeholder", "=", True),
                    ("protect_force_area_id", "=", area.id),
                ]
                _s, list_q, res = self.timed(
                    lambda d=domain: self.list_call(self.officer, spec, d, limit=None),
                    repeats=2,
                )
                assert len(res["records"]) == size, (len(res["records"]), size)
                report_q = None
                if self.coverage_report() is not None:
                    _s, report_q, _res = self.timed(
                        lambda: self.run_coverage(
                            self.officer, start, end, force_area_ids=[area.id]
                        ),
                        repeats=2,
                    )
                counts[size] = (list_q, report_q)
        finally:
            self.cr.execute("ROLLBACK TO SAVEPOINT bench_queries")
            self.env.invalidate_all(flush=False)
            self.env.registry.clear_cache()
        (list10, rep10), (list1000, rep1000) = counts[10], counts[1000]
        self.add(
            "queries_list",
            "Query count, stakeholder list of 10 vs 1,000",
            result=f"{list10} vs {list1000}",
            target="equal",
            queries=list1000,
            status=status(list10 == list1000),
            note="web_search_read of all stakeholders of one area, as MV officer",
        )
        if rep10 is None:
            self.add(
                "queries_coverage",
                "Query count, coverage report of 10 vs 1,000",
                result=NA + " (report model missing)",
                target="equal",
                status="n/a",
            )
        else:
            self.add(
                "queries_coverage",
                "Query count, coverage report of 10 vs 1,000",
                result=f"{rep10} vs {rep1000}",
                target="equal",
                queries=rep1000,
                status=status(rep10 == rep1000),
                note="the report for one area holding only those stakeholders",
            )


class NotBuilt(Exception):
    """A measure whose code (another engineer's) is not there yet."""


def status(ok):
    return "PASS" if ok else "FAIL"


# ====================================================================== output


def machine_info(cr=None):
    info = {
        "cpus": os.cpu_count(),
        "cpu": "",
        "ram_gib": None,
        "python": platform.python_version(),
        "postgresql": "",
        "load_avg": os.getloadavg(),
        "host": platform.node(),
        "kernel": platform.release(),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gib"] = round(int(line.split()[1]) / 2**20, 1)
    if cr is not None:
        cr.execute("SELECT version()")
        info["postgresql"] = cr.fetchone()[0].split(" on ")[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "max_parallel_workers_per_gather"):
            cr.execute(f"SHOW {name}")
            settings[name] = cr.fetchone()[0]
        info["pg_settings"] = settings
    with contextlib.suppress(Exception):
        import odoo

        info["odoo"] = odoo.release.version
    return info


COLUMNS = ("measure", "result", "baseline", "ratio", "target", "queries", "status")


def render_table(rows):
    header = ["Measure", "Result", "Baseline", "Ratio", "Target", "Queries", "Status"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in rows:
        cells = [
            str(row.get(col, "") if row.get(col) is not None else "") for col in COLUMNS
        ]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    notes = [f"- {row['measure']}: {row['note']}" for row in rows if row.get("note")]
    return "\n".join(lines), notes


def _counts_line(counts):
    parts = []
    for key, value in counts.items():
        shown = f"{value:,}" if isinstance(value, int) else str(value)
        parts.append(f"{key.replace('_', ' ')} {shown}")
    return ", ".join(parts)


def _machine_line(machine):
    settings = ", ".join(f"{k}={v}" for k, v in machine.get("pg_settings", {}).items())
    load = ", ".join(f"{x:.2f}" for x in machine["load_avg"])
    return (
        f"{machine['cpus']} CPUs ({machine['cpu']}), {machine['ram_gib']} GiB RAM, "
        f"{machine['postgresql']} ({settings}), Python {machine['python']}, "
        f"Odoo {machine.get('odoo')}; load average at start {load} "
        "(other work shares the machine: timings are noisy)."
    )


def write_outputs(scale, meta, rows, machine, timings, source):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    table, notes = render_table(rows)
    steps = "; ".join(f"{name} {sec}s" for name, sec in meta.get("steps", []))
    lines = [
        f"# protect_engagement benchmark, scale `{scale.name}`",
        "",
        f"Run {datetime.now().isoformat(timespec='minutes')} on the {source}; "
        f"seed {meta['seed']}, data anchored on {meta['anchor']} (generated "
        f"{meta.get('generated_at')}). Each figure is the median of "
        f"{timings.get('repeats')} runs after a warm-up, the ORM cache cleared "
        "before each run; ratios time both sides in turns on one cursor.",
        "",
        f"Data: {_counts_line(meta.get('counts', {}))}.",
        "",
        table,
        "",
        *notes,
        "",
        f"Machine: {_machine_line(machine)}",
        "",
        "Timings: "
        + ", ".join(f"{k} {v}" for k, v in timings.items() if k != "repeats")
        + ".",
    ]
    if steps:
        lines += ["", f"Generation steps: {steps}."]
    md = BENCH_DIR / f"bench-{scale.name}.md"
    md.write_text("\n".join(lines) + "\n")
    (BENCH_DIR / f"bench-{scale.name}.json").write_text(
        json.dumps(
            {
                "scale": scale.name,
                "source": source,
                "meta": meta,
                "machine": machine,
                "timings": timings,
                "results": rows,
            },
            indent=2,
            default=str,
        )
    )
    return md


def plain_table(rows):
    limits = {"measure": 46, "result": 44, "baseline": 36}
    widths = {
        col: min(
            limits.get(col, 99),
            max(len(col), *(len(str(r.get(col) or "")) for r in rows)),
        )
        for col in COLUMNS
    }

    def cell(row, col):
        value = row.get(col)
        return str("" if value is None else value)[: widths[col]].ljust(widths[col])

    out = ["  ".join(col.upper().ljust(widths[col]) for col in COLUMNS)]
    out += ["  ".join(cell(row, col) for col in COLUMNS) for row in rows]
    return "\n".join(out)


# ====================================================================== main


def main(argv):
    from bench_data import SCALES

    name = (argv[0] if argv else "").strip() or "full"
    if name not in SCALES:
        sys.exit(f"make bench: unknown SCALE={name!r}; use one of {', '.join(SCALES)}")
    scale = SCALES[name]
    seed = int(os.environ.get("BENCH_SEED", "19"))
    repeats = int(os.environ.get("BENCH_REPEATS", "5"))
    anchor = os.environ.get("BENCH_ANCHOR") or date.today().isoformat()
    db = f"protect_bench_{scale.name}"
    started = time.perf_counter()
    find_odoo()
    conf, addon_dir, source = prepare_source()
    log(f"bench: scale {scale.name}, seed {seed}, database {db}, code: {source}")
    load_odoo(conf)
    meta, setup = ensure_database(db, conf, addon_dir, scale, seed, anchor)
    timings = dict(setup)

    import odoo

    registry = odoo.modules.registry.Registry(db)
    t0 = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        machine = machine_info(cr)
        log(f"bench: measuring ({repeats} repeats each, median) ...")
        bench = Bench(env, meta, repeats)
        rows = bench.measure_all(db, conf)
        cr.rollback()
    timings["measure_s"] = round(time.perf_counter() - t0, 1)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings["bench_peak_rss"] = f"{peak:,.0f} MiB"
    timings["repeats"] = repeats
    md = write_outputs(scale, meta, rows, machine, timings, source)
    log("")
    log(plain_table(rows))
    log("")
    log(f"bench: done in {timings['total_s']}s; see {md.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
