"""Vetting changes used to be posted on the user's contact, and expiry warnings
scheduled there, where every internal user could read them. 19.0.1.1.0 keeps
them in protect.vetting.log, readable by the user and Protect administrators:
remove the old notes and warnings from the contacts. (The daily expiry job
starts a user's history with their vetting as found when it first needs one.)

A CPD event's provider used to be filled with its organiser's name, text that
vetting does not govern; it is now typed, and the organiser shows through its
link. Providers that are just the organiser's name are emptied, on events and
on the CPD records that copied them.

Markings now hold through links: a person is a stakeholder marked no lower
than their organisation, a panel no lower than its chair, a meeting no lower
than its panel. Data from before is raised to match (never lowered), then the
figures that depend on markings are rebuilt."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def _rank(alias, column):
    """SQL rank of a marking column: OFFICIAL 1, OFFICIAL-SENSITIVE 2, SECRET 3."""
    return SQL(
        "CASE %s WHEN 'secret' THEN 3 WHEN 'official_sensitive' THEN 2 ELSE 1 END",
        SQL.identifier(alias, column),
    )


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["mail.message"].search(
        [("model", "=", "res.partner"), ("body", "ilike", "Vetting changed by")]
    ).unlink()
    env["mail.activity"].search(
        [("res_model", "=", "res.partner"), ("summary", "=", "Vetting renewal due")]
    ).unlink()
    cr.execute(
        """
        UPDATE protect_cpd_record r
           SET provider = NULL
          FROM event_event e
          JOIN res_partner p ON p.id = e.organizer_id
         WHERE r.event_id = e.id AND r.provider = p.name
        """
    )
    cr.execute(
        """
        UPDATE event_event e
           SET protect_cpd_provider = NULL
          FROM res_partner p
         WHERE p.id = e.organizer_id AND e.protect_cpd_provider = p.name
        """
    )
    _raise_markings(cr)
    env.invalidate_all()
    env["protect.engagement.stat"]._rebuild_all()
    meetings = env["calendar.event"].with_context(active_test=False).search([])
    env.add_to_compute(meetings._fields["protect_sensitivity"], meetings)
    meetings.flush_recordset(["protect_sensitivity"])


def _raise_markings(cr):
    # Walk down from each stakeholder organisation: a person's marking is the
    # higher of their own (if listed) and the one carried down to them.
    cr.execute(
        SQL(
            """
            WITH RECURSIVE tree(id, marking) AS (
                SELECT id, protect_sensitivity FROM res_partner
                 WHERE protect_stakeholder AND parent_id IS NULL
                UNION ALL
                SELECT person.id,
                       CASE WHEN person.protect_stakeholder AND %s > %s
                            THEN person.protect_sensitivity ELSE tree.marking END
                  FROM res_partner person JOIN tree ON person.parent_id = tree.id
            )
            UPDATE res_partner p
               SET protect_stakeholder = TRUE, protect_sensitivity = tree.marking
              FROM tree
             WHERE p.id = tree.id
               AND (NOT COALESCE(p.protect_stakeholder, FALSE)
                    OR p.protect_sensitivity IS DISTINCT FROM tree.marking)
            """,
            _rank("person", "protect_sensitivity"),
            _rank("tree", "marking"),
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE protect_panel panel SET sensitivity = chair.protect_sensitivity
              FROM res_partner chair
             WHERE chair.id = panel.chair_id AND chair.protect_stakeholder
               AND %s > %s
            """,
            _rank("chair", "protect_sensitivity"),
            _rank("panel", "sensitivity"),
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE protect_engagement meeting SET sensitivity = panel.sensitivity
              FROM protect_panel panel
             WHERE panel.id = meeting.panel_id AND %s > %s
            """,
            _rank("panel", "sensitivity"),
            _rank("meeting", "sensitivity"),
        )
    )
