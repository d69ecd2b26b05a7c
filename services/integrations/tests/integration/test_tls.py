"""TLS through the guard: the connection goes to the checked address while the certificate is
still verified against the host name (SNI), for HTTPS, SMTP STARTTLS and SMTP over TLS."""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes
from pathlib import Path
from typing import Any

import grpc
import orjson
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from jobsprint.common import outbound
from jobsprint.common.outbound import OutboundPolicy

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Pki:
    ca_file: str
    cert_file: str
    key_file: str

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """A throwaway CA and a server certificate for the name `localhost` only (no IP SAN)."""
    directory: Path = tmp_path_factory.mktemp("pki")
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jobsprint test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = Pki(str(directory / "ca.pem"), str(directory / "cert.pem"), str(directory / "key.pem"))
    Path(paths.ca_file).write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    Path(paths.cert_file).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    Path(paths.key_file).write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


def trusting(pki: Pki | None) -> OutboundPolicy:
    return OutboundPolicy(
        allow_networks=(ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")),
        ca_file=pki.ca_file if pki else None,
    )


@pytest.fixture(scope="module")
def https_port(pki: Pki) -> Iterator[int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = orjson.dumps({"host": self.headers.get("Host")})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = pki.server_context().wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_https_to_a_name_is_verified_against_that_name_while_connecting_to_the_checked_address(
    pki: Pki, https_port: int
) -> None:
    resolved: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["127.0.0.1"]

    with outbound.client(trusting(pki), timeout=5, resolver=resolver) as client:
        response = client.get(f"https://localhost:{https_port}/")
    assert response.json() == {"host": f"localhost:{https_port}"}
    assert resolved == ["localhost"]


def test_https_by_address_fails_verification_when_the_certificate_names_only_the_host(
    pki: Pki, https_port: int
) -> None:
    with (
        outbound.client(trusting(pki), timeout=5) as client,
        pytest.raises(Exception, match=r"CERTIFICATE_VERIFY_FAILED|certificate"),
    ):
        client.get(f"https://127.0.0.1:{https_port}/")


def test_an_untrusted_certificate_is_a_permanent_failure_of_the_action(caller, https_port: int) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        caller.invoke("http", "request", {"url": f"https://localhost:{https_port}/"})
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "not trusted" in refused.value.details()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def tls_smtp(pki: Pki) -> Iterator[dict[str, Any]]:
    """Two aiosmtpd servers for the name localhost: one requiring STARTTLS, one implicit TLS."""
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(message_from_bytes(envelope.content))
            return "250 OK"

    starttls = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=pki.server_context(),
        require_starttls=True,
    )
    implicit = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=_free_port(),
        ssl_context=pki.server_context(),
        server_hostname="localhost",
    )
    starttls.start()
    implicit.start()
    yield {"starttls": starttls.port, "tls": implicit.port, "received": received}
    starttls.stop()
    implicit.stop()


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_email_goes_over_verified_tls(
    pki: Pki, tls_smtp: dict[str, Any], security: str, it_env, keys
) -> None:
    from jobsprint.integrations.service.credentials import create_credential
    from jobsprint.integrations.service.invocation import invoke_action

    build_context = keys[0]
    ctx = build_context(it_env, policy=trusting(pki))
    deps = ctx.deps
    workspace_id = "00000000-0000-4000-8000-0000000000aa"
    try:
        row = create_credential(
            deps.uow(),
            deps.keys,
            workspace_id=workspace_id,
            name=f"smtp-{security}-{_free_port()}",
            type_="smtp",
            config=orjson.dumps({"host": "localhost", "port": tls_smtp[security], "security": security}),
            secret=orjson.dumps({}),
        )
        subject = f"over {security}"
        invoke_action(
            deps.uow(),
            deps.keys,
            deps.connectors,
            deps.gates,
            workspace_id=workspace_id,
            connector_name="email",
            action_name="send",
            parameters=orjson.dumps({"to": "a@example.com", "from": "b@example.com", "subject": subject}),
            credential_id=row.id,
            idempotency_key="",
        )
    finally:
        ctx.dispose()
    assert tls_smtp["received"][-1]["Subject"] == subject
