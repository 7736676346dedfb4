from . import protect_cpd_statement
from . import protect_cpd_team
from . import protect_coverage_report
from . import protect_stakeholder_map_report
from . import protect_panel_membership_report
from . import protect_engagement_brief_report
from . import protect_disclosure_log_report
from . import protect_subject_access_report
