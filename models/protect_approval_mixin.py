from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class ProtectApprovalMixin(models.AbstractModel):
    """What plans, reviews and returns share on their way to a manager's
    approval: the status changes only through their buttons (which pass the
    model's own context key, so a change cascading to another model does not
    unlock it); only a Protect manager approves, never one who is the record's
    author (``user_id``); the approval is recorded and logged on the chatter.

    A model using it sets ``_protect_transition_key`` and has ``state``,
    ``user_id``, ``name`` and the chatter."""

    _name = "protect.approval.mixin"
    _description = "Protect manager's approval"

    _protect_transition_key = None

    approved_by_id = fields.Many2one(
        "res.users", string="Approved by", readonly=True, copy=False
    )
    approved_on = fields.Datetime(string="Approved on", readonly=True, copy=False)

    def _protect_in_transition(self):
        """Whether this write comes from the record's buttons (or the
        superuser)."""
        return self.env.su or bool(self.env.context.get(self._protect_transition_key))

    def _transition(self, vals):
        return self.with_context(**{self._protect_transition_key: True}).write(vals)

    def _protect_check_approver(self, refused, own):
        """Refuse unless the user is a Protect manager (``refused``: the
        AccessError's message) and wrote none of these records (``own``: the
        UserError's message, with %(name)s)."""
        if not self.env.user.has_group("protect_engagement.group_manager"):
            raise AccessError(refused)
        mine = self.filtered(lambda r: r.user_id == self.env.user)
        if mine:
            raise UserError(own % {"name": mine[0].name})

    def _protect_check_state(self, allowed, message, **values):
        """Refuse unless every record's status is in ``allowed``; ``message``
        names the first that is not (%(name)s, %(state)s and ``values``)."""
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                message
                % {"name": wrong[0].name, "state": states[wrong[0].state], **values}
            )

    def _protect_approve(self, logged):
        """Approve these records as the current user and log ``logged``
        (with %(user)s) on each one's chatter."""
        self._transition(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_on": fields.Datetime.now(),
            }
        )
        for record in self:
            record.message_post(body=logged % {"user": self.env.user.name})
        return True
