"""Lines of code per resource, docs excluded: what each resource costs on the shared core.

A line counts when it holds a code token; comments, blank lines, docstrings and a
module's DOCUMENTATION / EXAMPLES / RETURN strings do not count.

    python tests/tools/resource_loc.py [REPO_ROOT] [--ref GIT_REF]

With ``--ref``, the files are read from that commit (``git show``), so a before/after
comparison needs no checkout.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import token
import tokenize
from pathlib import Path

DOC_ASSIGNMENTS = {"DOCUMENTATION", "EXAMPLES", "RETURN"}


def code_lines(source: str) -> int:
    """Lines holding code: no comments, docstrings or module doc strings."""
    lines: set[int] = set()
    previous = token.NEWLINE
    skip_doc_value = False
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (token.COMMENT, token.NL, token.NEWLINE, token.INDENT, token.DEDENT, token.ENDMARKER, token.ENCODING):
            if tok.type == token.NEWLINE:
                previous, skip_doc_value = token.NEWLINE, False
            continue
        if tok.type == token.NAME and tok.string in DOC_ASSIGNMENTS and previous in (token.NEWLINE, token.INDENT, token.DEDENT):
            skip_doc_value = True
        # A string that is a whole statement is a docstring.
        is_docstring = tok.type == token.STRING and previous in (token.NEWLINE, token.INDENT, token.DEDENT)
        if not (skip_doc_value or is_docstring):
            lines.update(range(tok.start[0], tok.end[0] + 1))
        previous = tok.type
    return len(lines)


def read(root: Path, path: str, ref: str | None) -> str | None:
    if ref is None:
        file = root / path
        return file.read_text(encoding="utf-8") if file.exists() else None
    shown = subprocess.run(["git", "-C", str(root), "show", f"{ref}:{path}"], capture_output=True, text=True, check=False)
    return shown.stdout if shown.returncode == 0 else None


def files(root: Path, ref: str | None) -> list[str]:
    if ref is None:
        return sorted(str(path.relative_to(root)) for path in (root / "plugins").rglob("*.py"))
    listed = subprocess.run(["git", "-C", str(root), "ls-tree", "-r", "--name-only", ref, "plugins"], capture_output=True, text=True, check=True)
    return sorted(line for line in listed.stdout.splitlines() if line.endswith(".py"))


def group(path: str) -> str:
    """The resource a file belongs to, by its name (modules by their resource), else its layer."""
    name = Path(path).stem
    for prefix in ("redis_cloud_",):
        name = name.removeprefix(prefix)
    name = name.removesuffix("_info").removesuffix("_options").removesuffix("_spec").removesuffix("_validate").removesuffix("_compare")
    if "/modules/" in path:
        return f"module:{name}"
    if "/resources/" in path or name in ("subscription", "database", "account", "resource_types"):
        return f"resource:{name}"
    return "core"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".")
    parser.add_argument("--ref")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    totals: dict[str, int] = {}
    for path in files(root, args.ref):
        source = read(root, path, args.ref)
        if source is not None:
            totals[group(path)] = totals.get(group(path), 0) + code_lines(source)
    for name in sorted(totals):
        print(f"{name:32} {totals[name]:6}")
    print(f"{'total':32} {sum(totals.values()):6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
