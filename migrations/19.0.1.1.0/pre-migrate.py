"""Vetting record rules are data in noupdate blocks, so an update leaves them as
they were. 19.0.1.1.0 tightens them (memberships, attendance and figures follow
their member too): drop the addon's rules here and the update creates them again
from security/*.xml, as a fresh install would. Rules hold no user data; a rule an
administrator edited by hand is replaced by the shipped one."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_rule
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'protect_engagement' AND model = 'ir.rule')
        """
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'protect_engagement' "
        "AND model = 'ir.rule'"
    )
