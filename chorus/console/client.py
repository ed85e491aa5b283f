"""How console commands reach the services: addresses and a bearer token from the
environment (CHORUS_<SERVICE>_ADDRESS, CHORUS_TOKEN), else from the client file `chorus up`
writes (CHORUS_CLIENT_CONFIG, default .chorus/dev/client.json)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import grpc

DEFAULT_CLIENT_FILE = Path(".chorus/dev/client.json")
# What console commands read (the services never do).
CONSOLE_SETTINGS = {
    "CHORUS_TOKEN": "bearer token of the person running console commands",
    "CHORUS_CLIENT_CONFIG": "file of service addresses and token (`chorus up` writes one)",
    # and CHORUS_<SERVICE>_ADDRESS: a service's gRPC address
}


@dataclass(frozen=True)
class Connection:
    address: str
    token: str

    def metadata(self, purpose: str = "") -> tuple[tuple[str, str], ...]:
        """The bearer token, and why the caller reads personal data (the access log keeps
        it)."""
        auth = (("authorization", f"Bearer {self.token}"),)
        return (*auth, ("x-chorus-purpose", purpose)) if purpose else auth

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(self.address)


def write_client_file(path: Path, addresses: dict[str, str], token: str) -> None:
    """What `chorus up` leaves for the console (readable by its owner only: it holds a
    token)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"addresses": addresses, "token": token}, indent=2))
    path.chmod(0o600)


def connection(service: str, address: str | None = None, token: str | None = None) -> Connection:
    """The service's address and the caller's token: given, else from the environment, else
    from the client file. Raises LookupError naming what is missing."""
    address = address or os.environ.get(f"CHORUS_{service.upper()}_ADDRESS")
    token = token or os.environ.get("CHORUS_TOKEN")
    if not (address and token):
        path = Path(os.environ.get("CHORUS_CLIENT_CONFIG", DEFAULT_CLIENT_FILE))
        saved = json.loads(path.read_text()) if path.exists() else {}
        address = address or saved.get("addresses", {}).get(service)
        token = token or saved.get("token")
    if not address:
        raise LookupError(f"no address for {service}: set CHORUS_{service.upper()}_ADDRESS or"
                          " run `chorus up` (it writes .chorus/dev/client.json)")
    if not token:
        raise LookupError("no token: set CHORUS_TOKEN (see `chorus token`)")
    return Connection(address, token)
