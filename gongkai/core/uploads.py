"""Uploaded files are trusted by their content, never by their name or declared type."""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "jpeg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
    "gif": ("image/gif", ".gif"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ofd": ("application/ofd", ".ofd"),
    "ole": ("application/octet-stream", ".doc"),  # legacy DOC/XLS (OLE2 compound file); named by extension
}
KIND_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "docx": "DOCX", "xlsx": "XLSX",
               "ofd": "OFD", "ole": "DOC/XLS"}
ALLOWED_LABEL = "PDF、JPEG、PNG、DOCX"


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str
    extension: str


def sniff(upload) -> str | None:
    """The real kind of a file from its first bytes (and, for DOCX, its zip directory)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
        if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
    return None


def check_upload(upload, *, max_bytes: int = MAX_UPLOAD_BYTES, allowed=("pdf", "jpeg", "png", "docx")) -> Sniffed:
    name = getattr(upload, "name", "文件")
    if upload.size > max_bytes:
        raise ValidationError(f"文件“{name}”超过 {max_bytes // (1024 * 1024)} MB 的上限。")
    if upload.size == 0:
        raise ValidationError(f"文件“{name}”是空文件。")
    kind = sniff(upload)
    if kind is None or kind not in allowed:
        label = "、".join(KIND_LABELS[k] for k in allowed)
        raise ValidationError(f"文件“{name}”的实际内容不是允许的类型（仅限 {label}）。")
    content_type, extension = KINDS[kind]
    if kind == "ole":
        # An OLE2 file is a DOC or an XLS; keep the uploader's extension when it is one of those.
        lower = str(name).lower()
        extension = ".xls" if lower.endswith(".xls") else ".doc"
        content_type = "application/vnd.ms-excel" if extension == ".xls" else "application/msword"
    return Sniffed(kind, content_type, extension)
