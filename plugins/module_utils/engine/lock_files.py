# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lock files that no other user can hold, swap or redirect (the create lock's, engine/creates.py).

The folder is per user (``rediscloud-api-locks-<uid>`` in the temp dir), and is used only
when it is a real folder (not a link) owned by this user with no access for anyone else;
a lock file is opened without following links and used only when it is a regular file of
this user. Anything else is refused with a message naming the path, never worked around:
another user who made the folder first could otherwise hold the lock, or point a lock
file at a file this user (root, say) would then create.
"""

from __future__ import annotations

import os
import stat
import tempfile

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError

LOCK_DIR_PREFIX = "rediscloud-api-locks"


class LockFileError(RedisCloudError):
    """The lock folder or a lock file is not this user's alone."""


def lock_dir() -> str:
    """This user's lock folder, made if missing; LockFileError when it is not this user's alone."""
    directory = os.path.join(tempfile.gettempdir(), f"{LOCK_DIR_PREFIX}-{os.getuid()}")
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise _refused(directory, f"it cannot be made ({exc.strerror})") from None
    info = os.lstat(directory)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise _refused(directory, "it is not a folder (a link or a file is there)")
    if info.st_uid != os.getuid():
        raise _refused(directory, f"it belongs to another user (uid {info.st_uid})")
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise _refused(directory, f"others can use it (mode {stat.S_IMODE(info.st_mode):o}, expected 700)")
    return directory


def open_lock_file(path: str) -> int:
    """A descriptor of the lock file at ``path`` (created 0600 if missing), never through a link."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as exc:
        raise _refused(path, f"it cannot be opened without following a link ({exc.strerror})") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
        os.close(descriptor)
        raise _refused(path, "it is not a regular file of this user")
    return descriptor


def still_linked(path: str, descriptor: int) -> bool:
    """True when ``path`` still names the file open at ``descriptor`` (a run that held it may have removed it)."""
    try:
        named = os.lstat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _refused(path: str, problem: str) -> LockFileError:
    return LockFileError(
        f"The create lock {path} cannot be used: {problem}. Creates are serialised through it on this controller; "
        "remove it (or set TMPDIR to a folder of your own) and run again. Nothing was sent.")
