"""19.0.1.2.0 counts an engagement for a stakeholder only when the viewer clears
both the engagement and the contact it links (as the coverage figures always
did): the figures table is now kept per marking to clear for that pair. Rebuild
it once every module is up to date."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["protect.engagement.stat"]._rebuild_all()
