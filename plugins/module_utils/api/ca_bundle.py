# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ca_path as requests can use it: a PEM file of CA certificates, checked before any request.

A directory is read file by file into one bundle: OpenSSL reads a directory only when it
was prepared with ``c_rehash`` (hash-named links), which the docs never asked for, and a
directory that is not fails every request with a bare SSLError.
"""

from __future__ import annotations

import os
import re
import ssl

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, printable

PEM_CERTIFICATE = re.compile(rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL)
# A CA bundle is kilobytes (certifi's holds ~150 CAs in 300 KiB); anything far larger is not one.
MAX_CA_BYTES = 4 * 1024 * 1024
BUNDLE_NAME = "rediscloud-ca-bundle.pem"


def ca_file(ca_path: str, scratch_dir: str) -> str:
    """A PEM file of the CA certificates ``ca_path`` holds (the file itself, or a bundle of a directory's
    certificates written to ``scratch_dir``); RedisCloudError naming ca_path when it holds none."""
    shown = printable(ca_path, 200)
    if os.path.isdir(ca_path):
        pems = []
        for name in sorted(os.listdir(ca_path)):
            path = os.path.join(ca_path, name)
            if os.path.isfile(path):
                pems.extend(PEM_CERTIFICATE.findall(_read(path, shown)))
        if not pems:
            raise RedisCloudError(f"ca_path {shown} is a directory without any PEM certificate (-----BEGIN CERTIFICATE-----): "
                                  "put the CA certificates there as PEM files, or give one PEM file")
        bundle = os.path.join(scratch_dir, BUNDLE_NAME)
        with open(bundle, "wb") as handle:
            handle.write(b"\n".join(pems) + b"\n")
        _check_loads(bundle, shown)
        return bundle
    if not PEM_CERTIFICATE.search(_read(ca_path, shown)):
        raise RedisCloudError(
            f"ca_path {shown} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the CA certificates in PEM form "
            "(convert a DER file with: openssl x509 -inform der -in FILE -out FILE.pem)")
    _check_loads(ca_path, shown)
    return ca_path


def _read(path: str, shown: str) -> bytes:
    try:
        if os.path.getsize(path) > MAX_CA_BYTES:
            raise RedisCloudError(f"ca_path {shown}: {printable(os.path.basename(path), 100)} is larger than 4 MiB, not a CA certificate file")
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise RedisCloudError(f"ca_path {shown} cannot be read: {printable(exc.strerror or type(exc).__name__, 100)}") from None


def _check_loads(path: str, shown: str) -> None:
    try:
        ssl.create_default_context(cafile=path)
    except (ssl.SSLError, ValueError) as exc:
        raise RedisCloudError(f"ca_path {shown} is not a valid PEM file of CA certificates: {printable(str(exc), 200)}") from None
