"""Credentials inside URIs, found as the servers reading them find them, and masked in answers shaped like the recorded ones (issue 15)."""

from __future__ import annotations

import base64
import html
import json
from typing import Any

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import redact_text, secret_forms
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets
from ansible_collections.rediscloud.api.plugins.module_utils.uri_secrets import credentials, mask_uri_credentials, secret_parts

# Most real Azure storage keys are base64 and hold "/" and "+".
AZURE_KEY = "Zm9v/YmFy+YmF6/cXV4c2VjcmV0a2V5MTIzNDU2Nzg5MA=="
FTP_PASSWORD = "p@ss-1a2b"
SPACED = "two  words here"


@pytest.mark.parametrize(("uri", "user", "password", "masked"), [
    ("redis://default:Src-Pw-1@redis-12000.c1.us-east-1-2.ec2.cloud.redislabs.com:12000", "default", "Src-Pw-1",
     "redis://default:********@redis-12000.c1.us-east-1-2.ec2.cloud.redislabs.com:12000"),
    (f"abs://:{AZURE_KEY}@storageaccount/container/path/", "", AZURE_KEY, "abs://:********@storageaccount/container/path/"),
    (f"ftp://bk:{FTP_PASSWORD}@ftp.example.com/backups/", "bk", FTP_PASSWORD, "ftp://bk:********@ftp.example.com/backups/"),
    (f"ftp://bk:{SPACED}@ftp.example.com/b/", "bk", SPACED, "ftp://bk:********@ftp.example.com/b/"),
    ("redis://only-a-token@host:6379", "", "only-a-token", "redis://********@host:6379"),
])
def test_the_credential_ends_at_the_last_at_sign_as_the_server_reads_it(uri, user, password, masked):
    [credential] = credentials(uri)
    assert (credential.user, credential.password) == (user, password)
    assert mask_uri_credentials(uri) == masked
    assert password in secret_parts(uri)


@pytest.mark.parametrize("uri", ["s3://bucket-name/path/", "gs://bucket/path", "redis://host:6379", "redis://user:@host:1", "mail me@host"])
def test_no_credential_nothing_to_hide(uri):
    assert mask_uri_credentials(uri) == uri and secret_parts(uri) == []


def test_percent_encoded_credentials_are_secret_in_both_forms():
    assert {"p%40ss", "p@ss"} <= set(secret_parts("ftp://u:p%40ss@host/x"))


def test_several_uris_in_one_message_are_each_masked():
    message = (f"Database 7 cannot change in place (replica: current 'redis://default:{FTP_PASSWORD}@a:1', desired "
               f"'redis://default:{SPACED}@b:2').")
    masked = mask_uri_credentials(message)
    assert FTP_PASSWORD not in masked and SPACED not in masked and "@a:1'" in masked and "@b:2'" in masked


# Shaped like the spec's Database example and the Terraform provider's read of backup and replica.
DATABASE_ANSWER: dict[str, Any] = {
    "databaseId": 51170941, "name": "orders", "status": "active",
    "security": {"password": "redis123456redis", "enableDefaultUser": True},
    "backup": {"enableRemoteBackup": True, "interval": "every-6-hours", "storageType": "azure-blob-storage",
               "destination": f"abs://:{AZURE_KEY}@storageaccount/container/"},
    "replica": {"syncSources": [{"endpoint": f"redis://default:{FTP_PASSWORD}@10.0.0.1:6379", "encryption": False}]},
}
# Shaped like GET / (RootAccount) with what a hostile or careless server adds.
ACCOUNT_ANSWER = {"account": {"id": 1, "name": "acme", "password": "acct-pw-1234567",
                              "notes": f"sync from redis://u:{SPACED}@h:1 nightly"}}


def test_a_database_answer_shows_no_credential():
    masked = json.dumps(mask_secrets(DATABASE_ANSWER))
    for secret in ("redis123456redis", AZURE_KEY, FTP_PASSWORD):
        assert not any(form in masked for form in secret_forms(secret))
    assert "abs://:********@storageaccount/container/" in masked and "redis://default:********@10.0.0.1:6379" in masked


def test_an_account_answer_shows_no_credential():
    masked = mask_secrets(ACCOUNT_ANSWER)
    assert masked["account"]["password"] == "********"
    assert masked["account"]["notes"] == "sync from redis://u:********@h:1 nightly"


def test_an_answer_of_any_depth_is_masked_without_recursion_error():
    deep: Any = {"password": "x"}
    for _level in range(5000):
        deep = [deep]
    assert "x" not in json.dumps(mask_secrets(deep))


@pytest.mark.parametrize(("secret", "echoed"), [
    ("two  words   here-123", "two words here-123"),  # the server collapsed runs of spaces
    ("PwStraddle01xyzSECRET", "PwStraddle01..."),  # the server cut its text at its limit, in the middle of the password
    ("PwStraddle01xyzSECRET", "...zSECRET"),
])
def test_a_failure_text_loses_altered_forms_and_pieces_of_a_secret(secret, echoed):
    redacted = redact_text(f"HTTP 400: bad body: {echoed}", [secret])
    assert secret[:10] not in redacted and secret[-6:] not in redacted and "********" in redacted


def test_html_escaped_and_base64_forms_are_redacted():
    secret = 'a<b>&"c\'d-0123456789'
    for form in (html.escape(secret), html.escape(secret, quote=False), base64.b64encode(secret.encode()).decode()):
        assert redact_text(f"echo {form} end", [secret]) == "echo ******** end"
