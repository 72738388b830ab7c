# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Connection and credentials, shared by every module (plugins/module_utils/options.py).
    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - Redis Cloud API account key, sent as the C(x-api-key) header.
      - If not set, the first of the environment variables E(REDISCLOUD_ACCESS_KEY), E(REDIS_CLOUD_API_KEY)
        and E(REDIS_API_KEY) that is set is used.
    type: str
  api_secret_key:
    description:
      - Redis Cloud API user key (secret), sent as the C(x-api-secret-key) header.
      - If not set, the first of the environment variables E(REDISCLOUD_SECRET_KEY), E(REDIS_CLOUD_SECRET_KEY),
        E(REDIS_CLOUD_API_SECRET) and E(REDIS_API_SECRET) that is set is used.
    type: str
  api_url:
    description:
      - Base URL of the Redis Cloud API.
      - If not set, E(REDISCLOUD_URL) or E(REDIS_CLOUD_API_URL) is used, then the default.
      - Must be C(https://); plain C(http://) is accepted only for a loopback host (V(127.0.0.1), V(::1), V(localhost)),
        for example a local simulator.
      - Must not contain credentials (C(https://user:password@host)), a query or a fragment.
      - Redirects are never followed. An answer C(3xx) fails, naming the host it pointed to, and nothing is sent there.
    type: str
    default: https://api.redislabs.com/v1
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Set to V(false) only for test endpoints.
      - Applies to every request, also when E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE) is set.
      - A certificate that cannot be verified fails at once, without retries.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of CA certificates (or a directory of PEM files, read file by file; no C(c_rehash) needed) to verify
        the API's certificate with, for example a corporate CA that intercepts TLS. A file without a PEM certificate is
        refused before any request.
      - Used only when O(validate_certs=true); with O(validate_certs=false) the module warns that it is ignored.
      - When not set, the system's CA bundle is used (or the one that E(REQUESTS_CA_BUNDLE) names).
    type: path
  api_timeout:
    description:
      - Longest time in seconds one attempt of an HTTP request may take, from connecting to the last byte of
        the answer (a slow answer cannot hold the module past it).
      - Between V(1) and V(3600).
      - Read requests are retried on connection errors, on answers cut off before their end, and on HTTP 500,
        502, 503 and 504 (at most 5 times, honouring C(Retry-After)). Writes are retried only when the API did not
        act on them (connection refused, HTTP 429).
      - HTTP 429 (rate limited) is waited out, for every request, as the C(x-rate-limit-retry-after-seconds) or
        C(Retry-After) header says or, without one, until the API's 60-second window ends.
      - Where the module has C(wait_timeout), every attempt, retry and rate-limit wait of every request also fits
        in it.
    type: int
    default: 30
requirements:
  - requests
notes:
  - The module slows down on its own when the C(X-Rate-Limit-Remaining) header shows that few requests are left
    in the API's rate-limit window (400 requests per minute per key).
  - Answers larger than 4 MiB (far above any real answer) are refused, and so are answers that are not JSON.
  - Keys given as module options (directly or through C(module_defaults)) are written, like every module
    option, into the module file Ansible puts on disk to run the module, and stay there if the play is killed.
    Keys in the environment of the controller (exported, or injected by an AWX credential) are not.
seealso:
  - name: Redis Cloud REST API
    description: Reference of the API this collection talks to.
    link: https://api.redislabs.com/v1/swagger-ui/index.html
"""

    # Each module documents its own `wait`, whose default differs between modules.
    WAIT = r"""
options:
  wait_timeout:
    description:
      - How long to wait, in seconds, for the operation to finish when waiting.
      - One budget for the whole module run, shared by every wait the module does.
      - When it runs out the module fails with a message giving the task id, its last status and how to resume;
        the operation continues on the Redis Cloud side.
      - Must be at least O(poll_interval), and at most V(86400) (one day).
      - Every HTTP request of the run, with its retries and rate-limit waits, also fits in this budget.
      - Modules that do not wait take it too, so that O(wait_timeout) in C(module_defaults) for the action group applies to
        every module; it then bounds their requests.
    type: int
    default: 1800
  poll_interval:
    description:
      - Longest delay in seconds between two polls while waiting.
      - The first polls come faster (about every 1.25 seconds during the first 5 seconds), then the delay doubles
        up to this value, with a random jitter of 10% so that parallel runs do not poll in lockstep.
      - Must be at least V(1). The first polls are 1.25 seconds apart anyway, and shorter intervals only spend
        the API's rate limit.
      - Modules that do not wait accept it (so that C(module_defaults) for the action group apply to them) and ignore it.
    type: float
    default: 10
"""

    # check_mode/diff_mode descriptions; each module states its own support level and details.
    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the Redis Cloud account.
  diff_mode:
    description: Will return details on what has changed (or would change in check_mode), when in diff mode.
"""

    ACTIONGROUPS = r"""
attributes:
  action_group:
    description: Use C(group/rediscloud.api.redis_cloud) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - rediscloud.api.redis_cloud
"""

    # For plugins (inventory): the same environment variables as the modules' fallbacks. Ansible takes the LAST variable
    # of an env list that is set, so each list is the modules' order reversed: the same variable wins.
    INVENTORY = r"""
options:
  api_key:
    env:
      - name: REDIS_API_KEY
      - name: REDIS_CLOUD_API_KEY
      - name: REDISCLOUD_ACCESS_KEY
  api_secret_key:
    env:
      - name: REDIS_API_SECRET
      - name: REDIS_CLOUD_API_SECRET
      - name: REDIS_CLOUD_SECRET_KEY
      - name: REDISCLOUD_SECRET_KEY
  api_url:
    env:
      - name: REDIS_CLOUD_API_URL
      - name: REDISCLOUD_URL
"""
