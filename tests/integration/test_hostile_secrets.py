"""Hostile server and careless user, issue 15: secrets inside database options, answers of the wrong shape or size,
the create lock, altered echoes of the password, TLS options, 429 storms, numbers out of range.

Each test is one real play at -vvvv with --diff, whose independent cases are tasks of that play (ignore_errors,
register) asserted one by one here; hostile_support.assert_clean then searches every output, result, diff and
file the run wrote for every secret the test gave or the server held, in every form (raw, JSON, URL, base64,
HTML-escaped, whitespace-collapsed, and its first 10 and last 6 characters). Secrets given as module options
need ANSIBLE_KEEP_REMOTE_FILES=0: a kept module file holds its options by Ansible's design.
"""

from __future__ import annotations

import base64
import html
import json
import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from hostile_support import assert_clean, hostile_credentials, play, run_play, task

from hostile.certs import Certificate, self_signed
from hostile.server import HostileServer, answer_json, answer_raw, new_task_id, rate_limited, subscription
from hostile.server import task as task_body

NO_KEPT_MODULE_FILES = {"ANSIBLE_KEEP_REMOTE_FILES": "0"}
SUB = 4242
NO_LOG_WARNING = "Module did not set no_log"


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer(*hostile_credentials()).start()
    yield hostile
    hostile.stop()


def secret(prefix: str, tail: str = "") -> str:
    return f"{prefix}-{secrets.token_hex(8)}{tail}"


def azure_key() -> str:
    """Shaped like a real storage account key: base64 of 64 random bytes, which nearly always holds "/" (forced here)."""
    return base64.b64encode(secrets.token_bytes(30)).decode() + "/" + base64.b64encode(secrets.token_bytes(30)).decode()


def listing(subscription_id: int, *databases: dict[str, Any]) -> dict[str, Any]:
    return {"accountId": 1, "subscription": [{"subscriptionId": subscription_id, "numberOfDatabases": len(databases), "databases": list(databases)}]}


def script_task(server: HostileServer, method: str, path: str, command: str, **response: Any) -> str:
    """``method path`` answers a new task, which reads as completed."""
    task_id = new_task_id()
    server.script(method, path, answer_json(task_body(task_id, status="received", command=command), status=202))
    server.script("GET", f"/v1/tasks/{task_id}", answer_json(task_body(task_id, command=command, **response)))
    return task_id


def failed_msg(outcome: Any, name: str) -> str:
    assert outcome.failed(name), outcome.task(name)
    return str(outcome.task(name)["msg"])


# High: --diff, -vvv invocation, URIs with "/", "@" and spaces, account_info ------------------------------------

UPDATE, CHECKED_UPDATE, CHECKED_CREATE, INFO, ACCOUNT, LOCKED = (
    "Update the replica source and the backup path", "The same change in check mode (Azure path)", "Create in check mode",
    "Read the database", "Read the account", "Create while another user's lock folder is in the way")


