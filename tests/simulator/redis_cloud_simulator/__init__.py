# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An in-memory simulator of the Redis Cloud REST API (tasks and Pro subscriptions)."""

__version__ = "1.0.0"
