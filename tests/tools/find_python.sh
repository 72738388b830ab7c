#!/usr/bin/env bash
# Print the path of a working Python interpreter of the given X.Y version.
# pyenv shims answer for every version but fail for the ones not selected,
# so each candidate is run, not just looked up.
set -euo pipefail

version="${1:?usage: find_python.sh X.Y}"

candidates=("python${version}")
for pyenv_root in "${PYENV_ROOT:-}" "${HOME}/.pyenv"; do
    [[ -n "${pyenv_root}" ]] || continue
    for found in "${pyenv_root}"/versions/"${version}".*/bin/python"${version}"; do
        [[ -x "${found}" ]] && candidates+=("${found}")
    done
done

for candidate in "${candidates[@]}"; do
    if "${candidate}" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '${version}'.split('.'))))" 2>/dev/null; then
        "${candidate}" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done

echo "find_python.sh: no working python${version} found (tried: ${candidates[*]})" >&2
exit 1
