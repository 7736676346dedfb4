"""Periods UK policing works in: the financial year (1 April to 31 March) and
its quarters (Q1 April to June ... Q4 January to March)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# The UK financial (and policing) year runs from 1 April to 31 March.
FINANCIAL_YEAR_START_MONTH = 4


def financial_year(day, years_back=0):
    """First and last day of the financial year holding ``day``, or of the one
    ``years_back`` years before it."""
    start_year = day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1
    start = date(start_year - years_back, FINANCIAL_YEAR_START_MONTH, 1)
    return start, start + relativedelta(years=1) - timedelta(days=1)


def _financial_quarter(day):
    """(number of the financial quarter holding ``day``, its year's label
    "2026/27")."""
    start, _end = financial_year(day)
    number = (day.month - FINANCIAL_YEAR_START_MONTH) % 12 // 3 + 1
    return number, f"{start.year}/{(start.year + 1) % 100:02d}"


def financial_quarter_label(day):
    """ "Q1 2026/27" for any day of April to June 2026."""
    number, year = _financial_quarter(day)
    return f"Q{number} {year}"


def financial_quarters(date_from, date_to, today):
    """(first day, last day, label) of each quarter of the period that has
    started by ``today``, cut to the period; labels sort in time order
    ("2026/27 Q1")."""
    quarters = []
    start = date_from
    while start <= min(date_to, today):
        _first, last = quarter_of(start)
        number, year = _financial_quarter(start)
        quarters.append((start, min(last, date_to), f"{year} Q{number}"))
        start = last + timedelta(days=1)
    return quarters


def elapsed_fraction(date_from, date_to, today):
    """The share of the period from ``date_from`` to ``date_to`` (inclusive)
    gone by at the end of ``today``: 0 before it starts, 1 once it is over."""
    days = (date_to - date_from).days + 1
    if days <= 0 or today < date_from:
        return 0.0
    return min(((today - date_from).days + 1) / days, 1.0)


def quarter_of(day):
    """First and last day of the quarter (April-June, July-September, ...)
    holding ``day``."""
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return start, start + relativedelta(months=3) - timedelta(days=1)


def previous_quarter(day):
    """First and last day of the last quarter that has ended by ``day``."""
    start, _end = quarter_of(day)
    return quarter_of(start - timedelta(days=1))
