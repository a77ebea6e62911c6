"""The real LibreOffice, headless, for the tests that open the platform's files with it.

Each conversion runs with its own user profile (two `soffice` processes sharing one clash).
A CSV is opened as people open the platform's CSV: UTF-8, the delimiter the file uses.
"""

import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Skipped on a machine without LibreOffice, never in CI (`make install` installs it there).
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed here"
)

# Output filters: CSV comma-separated, quoted with ", in UTF-8 (76), the first line a header.
TARGETS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "ods": "ods:calc8",
    "csv": "csv:Text - txt - csv (StarCalc):44,34,76,1",
}


def convert(source: Path, target: str, outdir: Path) -> Path:
    """Open `source` in LibreOffice and save it as `target` (xlsx, ods or csv) in `outdir`."""
    assert SOFFICE, "LibreOffice (soffice) is required in CI: `make install` installs it"
    profile = Path("/tmp") / f"lo-odco-test-{uuid.uuid4().hex}"
    command = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless"]
    if source.suffix == ".csv":
        delimiter = ";" if b";" in source.read_bytes().splitlines()[0] else ","
        command.append(f"--infilter=CSV:{ord(delimiter)},34,76,1")
    command += ["--convert-to", TARGETS[target], "--outdir", str(outdir), str(source)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    result = outdir / f"{source.stem}.{target}"
    assert result.exists(), f"LibreOffice wrote no {result.name}"
    return result


def ods_content(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("content.xml").decode("utf-8")


def ods_cells(path: Path) -> list[tuple[str, str]]:
    """Every non-empty cell of an ODS file as (value type, text)."""
    content = ods_content(path)
    cells = []
    for match in re.finditer(
        r'<table:table-cell[^>]*office:value-type="(\w+)"[^>]*>(.*?)</table:table-cell>', content, re.S
    ):
        text = re.sub(r"<[^>]+>", "", match.group(2))
        cells.append((match.group(1), _unescape(text)))
    return cells


def _unescape(text: str) -> str:
    return (
        text.replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )
