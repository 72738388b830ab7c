"""How pytest-xdist hands the integration tests to its workers (conftest.py installs it).

A file listed in SHARED_RUN_FILES goes out whole to one worker: its cases assert on the results of one
play run by a module-scoped fixture, which then runs once instead of once per worker. These files go out
first (xdist's loadscope hands out its larger units first); then every other test on its own, in collection
order (conftest.py puts the long_running ones first), each to the next worker that is free.

xdist's own ``xdist_group`` marker does nothing with pytest 9: xdist 3.8 renames ``item._nodeid``, which
pytest 9 no longer reads.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

# Files whose cases share one play run (see tests/README.md, "Keeping the integration suite cheap").
SHARED_RUN_FILES = (
    "test_acl.py",
    "test_bad_input.py",
    "test_database_backup.py",
    "test_database_import.py",
    "test_essentials_database.py",
    "test_essentials_plan_info.py",
    "test_essentials_subscription.py",
    "test_hostile_answers.py",
    "test_hostile_strict_parsers.py",
    "test_inventory.py",
    "test_real_api_normalisations.py",
    "test_subscription_maintenance_windows.py",
)


def shared_run_file(nodeid: str) -> str | None:
    """The file of a test whose cases share one play run, or None."""
    path = nodeid.split("::", 1)[0]
    return path if path.rsplit("/", 1)[-1] in SHARED_RUN_FILES else None


class SharedRunScheduling(LoadScopeScheduling):
    """xdist's loadscope, with a scope per test except for the files of SHARED_RUN_FILES (a scope per file)."""

    def _split_scope(self, nodeid: str) -> str:
        return shared_run_file(nodeid) or nodeid
