#!/usr/bin/env python
"""Fail if the French or Arabic catalogue misses or leaves fuzzy any string of the source.

Re-extracts the messages (makemessages) into the catalogues, counts what is untranslated
or fuzzy, lists it, then puts the committed catalogues back as they were.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ["fr", "ar"]
IGNORE = [".venv", "node_modules", "var", "tests", "bench"]


def main() -> int:
    backup = Path(tempfile.mkdtemp()) / "locale"
    shutil.copytree(LOCALE, backup)
    problems = []
    try:
        args = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
        args += [f"-l{lang}" for lang in LANGUAGES] + [f"--ignore={i}" for i in IGNORE]
        subprocess.run(args, cwd=ROOT, check=True)
        for lang in LANGUAGES:
            po = LOCALE / lang / "LC_MESSAGES" / "django.po"
            for flag, label in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
                out = subprocess.run(
                    ["msgattrib", flag, "--no-wrap", "--no-location", str(po)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                ids = [
                    line[7:-1]
                    for line in out.splitlines()
                    if line.startswith('msgid "') and line != 'msgid ""'
                ]
                problems += [f"{lang}: {label}: {msgid}" for msgid in ids]
    finally:
        shutil.rmtree(LOCALE)
        shutil.copytree(backup, LOCALE)
    if problems:
        print("Catalogues incomplete (run `make messages`, then translate):", file=sys.stderr)
        print("\n".join(problems[:200]), file=sys.stderr)
        print(f"{len(problems)} message(s) to translate", file=sys.stderr)
        return 1
    print("catalogues: French and Arabic complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
