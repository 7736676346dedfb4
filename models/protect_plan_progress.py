"""Progress of delivery-plan measures against their targets.

The rule in one place (README, "Plans, campaigns and reviews"):
  pro-rata target = target x share of the plan's period gone by;
  green  actual >= pro-rata target;
  amber  actual >= AMBER_SHARE of the pro-rata target;
  red    below that; no status before the period starts.
The same rule as CPD status.
"""

from .protect_cpd_summary import AMBER_SHARE, RAG_SELECTION

RAG_RANK = {"red": 3, "amber": 2, "green": 1}
# Kanban colour indexes of the statuses (red, orange, green).
RAG_COLOURS = {"red": 1, "amber": 2, "green": 10}

__all__ = [
    "AMBER_SHARE",
    "RAG_COLOURS",
    "RAG_RANK",
    "RAG_SELECTION",
    "rag_status",
    "worst_rag",
]


def rag_status(actual, expected):
    """Red, amber or green of ``actual`` against the pro-rata ``expected``;
    False when nothing is expected yet."""
    if expected <= 0:
        return False
    if actual < AMBER_SHARE * expected:
        return "red"
    if actual < expected:
        return "amber"
    return "green"


def worst_rag(statuses):
    """The worst of ``statuses`` (False ignored); False when there is none."""
    ranked = [status for status in statuses if status]
    return max(ranked, key=RAG_RANK.__getitem__) if ranked else False