def test_database_secrets_in_options_and_answers_never_show(server, tmp_path):
    old_replica, new_replica = secret("OldSrc", " @/x"), secret("NewSrc", "@ /y")
    old_azure, new_azure, new_ftp = azure_key(), azure_key(), secret("p@ss", " a/b@c")
    db_password, account_password, account_uri_password = secret("DbPw"), secret("AcctPw"), secret("Uri Pw", "/@")
    database = {"databaseId": 7, "name": "orders", "status": "active", "publicEndpoint": "redis-1.example.com:12000",
                "security": {"password": db_password, "enableDefaultUser": True},
                "backup": {"enableRemoteBackup": True, "interval": "every-6-hours", "storageType": "azure-blob-storage",
                           "destination": f"abs://:{old_azure}@oldaccount/container/"},
                "replica": {"syncSources": [{"endpoint": f"redis://default:{old_replica}@10.0.0.1:6379", "encryption": False}]}}
    server.script("GET", f"/v1/subscriptions/{SUB}", answer_json(subscription(SUB)))
    server.script("GET", f"/v1/subscriptions/{SUB}/databases", answer_json(listing(SUB, database)))
    server.script("GET", f"/v1/subscriptions/{SUB}/databases/7", answer_json(database))
    script_task(server, "PUT", f"/v1/subscriptions/{SUB}/databases/7", "databaseUpdateRequest", resourceId=7)
    script_task(server, "POST", f"/v1/subscriptions/{SUB}/databases", "databaseCreateRequest")
    server.script("GET", "/v1/", answer_json({"account": {"id": 1, "name": "acme", "password": account_password,
                                                          "notes": f"replicates from redis://u:{account_uri_password}@h:1"}}))
    lock_parent = tmp_path / "tmp"
    (lock_parent / f"rediscloud-api-locks-{os.getuid()}").mkdir(parents=True)
    (lock_parent / f"rediscloud-api-locks-{os.getuid()}").chmod(0o777)  # made by someone else, open to all

    replica = {"sync_sources": [{"endpoint": f"redis://default:{new_replica}@10.0.0.2:6379"}]}
    ftp = {"active": True, "interval": "every-6-hours", "storage_type": "ftp", "storage_path": f"ftp://bk:{new_ftp}@ftp.example.com/backups/"}
    azure = {**ftp, "storage_type": "azure-blob-storage", "storage_path": f"abs://:{new_azure}@newaccount/container/"}
    database_task = {"subscription_id": SUB, "wait_timeout": 30, "poll_interval": 1}
    tasks = [
        task(UPDATE, "redis_cloud_database", "updated", database_id=7, replica=replica, remote_backup=ftp, **database_task),
        {**task(CHECKED_UPDATE, "redis_cloud_database", "checked", database_id=7, replica=replica, remote_backup=azure, **database_task),
         "check_mode": True},
        {**task(CHECKED_CREATE, "redis_cloud_database", "dry", name="fresh", dataset_size_in_gb=1, replica=replica, remote_backup=azure,
                **database_task), "check_mode": True},
        task(INFO, "redis_cloud_database_info", "info", subscription_id=SUB, database_id=7, poll_interval=1),
        task(ACCOUNT, "redis_cloud_account_info", "account", gather=["account"]),
        task(LOCKED, "redis_cloud_database", "locked", name="locked", dataset_size_in_gb=1, **database_task),
    ]

    # account_info takes no wait options: they are given per task
    outcome = run_play(server, tmp_path, play(server, tasks, wait_timeout=None, poll_interval=None),
                       env={**NO_KEPT_MODULE_FILES, "TMPDIR": str(lock_parent)})

    for name in (UPDATE, CHECKED_UPDATE, CHECKED_CREATE, INFO, ACCOUNT):
        assert not outcome.failed(name), outcome.task(name)
    # --diff and the registered diff: old values (from the API) and new ones (from the options) both masked
    for name, path in ((UPDATE, "@ftp.example.com/backups/"), (CHECKED_UPDATE, "@newaccount/container/")):
        diff = outcome.task(name)["diff"]
        assert set(diff["after"]) == {"remote_backup", "replica"}, diff
        assert diff["after"]["remote_backup"]["storage_path"].endswith(path) and "********" in diff["after"]["remote_backup"]["storage_path"]
        assert diff["before"]["remote_backup"]["storage_path"] == "abs://:********@oldaccount/container/"
        assert "invocation" in outcome.task(name)  # -vvvv: the module's options are shown, masked
    assert outcome.task(CHECKED_CREATE)["diff"]["after"]["replica"]["syncSources"][0]["endpoint"].endswith("@10.0.0.2:6379")
    assert len(server.requests("PUT")) == 2 and len(server.requests("POST")) == 1  # the change, its dry run, the create's dry run
    # answers: the database's backup destination (an Azure key with "/") and the account's secrets
    shown = outcome.task(INFO)["database"]
    assert shown["backup"]["destination"] == "abs://:********@oldaccount/container/"
    assert shown["replica"]["syncSources"][0]["endpoint"] == "redis://default:********@10.0.0.1:6379"
    account = outcome.task(ACCOUNT)["account"]
    assert account["password"] == "********" and account["notes"] == "replicates from redis://u:********@h:1"
    # the create lock: a folder others can use is refused, naming it; nothing is created
    assert "rediscloud-api-locks" in failed_msg(outcome, LOCKED) and "others can use it (mode 777, expected 700)" in failed_msg(outcome, LOCKED)
    assert NO_LOG_WARNING not in outcome.run.all_output
    assert_clean(outcome, server, extra_secrets=(old_replica, new_replica, old_azure, new_azure, new_ftp, db_password,
                                                 account_password, account_uri_password))


# Medium: listings of the wrong shape or size; Low: altered echoes of the password -------------------------------

