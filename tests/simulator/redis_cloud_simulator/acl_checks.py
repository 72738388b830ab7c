# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The format rules of ACL rule patterns and ACL user passwords (refused in the task, as recorded).

Rule pattern: every word starts with + or - (commands, +@/-@ categories), ~ (keys), % (key permissions,
%R~ %W~ %RW~) or & (channels). Recorded: "let-me-create-resources" is refused with ACL_REDIS_RULE_PATTERN_NOT_VALID
and the description below, "+@let-me-create-resources" is accepted (an unknown category is not checked):
RedisLabs/rediscloud-go-api redis_rule_test.go TestCreateBadRedisRule, TestCreateRedisRule.

Password: 8 to 128 characters (redis/docs create-assign-users.md, "ACL user passwords must be between 8 and
128 characters long") with an upper-case letter, a lower-case letter, a digit and a special character.
The character classes are the harsher reading: recorded, "I do not meet requirements" (26 characters) is
refused with ACL_USER_PASSWORD_NOT_VALID (rediscloud-go-api user_test.go TestUpdateBadUser) and
"someRandom.pa55word" accepted; the Terraform acceptance tests build every password as prefix + "aA.1"
(provider/rediscloud_acl_user_test.go); the first draft of redis/docs PR #667 named the four classes.
"""

from __future__ import annotations

import re

from redis_cloud_simulator.lifecycle import TaskError

PATTERN_DESCRIPTION = ("Invalid ACL redis rule: commands must start with a + or - sign, categories must start with +@ or -@ "
                       "characters and keys must start with the ~ symbol")
_WORD = re.compile(r"^([+-]@?[^\s@]\S*|~\S+|%R?W?~\S+|&\S+)$")
_PASSWORD_CLASSES = (re.compile(r"[A-Z]"), re.compile(r"[a-z]"), re.compile(r"[0-9]"), re.compile(r"[^A-Za-z0-9]"))


def check_rule_pattern(pattern: str) -> None:
    words = pattern.split()
    if not words or not all(_WORD.match(word) for word in words):
        raise TaskError(400, "ACL_REDIS_RULE_PATTERN_NOT_VALID", PATTERN_DESCRIPTION)


def check_user_password(password: str) -> None:
    if not 8 <= len(password) <= 128 or not all(character_class.search(password) for character_class in _PASSWORD_CLASSES):
        raise TaskError(400, "ACL_USER_PASSWORD_NOT_VALID", "ACL user password is not valid.")
