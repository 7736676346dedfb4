"""Vetting changes used to be posted on the user's contact, and expiry warnings
scheduled there, where every internal user could read them. 19.0.1.1.0 keeps
them in protect.vetting.log, readable by the user and Protect administrators:
remove the old notes and warnings from the contacts. (The daily expiry job
starts a user's history with their vetting as found when it first needs one.)"""

from odoo import SUPERUSER_ID, api


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
