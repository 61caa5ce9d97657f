"""The workspace as a WSGI application under /_edit/ (hall.engine.serve mounts it beside the preview): its page and
scripts, and a small JSON API. Every request passes the guards of hall.workspace.guards first."""

from __future__ import annotations

import json
import socket
import traceback
from collections.abc import Callable
from importlib.resources import files
from urllib.parse import parse_qs

from hall.site.images import MAX_BYTES
from hall.workspace import sheet, upload
from hall.workspace.guards import Refused, Token, host_allowed, same_origin
from hall.workspace.store import Workspace, digest

PREFIX = "/_edit/"
MAX_JSON = (
    2 * 1024 * 1024
)  # a profile is a few thousand characters; the loader refuses files over 1 MB
STATIC = files("hall.workspace").joinpath("static")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
        "'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
]
STATUS = {
    200: "200 OK",
    303: "303 See Other",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    409: "409 Conflict",
    413: "413 Payload Too Large",
    415: "415 Unsupported Media Type",
    422: "422 Unprocessable Content",
    500: "500 Internal Server Error",
}


class App:
    def __init__(self, workspace: Workspace, host: str, port: int, token: Token, site: str = "/"):
        self.workspace, self.host, self.port, self.token, self.site = (
            workspace,
            host,
            port,
            token,
            site,
        )
        self.imports = sheet.Imports(workspace.config)
        shown = host if host not in ("0.0.0.0", "::", "") else socket.gethostname()
        shown = f"[{shown}]" if ":" in shown else shown
        self.address = f"http://{shown}:{port}{PREFIX}" + (
            f"?token={token.value}" if token.value else ""
        )
        self.reads: dict[str, Callable] = {
            "todo": self._todo,
            "find": self._find,
            "open": self._open,
            "lists": self._lists,
            "history": self._history,
            "version": self._version,
        }
        self.writes: dict[str, Callable] = {
            "check": self._check,
            "save": self._save,
            "restore": self._restore,
            "new": self._new,
            "upload": self._upload,
            "roster": self._roster,
            "import": self._import,
        }

    def __call__(self, environ: dict, start_response) -> list[bytes]:
        try:
            status, headers, body = self.respond(environ)
        except Refused as refused:
            status, headers, body = (
                refused.status,
                [],
                _json({"error": refused.message, **_code_of(refused)}),
            )
        except Exception:  # noqa: BLE001 - a bug must not take the preview down; the terminal shows it
            traceback.print_exc()
            status, headers, body = (
                500,
                [],
                _json({"error": "工作台出错了，请看运行 serve 的窗口里的提示"}),
            )
        if not any(name == "Content-Type" for name, _ in headers):
            headers.append(("Content-Type", "application/json; charset=utf-8"))
        start_response(STATUS[status], headers + HEADERS + [("Content-Length", str(len(body)))])
        return [body]

    def respond(self, environ: dict) -> tuple[int, list, bytes]:
        if not host_allowed(environ.get("HTTP_HOST", ""), self.host, self.port):
            raise Refused(403, "地址不对：请用运行 serve 时显示的地址打开工作台")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if not self.token.given(environ, query):
            raise Refused(403, "请用运行 serve 时窗口里显示的完整地址（带 token）打开工作台")
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == PREFIX.rstrip("/"):
            return 303, [("Location", PREFIX)], b""
        if (
            "token" in query and method == "GET"
        ):  # from the printed address: keep it in a cookie, out of the URL
            return 303, [("Location", PREFIX), ("Set-Cookie", self.token.cookie())], b""
        rest = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
        if not rest.startswith("api/"):
            if method != "GET":
                raise Refused(405, "这个地址只能打开，不能提交")
            return self._static(rest or "index.html")
        name = rest[len("api/") :]
        if method == "GET" and name in self.reads:
            return 200, [], _json(self.reads[name](query))
        if method == "POST" and name in self.writes:
            if not same_origin(environ):
                raise Refused(403, "只能在工作台自己的页面里保存：请求来自别的网站，已拒绝")
            status, result = self.writes[name](environ, query)
            return status, [], _json(result)
        raise Refused(405 if name in self.reads or name in self.writes else 404, "没有这个操作")

    def _static(self, name: str) -> tuple[int, list, bytes]:
        known = {p.name: p for p in STATIC.iterdir() if p.is_file()} | {
            f"vendor/{p.name}": p for p in STATIC.joinpath("vendor").iterdir() if p.is_file()
        }
        if name not in known:
            raise Refused(404, "没有这个文件")
        suffix = "." + name.rsplit(".", 1)[-1]
        return (
            200,
            [("Content-Type", TYPES.get(suffix, "application/octet-stream"))],
            known[name].read_bytes(),
        )

    # --- reads -----------------------------------------------------------------------------------------
    def _todo(self, query: dict) -> dict:
        page = query.get("page", "1")
        return self.workspace.todo(int(page) if page.isdigit() else 1, query.get("q", "")[:100])

    def _find(self, query: dict) -> dict:
        return {"path": self.workspace.find(query.get("kind", ""), query.get("slug", ""))}

    def _open(self, query: dict) -> dict:
        opened = self.workspace.open(query.get("path", ""))
        kind, name = opened["path"].split("/")[:2]
        return opened | {"page": f"{self.site}{kind}/{name.removesuffix('.md')}/"}

    def _lists(self, query: dict) -> dict:
        return self.workspace.lists()

    def _history(self, query: dict) -> dict:
        rel = query.get("path", "")
        self.workspace.file(rel)
        return {"versions": self.workspace.history.versions(rel)}

    def _version(self, query: dict) -> dict:
        rel = query.get("path", "")
        self.workspace.file(rel)
        return {
            "text": self.workspace.history.read(rel, query.get("id", "")).decode(
                "utf-8", errors="replace"
            )
        }

    # --- writes ----------------------------------------------------------------------------------------
    def _check(self, environ: dict, query: dict) -> tuple[int, dict]:
        body = _body(environ)
        story = str(body.get("story", ""))
        checked = self.workspace.proposal(str(body.get("path", "")), _mapping(body), story)
        return 200, {
            "problems": checked.problems,
            "text": checked.text,
            "preview": self.workspace.render(story),
        }

    def _save(self, environ: dict, query: dict) -> tuple[int, dict]:
        body = _body(environ)
        return self.workspace.save(
            body.get("path", ""),
            _mapping(body),
            str(body.get("story", "")),
            str(body.get("digest", "")),
        )

    def _restore(self, environ: dict, query: dict) -> tuple[int, dict]:
        body = _body(environ)
        return self.workspace.restore(
            body.get("path", ""), str(body.get("version", "")), str(body.get("digest", ""))
        )

    def _new(self, environ: dict, query: dict) -> tuple[int, dict]:
        body = _body(environ)
        rel = self.workspace.new(
            str(body.get("kind", "")), str(body.get("name", "")), body.get("slug")
        )
        return 200, {"path": rel}

    def _upload(self, environ: dict, query: dict) -> tuple[int, dict]:
        kind = environ.get("CONTENT_TYPE", "")
        if not kind.startswith(
            ("image/jpeg", "image/png", "image/webp", "application/octet-stream")
        ):
            raise Refused(415, "只接受 JPG、PNG 或 WebP 照片")
        data = _read(environ, MAX_BYTES)
        rel = query.get("path", "")
        with self.workspace.lock:
            path = self.workspace.file(rel)
            if not path.is_file():
                raise Refused(404, "找不到这个展品文件，可能已被移动或删除")
            result = upload.store(
                self.workspace.config.exhibits_dir.resolve(), rel, path, query.get("name", ""), data
            )
            result["digest"] = digest(self.workspace.file(result["path"]).read_bytes())
        return 200, result

    def _roster(self, environ: dict, query: dict) -> tuple[int, dict]:
        """A union's roster uploaded: kept, then the import's dry run with the columns as the importer maps them."""
        upload_id = self.imports.keep(query.get("name", ""), _read(environ, sheet.MAX_BYTES))
        return 200, {"upload": upload_id} | self.imports.run(upload_id, {}, "", False, True)

    def _import(self, environ: dict, query: dict) -> tuple[int, dict]:
        """The dry run again with the curator's column mapping, or (confirm) the import itself."""
        body = _body(environ)
        confirm = body.get("confirm") is True
        with self.workspace.lock:
            result = self.imports.run(
                str(body.get("upload", "")),
                sheet.maps_of(body),
                str(body.get("register") or "")[:60],
                body.get("profiles") is True,
                dry_run=not confirm,
                keep=self.workspace.keep,
            )
        return (422 if "error" in result else 200), result


def _read(environ: dict, limit: int) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > limit:
        raise Refused(413, f"提交的内容太大（上限 {limit // 1024 // 1024} MB）")
    return environ["wsgi.input"].read(length)


def _body(environ: dict) -> dict:
    if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
        raise Refused(415, "提交的内容格式不对")
    try:
        body = json.loads(_read(environ, MAX_JSON))
    except (ValueError, RecursionError):
        raise Refused(400, "提交的内容格式不对") from None
    if not isinstance(body, dict):
        raise Refused(400, "提交的内容格式不对")
    return body


def _mapping(body: dict) -> dict:
    data = body.get("data")
    if not isinstance(data, dict):
        raise Refused(400, "提交的内容格式不对")
    return data


def _code_of(refused: Refused) -> dict:
    return (
        {"code": refused.code, "hint": refused.hint}
        if isinstance(refused, upload.PhotoRefused)
        else {}
    )


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
