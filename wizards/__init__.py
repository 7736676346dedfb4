from . import protect_report_filter_mixin
from . import protect_report_preview_mixin
from . import protect_report_wizard
from . import protect_print_brief_wizard
from . import protect_stakeholder_export_wizard
from . import base_partner_merge_automatic_wizard
from . import protect_partner_anonymise_wizard
from . import protect_subject_access_wizard
