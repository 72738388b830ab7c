"""tests/tools/lint_collections.py: only the named collections come out of the wheel, and a second run does nothing."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# pylint: disable=wrong-import-position
import lint_collections  # noqa: E402


def test_only_the_named_collections_are_extracted(tmp_path):
    wheel = tmp_path / "ansible-12.3.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("ansible_collections/amazon/aws/plugins/modules/ec2_vpc_peering.py", "# module")
        archive.writestr("ansible_collections/amazon/aws_extra/README.md", "# another collection")
        archive.writestr("ansible_collections/google/cloud/MANIFEST.json", "{}")
        archive.writestr("ansible/__init__.py", "")

    assert lint_collections.extract(wheel, tmp_path / "out") == 1
    assert [str(path.relative_to(tmp_path / "out")) for path in (tmp_path / "out").rglob("*") if path.is_file()] == [
        "ansible_collections/amazon/aws/plugins/modules/ec2_vpc_peering.py"]


def test_a_second_run_with_the_same_pin_downloads_nothing(tmp_path, monkeypatch):
    (tmp_path / f".from-{lint_collections.ANSIBLE_PACKAGE}").touch()

    def no_pip(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"pip ran: {args} {kwargs}")

    monkeypatch.setattr(lint_collections.subprocess, "run", no_pip)
    assert lint_collections.main([str(tmp_path)]) == 0