WRONG_SHAPES = {11: {"subscription": []}, 12: {"databases": []}, 13: {"subscription": {"numberOfDatabases": 0}},
                14: {"accountId": 1, "subscription": [{"subscriptionId": 14, "numberOfDatabases": 3, "databases": []}]}}


def echo_body(alter: Any, content_type: str = "application/json") -> Any:
    """HTTP 400 whose text is the create body, altered as a server might (collapsed, escaped, cut)."""

    async def respond(request: web.Request) -> web.StreamResponse:
        text = alter(json.dumps(await request.json()))
        body = text if content_type != "application/json" else json.dumps({"error": {"type": "BAD_REQUEST", "description": text}})
        return web.Response(text=body, status=400, content_type=content_type)

    return respond


def straddling(password: str, at: int) -> Any:
    """The text cut at ``at`` characters, padded so that the cut falls in the middle of the password."""
    return lambda text: (("v" * (at - 8 - text.index(password))) + text)[:at]


def test_listings_of_the_wrong_shape_or_size_and_altered_echoes(server, tmp_path):
    tasks = [task(f"Create beside listing {sub}", "redis_cloud_database", name="dup", subscription_id=sub, dataset_size_in_gb=1, wait=False)
             for sub, shape in WRONG_SHAPES.items()]
    for sub, shape in WRONG_SHAPES.items():
        server.script("GET", f"/v1/subscriptions/{sub}", answer_json(subscription(sub)))
        server.script("GET", f"/v1/subscriptions/{sub}/databases", answer_json(shape))
    # 230,000 tiny items in one page of just under 4 MiB, where 100 were asked for
    crowded = b'{"subscription":[{"subscriptionId":21,"numberOfDatabases":230000,"databases":[' + b",".join(
        [b'{"databaseId":1}'] * 230000) + b"]}]}"
    server.script("GET", "/v1/subscriptions/21/databases", answer_raw(crowded))
    # full pages of 100 items of 40 KB each, forever
    heavy = listing(22, *({"databaseId": index, "name": f"db{index}", "status": "active", "notes": "x" * 40_000} for index in range(1, 101)))
    server.script("GET", "/v1/subscriptions/22/databases", answer_json(heavy))
    # one item nested 500 deep
    nested: Any = "bottom"
    for _level in range(500):
        nested = [nested]
    deep = {"databaseId": 1, "name": "deep", "status": "active", "nested": nested}
    server.script("GET", "/v1/subscriptions/23/databases", answer_json(listing(23, deep)))
    tasks += [task(f"Read listing {sub}", "redis_cloud_database_info", subscription_id=sub) for sub in (21, 22, 23)]
    # the database password echoed by a 400: whitespace collapsed, HTML-escaped, cut at the description's 500, cut at 200
    passwords = {31: secret("Pw  spaced", "  end"), 32: secret("Pw<&>", "<&>"), 33: "PwStraddle01" + secrets.token_hex(8),
                 34: "PwStraddle01" + secrets.token_hex(8)}
    alterations = {31: (lambda text: " ".join(text.split()), "application/json"), 32: (html.escape, "application/json"),
                   33: (straddling(passwords[33], 500), "application/json"), 34: (straddling(passwords[34], 200), "text/plain")}
    for sub, (alter, content_type) in alterations.items():
        server.script("GET", f"/v1/subscriptions/{sub}", answer_json(subscription(sub)))
        server.script("POST", f"/v1/subscriptions/{sub}/databases", echo_body(alter, content_type))
        tasks.append(task(f"Create echoed {sub}", "redis_cloud_database", name="echoed", subscription_id=sub, dataset_size_in_gb=1,
                          password=passwords[sub], wait=False))

    outcome = run_play(server, tmp_path, play(server, tasks), env=NO_KEPT_MODULE_FILES)

    for sub in WRONG_SHAPES:
        assert f"GET /subscriptions/{sub}/databases: unexpected answer" in failed_msg(outcome, f"Create beside listing {sub}")
        assert server.requests("POST", f"/v1/subscriptions/{sub}/databases") == []
    assert "a page lists 230000 items although 100 were asked for" in failed_msg(outcome, "Read listing 21")
    assert "the listing's pages add up to more than 8 MiB" in failed_msg(outcome, "Read listing 22")
    assert len(server.requests("GET", "/v1/subscriptions/22/databases")) == 3
    assert "nested more than 32 levels deep" in failed_msg(outcome, "Read listing 23")
    for sub in alterations:
        message = failed_msg(outcome, f"Create echoed {sub}")
        assert message.startswith(f"POST /subscriptions/{sub}/databases failed: HTTP 400") and "********" in message, message
        assert len(server.requests("POST", f"/v1/subscriptions/{sub}/databases")) == 1
    assert_clean(outcome, server, extra_secrets=tuple(passwords.values()))


