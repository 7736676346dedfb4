"""pytest plugin: make pytest-odoo judge tests the way Odoo's own runner does.

tools/test.sh loads it with `-p odoo_parity`. Two differences it removes:

1. Odoo's runner (odoo-bin --test-enable, runbot) fails a test that logs an ERROR,
   e.g. a 500 inside an HttpCase request or a report that fails to render while
   the test asserts nothing about it. pytest-odoo lets such tests pass. Here an
   ERROR record reaching the root logger during the test fails it. Loggers
   silenced with odoo.tools.mute_logger or captured by assertLogs do not reach
   the root logger, as in Odoo. PROTECT_ALLOW_ERROR_LOGS=1 turns this off.

2. odoo-bin only runs tests tagged 'standard' unless asked otherwise, so
   @tagged('-standard', ...) marks slow or special suites (benchmarks, scale
   tests). pytest-odoo runs everything. Here they are deselected, unless
   PROTECT_ALL_TEST_TAGS=1.
"""

import logging
import os

import pytest


class _ErrorRecords(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("PROTECT_ALL_TEST_TAGS") == "1":
        return
    keep, drop = [], []
    for item in items:
        tags = getattr(getattr(item, "cls", None), "test_tags", None)
        (drop if tags is not None and "standard" not in tags else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if os.environ.get("PROTECT_ALLOW_ERROR_LOGS") == "1":
        return (yield)
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        result = yield
    finally:
        root.removeHandler(handler)
    if handler.records:
        lines = "\n".join(
            f"  {r.levelname} {r.name}: {r.getMessage()[:300]}"
            for r in handler.records[:10]
        )
        pytest.fail(
            f"{len(handler.records)} ERROR log record(s) during the test; Odoo's "
            f"test runner counts them as failures (silence expected ones with "
            f"odoo.tools.mute_logger or assertLogs):\n{lines}",
            pytrace=False,
        )
    return result
