"""Certificates benchmark (DESIGN.md §6): 1,000 PDFs in under 30 s, at least 30× the
per-document WeasyPrint baseline, measured side by side in the same run.

    .venv/bin/python -m bench.certificates_bench

1. `training.certificate_pdf.render_certificates` renders BENCH_CERTIFICATES certificates
   (default 1,000) in one pass and splits them into one file each: the batch task's path.
2. `render_certificate_document` renders a sample of BENCH_BASELINE_SAMPLE certificates
   (default 10) as one complete WeasyPrint document each: the baseline, per document.

3. A sample of the batch's files (BENCH_VALID_SAMPLE, default 20, spread over the batch) goes
   through `qpdf --check`, `pdfinfo` and `pdffonts` (DESIGN.md §6, valid documents): no warning,
   nothing on stderr, every font embedded, a title and a creation date.

The certificates look like a real batch: holders from about three hundred cooperatives in the
twelve regions, with French and Arabic names. No database is needed. Prints a table and
merges `certificates` into `bench/results.json` (other keys are kept).
"""

import json
import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent
COUNT = int(os.environ.get("BENCH_CERTIFICATES", 1000))
SAMPLE = int(os.environ.get("BENCH_BASELINE_SAMPLE", 10))
VALID_SAMPLE = int(os.environ.get("BENCH_VALID_SAMPLE", 20))

REGIONS = [
    ("Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة"),
    ("L'Oriental", "الشرق"),
    ("Fès-Meknès", "فاس مكناس"),
    ("Rabat-Salé-Kénitra", "الرباط سلا القنيطرة"),
    ("Béni Mellal-Khénifra", "بني ملال خنيفرة"),
    ("Casablanca-Settat", "الدار البيضاء سطات"),
    ("Marrakech-Safi", "مراكش آسفي"),
    ("Drâa-Tafilalet", "درعة تافيلالت"),
    ("Souss-Massa", "سوس ماسة"),
    ("Guelmim-Oued Noun", "كلميم واد نون"),
    ("Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء"),
    ("Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب"),
]
FIRST = ["Fatima", "Aïcha", "Khadija", "Zineb", "Hajar", "Meryem", "Salma", "Nadia", "Imane", "Houda"]
LAST = ["Ait Ali", "Ouhammou", "Benali", "Amzil", "Bouzid", "El Idrissi", "Tazi", "Berrada"]
WORDS = [
    ("Tifawine", "تيفاوين"),
    ("Al Amal", "الأمل"),
    ("Nour", "النور"),
    ("Al Baraka", "البركة"),
    ("Tiwizi", "تويزي"),
]


def certificates(count: int):
    from training.certificate_pdf import CertificateFacts
    from training.models_kit import new_certificate_code

    facts = []
    for i in range(count):
        region_fr, region_ar = REGIONS[i % len(REGIONS)]
        cooperative = i // 3  # about three participants per cooperative
        word_fr, word_ar = WORDS[cooperative % len(WORDS)]
        code = new_certificate_code()
        first_day = date(2025, 5, 5) + timedelta(days=i % 20)
        facts.append(
            CertificateFacts(
                code=code,
                holder_name=f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}",
                cooperative_fr=f"Coopérative Féminine {word_fr} {cooperative}",
                cooperative_ar=f"التعاونية النسوية {word_ar} {cooperative}",
                region_fr=region_fr,
                region_ar=region_ar,
                first_day=first_day,
                last_day=first_day + timedelta(days=14),
                hours=Decimal("24.0"),
                issued_on=date(2025, 7, 1),
                verify_url=f"https://odco.example.ma/verify/{code}/",
            )
        )
    return facts


def invalid_files(files: list[bytes], sample: int) -> list[str]:
    """What qpdf and poppler say about a sample of `files` (empty: all valid)."""
    import shutil
    import subprocess
    import tempfile

    if any(shutil.which(tool) is None for tool in ("qpdf", "pdfinfo", "pdffonts")):
        return ["qpdf or poppler-utils is not installed"]
    problems = []
    step = max(1, len(files) // max(sample, 1))
    with tempfile.TemporaryDirectory() as folder:
        for index in range(0, len(files), step)[:sample]:
            path = Path(folder) / f"{index}.pdf"
            path.write_bytes(files[index])
            runs = {
                tool: subprocess.run([*tool.split(), str(path)], capture_output=True, text=True, check=False)
                for tool in ("qpdf --check", "pdfinfo", "pdffonts")
            }
            for tool, done in runs.items():
                if done.returncode or done.stderr or "WARNING" in done.stdout:
                    problems.append(f"file {index}: {tool}: {(done.stderr or done.stdout).strip()[:200]}")
            fonts = [line.split() for line in runs["pdffonts"].stdout.splitlines()[2:]]
            problems += [f"file {index}: font not embedded: {row[0]}" for row in fonts if row[-5] != "yes"]
            info = runs["pdfinfo"].stdout
            problems += [f"file {index}: no {key}" for key in ("Title:", "CreationDate:") if key not in info]
    return problems


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odco.settings.base")
    sys.path.insert(0, str(ROOT.parent))
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from prizes.models import Prize  # noqa: F401  (the apps are ready)
    from training.certificate_pdf import PhaseFacts, render_certificate_document, render_certificates

    phase = PhaseFacts(prize_fr="Prix « Lalla Al Moutaâouina »", prize_ar="جائزة للا المتعاونة", year=2025)
    batch = certificates(COUNT)

    # Warm-up outside the measures: font discovery happens once per process in both cases.
    render_certificate_document(phase, batch[0])

    started = time.perf_counter()
    files = render_certificates(phase, batch)
    seconds = time.perf_counter() - started
    if len(files) != COUNT or not all(f.startswith(b"%PDF") for f in files):
        raise SystemExit("the batch did not produce one PDF per certificate")

    started = time.perf_counter()
    for facts in batch[:SAMPLE]:
        render_certificate_document(phase, facts)
    baseline = (time.perf_counter() - started) / SAMPLE

    ratio = baseline * COUNT / seconds
    problems = invalid_files(files, VALID_SAMPLE)
    result = {
        "count": COUNT,
        "seconds": round(seconds, 3),
        "baseline_seconds_per_document": round(baseline, 4),
        "baseline_sample": SAMPLE,
        "ratio": round(ratio, 1),
        "bytes_per_file": sum(len(f) for f in files) // len(files),
        "valid_sample": min(VALID_SAMPLE, COUNT),
        "valid": not problems,
    }
    results_path = ROOT / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["certificates"] = result
    results_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")

    rows = [
        ("what", "certificates", "seconds", "per certificate"),
        ("one pass, assembled per file", f"{COUNT:,}", f"{seconds:.2f}", f"{1000 * seconds / COUNT:.1f} ms"),
        (
            "one document each (sample)",
            f"{SAMPLE:,}",
            f"{baseline * SAMPLE:.2f}",
            f"{1000 * baseline:.1f} ms",
        ),
        ("one document each (estimated)", f"{COUNT:,}", f"{baseline * COUNT:.1f}", ""),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"ratio: {ratio:.1f}× (budget: under 30 s and at least 30×)")
    sampled = min(VALID_SAMPLE, COUNT)
    failing = len({problem.split(":")[0] for problem in problems})
    print(f"valid: {sampled - failing} of {sampled} sampled files pass qpdf and poppler without a complaint")
    for problem in problems:
        print(f"  {problem}")
    print(f"written to {results_path.relative_to(ROOT.parent)}")
    return 0 if seconds < 30 and ratio >= 30 and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
