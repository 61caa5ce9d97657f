"""What stands between the workspace, which writes curators' files, and everyone else on the network or web.

- The server listens on loopback unless told otherwise; bound elsewhere, every request needs a token, given
  once in the address printed at start-up and then kept in a cookie (as Jupyter does).
- `Host` must be a name of this server: a web page whose domain an attacker points at 127.0.0.1 (DNS
  rebinding) sends its own domain as the Host.
- Every write must come from the workspace's own pages: `Origin` (or, without it, `Referer`) is this server.
- Paths are exhibits' files only: `kind/slug.md` or `kind/slug/index.md`, slugs checked, resolved inside
  exhibits/ with no symlink on the way.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import socket
from http.cookies import SimpleCookie
from pathlib import Path

from hall.model.exhibit import SLUG
from hall.model.schema import ALL_KINDS

COOKIE = "hall_edit_token"


class Refused(Exception):
    """A request the workspace will not serve: (HTTP status, message for the curator)."""

    def __init__(self, status: int, message: str):
        super().__init__(status, message)
        self.status, self.message = status, message


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


HOST = re.compile(r"(?P<name>\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?")


def host_names(bound: str) -> set[str] | None:
    """The names a request's Host may give (without the port), lower case; None: bound to every address, so
    any address literal or this machine's name (a rebinding page is on a name of its own)."""
    bound = bound.strip("[]").lower()
    if bound in ("0.0.0.0", "::", ""):
        return None
    return {"localhost", "127.0.0.1", "::1", bound}


def host_allowed(header: str, bound: str, port: int) -> bool:
    """Whether a Host header names this server: one of its names and its port (left out by browsers for port
    80). The one check of serve's every request, the preview's and the workspace's."""
    found = HOST.fullmatch(header.lower())
    if not found or int(found["port"] or 80) != port:
        return False
    name, names = found["name"].strip("[]"), host_names(bound)
    if names is not None:
        return name in names
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name in {"localhost", socket.gethostname().lower(), socket.getfqdn().lower()}


def same_origin(environ: dict) -> bool:
    """Whether a write comes from a page of this server: Origin, else Referer, equals http://<Host>."""
    own = f"http://{environ.get('HTTP_HOST', '')}"
    origin = environ.get("HTTP_ORIGIN")
    if origin:
        return origin == own
    referer = environ.get("HTTP_REFERER", "")
    return referer == own or referer.startswith(own + "/")


class Token:
    """The token a request needs when the server listens beyond loopback (None: none needed)."""

    def __init__(self, required: bool):
        self.value = secrets.token_urlsafe(24) if required else None

    def given(self, environ: dict, query: dict) -> bool:
        if self.value is None:
            return True
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        offered = query.get("token") or (cookie[COOKIE].value if COOKIE in cookie else "")
        return hmac.compare_digest(offered.encode(), self.value.encode())

    def cookie(self) -> str:
        return f"{COOKIE}={self.value}; Path=/_edit/; HttpOnly; SameSite=Strict"


def exhibit_file(exhibits_dir: Path, rel: str) -> Path:
    """The file of an exhibit named by its path under exhibits/ (people/chai-jinfu/index.md), refused unless it
    is one: no absolute path, no "..", no other folder, a slug for a name, and no symlink leading anywhere."""
    parts = rel.split("/")
    if (
        "\\" in rel
        or "\0" in rel
        or rel.startswith("/")
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise Refused(400, "文件路径不对：只能是 exhibits/ 中某个展品的文件")
    if not (
        parts[0] in ALL_KINDS
        and (
            len(parts) == 2
            and parts[1].endswith(".md")
            and SLUG.fullmatch(parts[1][:-3])
            or len(parts) == 3
            and parts[2] == "index.md"
            and SLUG.fullmatch(parts[1])
        )
    ):
        raise Refused(
            400,
            "文件路径不对：展品文件应为 类别/文件名.md 或 类别/文件名/index.md，文件名只用小写拼音、数字和“-”",
        )
    root = exhibits_dir.resolve()
    path = root.joinpath(*parts)
    if os.path.realpath(path) != str(path):  # a symlink on the way: it may lead out of exhibits/
        raise Refused(403, "这个文件是指向别处的链接，工作台不会打开或写入它")
    return path


def child_name(folder: Path, name: str) -> Path:
    """A new file in an exhibit's own folder, by a name already made of a slug and an extension."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not SLUG.fullmatch(stem) or ext not in ("jpg", "png", "webp"):
        raise Refused(400, "文件名不对：只用小写拼音、数字和“-”")
    path = folder / name
    if os.path.realpath(folder) != str(folder):
        raise Refused(403, "展品文件夹是指向别处的链接，工作台不会写入它")
    return path
