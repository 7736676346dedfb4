#!/usr/bin/env python3
"""The GraphML export measure of tools/bench.py, in its own process.

Usage (run by bench.py): python3 tools/bench_export.py DB ODOO_CONF OUT.json [LOGIN]

A process of its own, so that its peak resident memory (VmHWM) is the export's
and not the benchmark's. It loads Odoo, then, as the benchmark's
Management-Vetted officer, writes the stakeholder map of every stakeholder the
officer may see as GraphML through the export wizard's own method
(``protect.stakeholder.export.wizard._write_export``), to a temporary file.
It writes seconds, peak RSS, node and edge counts and queries to OUT.json.
"""

import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

WIZARD = "protect.stakeholder.export.wizard"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def find_exporter(env):
    """The wizard model, or why the measure cannot run yet."""
    if WIZARD not in env:
        return f"{WIZARD} missing"
    if not hasattr(env[WIZARD], "_write_export"):
        return f"{WIZARD}._write_export missing"
    if "graphml" not in dict(env[WIZARD]._fields["export_format"].selection):
        return f"{WIZARD} has no GraphML format"
    return env[WIZARD]


def rss_bytes(field="VmRSS"):
    """Resident memory now (VmRSS) or at its peak (VmHWM), in bytes.

    VmHWM, not getrusage's ru_maxrss: on Linux a process started from a big
    one (tools/bench.py after generating 1M engagements) inherits the parent's
    peak in ru_maxrss, while VmHWM belongs to this process's own memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def wizard_values(wizard_model, year):
    values = {
        "export_format": "graphml",
        "date_from": date(year, 1, 1),
        "date_to": date(year, 12, 31),
    }
    # Every visible stakeholder: organisations and their people, if the
    # wizard makes people optional.
    if "include_people" in wizard_model._fields:
        values["include_people"] = True
    return values


def main(db, conf, out, login=None):
    import traceback

    from bench_data import OFFICER_LOGIN

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", conf, "--log-level=warn"], setup_logging=True)
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        meta = json.loads(env["ir.config_parameter"].get_param("protect_bench.meta"))
        year = date.fromisoformat(meta["anchor"]).year - 1
        user = env["res.users"].search([("login", "=", login or OFFICER_LOGIN)])
        context = {"lang": "en_US", "tz": "Europe/London"}
        try:
            result = export(odoo.api.Environment(cr, user.id, context), year)
        except odoo.exceptions.AccessError as error:
            # Report where vetting refused a read: tools/bench.py then measures
            # again, in a new process, as an officer who clears everything.
            frames = [
                f"{Path(f.filename).name}:{f.lineno} {f.name}"
                for f in traceback.extract_tb(error.__traceback__)
                if "protect_engagement" in f.filename
            ]
            result = {"access_error": frames[-1] if frames else str(error)[:200]}
        result.update(login=user.login, year=year, fallback=cleared_officer(env).login)
        cr.rollback()
    Path(out).write_text(json.dumps(result))


def cleared_officer(env):
    """An officer whose current vetting clears SECRET."""
    return env["res.users"].search(
        [
            ("group_ids", "in", env.ref("protect_engagement.group_officer").id),
            ("protect_vetting_level_id.max_sensitivity", "=", "secret"),
            ("protect_vetting_expiry", ">", date.today()),
        ],
        order="id",
        limit=1,
    )


def export(user_env, year):
    """Export the stakeholder map as GraphML as ``user_env``'s user."""
    cr = user_env.cr
    model = find_exporter(user_env)
    if isinstance(model, str):
        raise SystemExit(model)
    wizard = model.create(wizard_values(model, year))
    user_env.flush_all()
    base = rss_bytes()
    with tempfile.NamedTemporaryFile(suffix=".graphml") as handle:
        q0 = cr.sql_log_count
        t0 = time.perf_counter()
        wizard._write_export(handle)
        handle.flush()
        seconds = time.perf_counter() - t0
        queries = cr.sql_log_count - q0
        peak = rss_bytes("VmHWM")
        size = Path(handle.name).stat().st_size
        nodes = edges = 0
        with open(handle.name, "rb") as graph:
            for line in graph:
                nodes += line.count(b"<node ")
                edges += line.count(b"<edge ")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_bytes": peak,
        "base_rss_bytes": base,
        "bytes": size,
        "nodes": nodes,
        "edges": edges,
        "queries": queries,
    }


if __name__ == "__main__":
    main(*sys.argv[1:5])
