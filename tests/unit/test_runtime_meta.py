# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml stays in step with the modules the collection ships."""

from __future__ import annotations

from pathlib import Path

import yaml

from ansible.module_utils.compat.version import LooseVersion

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
ACTION_GROUP = "redis_cloud"


def load_runtime() -> dict:
    return yaml.safe_load((COLLECTION_ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))


def shipped_modules() -> set[str]:
    return {path.stem for path in (COLLECTION_ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__"}


def test_requires_ansible_admits_the_supported_cores_only() -> None:
    requires = load_runtime()["requires_ansible"]
    assert requires.startswith(">="), requires
    minimum = LooseVersion(requires.removeprefix(">="))
    assert LooseVersion("2.19.0") <= minimum < LooseVersion("2.20"), requires


def test_action_group_lists_exactly_the_shipped_modules() -> None:
    group = load_runtime()["action_groups"][ACTION_GROUP]
    assert len(group) == len(set(group)), f"duplicates in action group {ACTION_GROUP}: {group}"
    assert set(group) == shipped_modules()


def test_action_group_uses_short_names() -> None:
    # ansible-core resolves short names within the collection; FQCNs here would hide a typo from the set comparison.
    group = load_runtime()["action_groups"][ACTION_GROUP]
    assert all("." not in name for name in group), group
