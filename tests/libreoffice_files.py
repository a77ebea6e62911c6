"""Files as LibreOffice writes them: the real `soffice --headless --convert-to`, at test time.

`convert(tmp_path, source_name, data, target)` writes `data` to `source_name` in `tmp_path`,
runs LibreOffice (a profile of its own, so that parallel runs do not clash) and returns the
bytes of the converted file. `target` is what `--convert-to` takes: "ods", "xlsx", or
`csv:"Text - txt - csv (StarCalc)":<options>` through `csv_filter(...)`. A CSV source is read
as UTF-8, comma-separated, with LibreOffice's own detection of numbers and dates. Tests using
it are skipped, saying why, only when LibreOffice is not installed, and never in CI (CI=true).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Skipped on a machine without LibreOffice, never in CI (`make install` installs it there).
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)

UTF8, UTF16 = 76, 65535  # LibreOffice's character set tokens
UNKNOWN_CHARSET = 9999  # a token it does not know: it writes each code point's low byte


def csv_filter(*, delimiter: str = ",", charset: int = UTF8) -> str:
    """The `--convert-to` argument for a CSV with `delimiter`, quotes and `charset`."""
    return f"csv:Text - txt - csv (StarCalc):{ord(delimiter)},34,{charset}"


def convert(tmp_path: Path, source_name: str, data: bytes, target: str) -> bytes:
    work = tmp_path / f"lo-{abs(hash((source_name, target))) % 10**8}"
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    source = work / source_name
    source.write_bytes(data)
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{work / 'profile'}",
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        str(source),
    ]
    if source_name.endswith(".csv"):
        command[3:3] = ["--infilter=CSV:44,34,76,1"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603
    produced = [p for p in out.iterdir() if p.is_file()]
    assert len(produced) == 1, produced
    return produced[0].read_bytes()