# Low: TLS options ---------------------------------------------------------------------------------------------

@pytest.fixture
def tls_server(tmp_path_factory) -> Iterator[tuple[HostileServer, Certificate]]:
    certificate = self_signed(tmp_path_factory.mktemp("certs"))
    hostile = HostileServer(*hostile_credentials(), certificate=certificate).start()
    yield hostile, certificate
    hostile.stop()


def test_tls_options_a_plain_directory_a_non_pem_file_and_checks_off(tls_server, tmp_path):
    server, certificate = tls_server
    directory = tmp_path / "cas"  # not prepared with c_rehash: no hash-named links
    directory.mkdir()
    (directory / "our-ca.crt").write_bytes(certificate.cert.read_bytes())
    der = tmp_path / "ca.der"
    der.write_bytes(base64.b64decode(b"".join(certificate.cert.read_bytes().splitlines()[1:-1])))
    tasks = [task("Trust a directory", "redis_cloud_account_info", gather=["account"], ca_path=str(directory)),
             task("Trust a DER file", "redis_cloud_account_info", gather=["account"], ca_path=str(der)),
             task("Checks off", "redis_cloud_account_info", gather=["account"], validate_certs=False, ca_path=str(der))]
    server.script("GET", "/v1/", answer_json({"account": {"id": 1, "name": "acme"}}))

    outcome = run_play(server, tmp_path, play(server, tasks, wait_timeout=None, poll_interval=None))

    assert not outcome.failed("Trust a directory"), outcome.task("Trust a directory")
    assert outcome.task("Trust a directory")["account"]["id"] == 1
    assert failed_msg(outcome, "Trust a DER file").startswith(f"ca_path {der} holds no PEM certificate")
    assert not outcome.failed("Checks off")
    warnings = json.dumps(outcome.task("Checks off").get("warnings"))
    assert "validate_certs is false" in warnings and "ca_path is ignored" in warnings
    assert len(server.requests("GET", "/v1/")) == 2  # nothing sent for the DER file
    assert_clean(outcome, server)


# Low: numbers out of range, a 429 storm with "retry after 0" ---------------------------------------------------

def test_numbers_out_of_range_send_nothing_and_a_429_storm_is_paced(server, tmp_path):
    plan = {"name": "big", "payment_method": "marketplace", "cloud_providers": [{"regions": [{"region": "us-east-1"}]}], "wait": False}
    task_id = new_task_id()
    server.script("GET", f"/v1/tasks/{task_id}", rate_limited("0"))
    tasks = [
        task("Quantity 1e20", "redis_cloud_subscription", **plan, databases=[{"name": "db", "dataset_size_in_gb": 1, "quantity": 1e20}]),
        task("Negative writes", "redis_cloud_subscription", **plan, databases=[
            {"name": "db", "dataset_size_in_gb": 1, "local_throughput_measurement": [{"region": "us-east-1", "write_operations_per_second": -5}]}]),
        task("Id 1e30", "redis_cloud_subscription_info", subscription_id=1e30),
        task("Read through a 429 storm", "redis_cloud_task_info", task_id=task_id, wait_timeout=20),
    ]

    outcome = run_play(server, tmp_path, play(server, tasks), check_secrets=True)

    assert failed_msg(outcome, "Quantity 1e20") == "databases[0].quantity must be between 0 and 2147483647, got 1e+20"
    assert failed_msg(outcome, "Negative writes") == (
        "databases[0].local_throughput_measurement[0].write_operations_per_second must be between 0 and 2147483647, got -5")
    assert failed_msg(outcome, "Id 1e30") == "subscription_id must be between 1 and 2147483647, got 1e+30"
    assert [seen.path for seen in server.requests() if not seen.path.startswith("/v1/tasks/")] == []  # refused before any request
    assert "HTTP 429" in failed_msg(outcome, "Read through a 429 storm")
    storm = [seen.at for seen in server.requests("GET", f"/v1/tasks/{task_id}")]
    assert 4 <= len(storm) <= 6, len(storm)  # 1, 2, 4, 8 s apart and more: once 71 requests in 72 s
    assert storm[-1] - storm[0] >= 14
    assert_clean(outcome, server)
