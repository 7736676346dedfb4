from odoo import fields, models


class ProtectThreatType(models.Model):
    _name = "protect.threat.type"
    _description = "Fraud or cyber threat type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text()
    active = fields.Boolean(default=True)

    _name_unique = models.UniqueIndex("(name)", "A threat type's name must be unique.")
