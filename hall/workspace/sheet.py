"""A union's roster imported in the browser: the file uploaded, checked by its content and kept under
.cache/workspace/import/, then `hall import` itself (hall.registers.importer) run on it, first as a dry run with
the columns as the importer maps them (a curator may map a column otherwise), then for real once confirmed.
The dry run's words are the command's own; the file's name in them is the name it was uploaded with."""

from __future__ import annotations

import re
import secrets
import shutil
import time
import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

from hall.files import write_whole
from hall.model import codes
from hall.model.config import HallConfig
from hall.registers import importer
from hall.registers.tables import HEADER_OF, HEADERS, RegisterError, decode
from hall.workspace.guards import Refused

MAX_BYTES = 10 * 1024 * 1024  # a county's roster of thousands of rows is a few hundred kB
MAX_UNPACKED = (
    200 * 1024 * 1024
)  # an .xlsx is a zip: more than this unpacked is a zip bomb, not a roster
KEPT_SECONDS = 24 * 3600
UPLOAD_ID = re.compile(r"[A-Za-z0-9_-]{16,40}")
ROW = re.compile(r"^(?P<file>.+?):(?P<row>\d+): (?P<text>.+)$")
DROPPED = {"private": "含个人信息，已丢弃", "ignored": "不导入", "empty": "空列"}


def kind_of(data: bytes) -> str:
    """The file's type by its content: "xlsx", "xls" (Excel 97–2003, for the importer to explain) or "csv"."""
    if len(data) > MAX_BYTES:
        raise Refused(413, f"名单文件太大（上限 {MAX_BYTES // 1024 // 1024} MB）")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as book:
                names = {i.filename for i in book.infolist()}
                unpacked = sum(i.file_size for i in book.infolist())
        except (zipfile.BadZipFile, ValueError):
            names, unpacked = set(), 0
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            raise Refused(415, "这不是 Excel 工作簿（.xlsx）：" + codes.E701_IMPORT.hint)
        if unpacked > MAX_UNPACKED:
            raise Refused(
                413, "这个工作簿解压后过大，可能是异常文件：请在 Excel 中重新保存后再导入"
            )
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    try:
        text, _ = decode(data, codes.E701_IMPORT)
    except RegisterError as exc:
        raise Refused(415, f"{exc.code} {exc.message}（{exc.hint}）") from None
    if "\0" in text or not text.strip():
        raise Refused(415, "这不是文字的 CSV 名单：" + codes.E701_IMPORT.hint)
    return "csv"


def safe_stem(name: str) -> str:
    """The uploaded file's own name, kept for the register's name and the import's source title."""
    stem = unicodedata.normalize("NFKC", Path(name.replace("\\", "/")).stem)
    stem = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "", stem).strip(" .")[:60]
    return stem or "名单"


class Imports:
    """The rosters uploaded by the workspace, each in a folder of its own named by a random id."""

    def __init__(self, config: HallConfig):
        self.config = config
        self.folder = config.root / ".cache" / "workspace" / "import"

    def keep(self, name: str, data: bytes) -> str:
        """A roster uploaded, in a folder of its own: two curators importing at once each keep theirs. Uploads
        older than a day go (an import is confirmed minutes after its dry run)."""
        suffix = kind_of(data)
        upload = secrets.token_urlsafe(18)
        old = time.time() - KEPT_SECONDS
        for folder in self.folder.iterdir() if self.folder.is_dir() else []:
            if folder.stat().st_mtime < old:
                shutil.rmtree(folder, ignore_errors=True)
        write_whole(self.folder / upload / f"{safe_stem(name)}.{suffix}", data)
        return upload

    def file(self, upload: str) -> Path:
        folder = self.folder / upload
        found = sorted(folder.iterdir()) if UPLOAD_ID.fullmatch(upload) and folder.is_dir() else []
        if not found:
            raise Refused(404, "找不到上传的名单：请重新上传")
        return found[0]

    def run(
        self, upload: str, maps: dict, register: str, profiles: bool, dry_run: bool, keep=None
    ) -> dict:
        """`hall import` on the uploaded file: its messages, the columns as mapped, the rows with errors.
        `keep(path, data)` is given each file's previous bytes before the import replaces it."""
        path = self.file(upload)
        written = [f"{header}={field or '忽略'}" for header, field in maps.items()]
        lines: list[str] = []
        try:
            code = importer.run_import(
                self.config,
                path,
                register=register.strip() or None,
                maps=written,
                profiles=profiles,
                dry_run=dry_run,
                keep=keep,
                say=lambda text: lines.extend(text.replace(str(path), path.name).splitlines()),
            )
        except importer.UsageError as exc:
            return {"error": str(exc).replace(str(path), path.name)}
        return {
            "name": path.name,
            "code": code,
            "lines": lines,
            "rows": [m.groupdict() for line in lines if (m := ROW.match(line))],
            "columns": self.columns(path, written),
            "fields": [[f, h] for f, h in HEADER_OF.items()],
            "register": importer.register_name(path, register.strip() or None),
            "written": not dry_run,
        }

    def columns(self, path: Path, maps: list[str]) -> list[dict]:
        """Each column of the file with the field it goes to, or why it does not (the importer's own plan)."""
        try:
            rows, _ = importer.read_rows(path)
            user_maps = importer.parse_maps(maps)
            at = importer.find_header(rows, user_maps)
            if at < 0:
                return []
            data = [cells for _, cells in rows[at + 1 :]]
            planned = importer.plan_columns(rows[at][1], data, user_maps)
        except (importer.UsageError, RegisterError):
            return []
        return [
            {
                "letter": importer.column_letter(c.index),
                "header": c.header,
                "field": c.field or "",
                "why": DROPPED.get(c.dropped, c.dropped),
                "private": c.dropped == "private",
            }
            for c in planned
        ]


def maps_of(body: dict) -> dict[str, str]:
    """The curator's column mapping: {header as in the file: a register field, or "" to leave it out}."""
    maps = body.get("maps") or {}
    if not isinstance(maps, dict) or len(maps) > 200:
        raise Refused(400, "提交的内容格式不对")
    fields = set(HEADER_OF)
    out = {}
    for header, field in maps.items():
        if not isinstance(header, str) or not isinstance(field, str) or "=" in header:
            raise Refused(400, "提交的内容格式不对")
        if field and field not in fields:
            raise Refused(400, f"不认识的字段“{field}”：可用 " + "、".join(HEADERS))
        out[header] = HEADER_OF[field] if field else ""
    return out
