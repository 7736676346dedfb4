from . import protect_stakeholder_export
