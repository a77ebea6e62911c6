"""Every kind of PDF the platform makes opens in any reader without repair (DESIGN.md §6,
"valid documents"): the real qpdf and poppler check the platform's own files, in French and
Arabic. Each file passes `qpdf --check` with no warning; `pdfinfo`, `pdffonts` and
`pdftotext` say nothing on stderr (poppler reports a rebuilt cross-reference table there);
every font is embedded; the file has a title, a creation date and a language (/Lang).
"""

import html
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from bench.certificates_bench import certificates as bench_certificates
from coaching.models import PitchDeck
from coaching.services_projects import canvas_save, deck_request, plan_save
from monitoring.services.committee_report import monthly_report_generate
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user
from tests.monitoring.test_committee_report import JUNE, programme  # noqa: F401 - the shared fixture
from tests.monitoring.test_dashboard_panels import TODAY, activity  # noqa: F401 - the shared fixture
from tests.prizes.test_exports import _scored_edition
from tests.projects.factories import worked_example
from training.certificate_pdf import (
    CertificateFacts,
    PhaseFacts,
    render_certificate_document,
    render_certificates,
)

PROGRAMS = ("qpdf", "pdfinfo", "pdffonts", "pdftotext")


@pytest.fixture(autouse=True)
def _programs():
    """Skipped, visibly, where qpdf or poppler is missing; CI requires them (`.ci/run`)."""
    missing = [p for p in PROGRAMS if shutil.which(p) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (Debian: qpdf, poppler-utils; `make install`)"
        if os.environ.get("ODCO_REQUIRE_PDF_TOOLS"):
            pytest.fail(f"required (ODCO_REQUIRE_PDF_TOOLS=1): {message}")
        pytest.skip(message)


PHASE = PhaseFacts(prize_fr="Prix « Lalla Al Moutaâouina »", prize_ar="جائزة للا المتعاونة", year=2025)


@dataclass
class Checked:
    info: dict[str, str]
    fonts: list[list[str]]
    text: str
    layout: str
    lang: str


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def check_pdf(content: bytes, tmp_path: Path, name: str = "file") -> Checked:
    """Run the real programs on `content`; fail on any complaint. Returns what they read."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    qpdf = _run("qpdf", "--check", str(path))
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    assert "WARNING" not in (qpdf.stdout + qpdf.stderr).upper(), qpdf.stdout + qpdf.stderr
    results = {tool: _run(tool, str(path)) for tool in ("pdfinfo", "pdffonts")}
    text = _run("pdftotext", str(path), "-")
    layout = _run("pdftotext", "-layout", str(path), "-")
    for tool, done in (*results.items(), ("pdftotext", text), ("pdftotext -layout", layout)):
        assert (done.returncode, done.stderr) == (0, ""), (tool, done.stderr)
    info = {
        key.strip(): value.strip()
        for key, value in (
            line.split(":", 1) for line in results["pdfinfo"].stdout.splitlines() if ":" in line
        )
    }
    fonts = [line.split() for line in results["pdffonts"].stdout.splitlines()[2:]]
    assert fonts, "no font at all"
    for row in fonts:
        # name type [type…] encoding emb sub uni object-id gen: emb is the 5th field from the end
        assert row[-5] == "yes", f"font not embedded: {' '.join(row)}"
    assert info.get("Title"), info
    assert info.get("CreationDate"), info
    reader = PdfReader(io.BytesIO(content))
    lang = str(reader.trailer["/Root"].get("/Lang", ""))
    return Checked(info=info, fonts=fonts, text=text.stdout, layout=layout.stdout, lang=lang)


def _facts(**changes) -> CertificateFacts:
    facts = bench_certificates(1)[0]
    return CertificateFacts(**{**facts.__dict__, **changes})


def test_batch_certificates_are_valid_with_embedded_fonts(tmp_path):
    batch = [
        _facts(holder_name="Fatima Ait Ali", code="AAAA2222BB"),
        _facts(holder_name="Aïcha Ouhammou-Benali", code="CCCC3333DD", cooperative_ar=""),
        _facts(holder_name="خديجة أمزيل", code="EEEE4444FF"),
    ]
    files = render_certificates(PHASE, batch)

    for number, (facts, content) in enumerate(zip(batch, files, strict=True)):
        checked = check_pdf(content, tmp_path, f"certificate-{number}")
        assert checked.lang == "fr"
        assert facts.holder_name in checked.info["Title"]
        assert all("Helvetica" not in row[0] for row in checked.fonts)
        assert facts.code in checked.text and facts.verify_url in checked.text
    assert "Aïcha Ouhammou-Benali" in check_pdf(files[1], tmp_path).text
    # An Arabic name is shaped by WeasyPrint (a snippet), and reads back as typed.
    assert "خديجة أمزيل" in check_pdf(files[2], tmp_path).text
    # A French name in the Arabic column (no Arabic name) is still drawn left to right.
    assert check_pdf(files[1], tmp_path).layout.count("Coopérative Féminine Tifawine 0") == 2


@pytest.mark.django_db
def test_certificates_issued_by_the_batch_service_are_valid(tmp_path):
    from tests.training.factories import coordinator
    from tests.training.test_certificates import _phase_with_four_sessions
    from training.models import Certificate
    from training.services import certificate_batch_issue

    phase, *_ = _phase_with_four_sessions()
    certificate_batch_issue(actor=coordinator(), phase=phase)
    certificates = list(Certificate.objects.filter(phase=phase).order_by("pk"))
    assert len(certificates) == 2
    for certificate in certificates:
        with certificate.pdf.open("rb") as stored:
            checked = check_pdf(stored.read(), tmp_path, certificate.code)
        assert certificate.holder_name in checked.info["Title"] and certificate.code in checked.text


def test_the_single_certificate_document_is_valid(tmp_path):
    checked = check_pdf(render_certificate_document(PHASE, _facts(holder_name="Zineb Tazi")), tmp_path)
    assert checked.lang == "fr" and "Zineb Tazi" in checked.text


@time_machine.travel(TODAY, tick=False)
def test_the_committee_report_is_valid_and_its_chart_labels_are_whole(world, programme, tmp_path):  # noqa: F811
    report = monthly_report_generate(month=JUNE)
    with report.file.open("rb") as handle:
        checked = check_pdf(handle.read(), tmp_path)
    assert checked.lang == "fr"
    text = re.sub(r"\s+", " ", checked.text)
    # The funnel's label, in its chart and its table, whole each time (the chart cut it).
    assert text.count("2025 Prix « Lalla Al Moutaâouina »") == 2
    assert text.count("Moutaâouina") == text.count("Moutaâ")


@pytest.fixture
def deck_cooperative():
    return CooperativeFactory(name_fr="Coopérative Tifawin", name_ar="تعاونية تيفاوين")


@pytest.mark.django_db
def test_the_pitch_deck_is_valid(deck_cooperative, django_capture_on_commit_callbacks, tmp_path):
    member = make_user("cooperative", cooperative=deck_cooperative)
    canvas_save(
        actor=member,
        cooperative=deck_cooperative,
        language="fr",
        blocks={"value_propositions": "Huile pressée à froid, traçable.", "channels": "Salons"},
    )
    plan_save(actor=member, cooperative=deck_cooperative, inputs=worked_example())
    with django_capture_on_commit_callbacks(execute=True):
        job = deck_request(actor=member, cooperative=deck_cooperative)
    deck = PitchDeck.objects.get(job_id=job.pk)
    with deck.file.open("rb") as handle:
        content = handle.read()
    checked = check_pdf(content, tmp_path)
    assert checked.lang == "fr"
    assert "Coopérative Tifawin" in checked.info["Title"]
    # The French canvas text in the Arabic part keeps its full stop on its right.
    arabic_part = checked.layout.split("\f")[4:]
    assert any("froid, traçable." in page for page in arabic_part)
    assert ".Huile" not in checked.layout
    # The Arabic legend: room for each colour key between two names (they used to overlap).
    with translation.override("ar"):
        names = [gettext("Revenue"), gettext("Costs"), gettext("Margin")]
    words = _words(content, tmp_path)
    legend_y = max(w[2] for w in words if w[0] == names[1])  # the last chart with a legend
    boxes = []
    for name in names:
        parts = [w for w in words if w[0] in name.split() and abs(w[2] - legend_y) < 1]
        assert len(parts) == len(name.split()), (name, parts)
        boxes.append((min(w[1] for w in parts), max(w[3] for w in parts)))
    boxes.sort()
    for (_start, end), (start, _end) in zip(boxes, boxes[1:], strict=False):
        assert start - end >= 12, boxes


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_concept_note_is_valid(world, client, language, tmp_path):
    from tests.prizes.permission_rows import _validated_phase

    phase = _validated_phase(world)
    client.force_login(world.users["staff"])
    client.cookies["django_language"] = language
    response = client.get(reverse("prizes:concept_note_pdf", args=[phase.pk]))
    assert response.status_code == 200
    checked = check_pdf(response.content, tmp_path)
    assert checked.lang == language and str(phase.edition.year) in checked.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_results_and_the_timeline_are_valid(client, language, tmp_path):
    edition, _first, second, _criteria = _scored_edition()
    second.cooperative.name_fr, second.cooperative.name_ar = "Coopérative Al Amal.", ""
    second.cooperative.save()
    client.force_login(make_user(Role.STAFF))
    client.cookies["django_language"] = language

    results = client.get(reverse("prizes:ranking_pdf", args=[edition.pk]))
    timeline = client.get(reverse("prizes:timeline_pdf") + f"?year={edition.year}")

    assert (results.status_code, timeline.status_code) == (200, 200)
    checked = check_pdf(results.content, tmp_path, "results")
    assert checked.lang == language
    assert str(edition.year) in checked.info["Title"] and "80" in checked.text
    # A French name in the Arabic table keeps its full stop on its right.
    assert "Amal." in checked.text and ".Coop" not in checked.text
    assert check_pdf(timeline.content, tmp_path, "timeline").lang == language


def _words(content: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    """The words poppler reads, with their boxes (text, x min, y min, x max, y max)."""
    path = tmp_path / "words.pdf"
    path.write_bytes(content)
    done = _run("pdftotext", "-bbox", str(path), "-")
    assert (done.returncode, done.stderr) == (0, "")
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', done.stdout
    )
    return [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def _overlap(one, other) -> bool:
    return (
        one[1] < other[3] - 0.5
        and other[1] < one[3] - 0.5
        and one[2] < other[4] - 0.5
        and other[2] < one[4] - 0.5
    )


CHART_LABELS = {
    "fr": ["2025 Prix « Lalla Al Moutaâouina »", "Laâyoune-Sakia El Hamra", "Dakhla-Oued Ed-Dahab"],
    "ar": ["2025 جائزة للا المتعاونة", "العيون الساقية الحمراء", "Laâyoune-Sakia El Hamra"],
}
SERIES = {"fr": ["Chiffre d'affaires", "Coûts", "Marge"], "ar": ["رقم المعاملات", "التكاليف", "الهامش"]}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_chart_labels_are_whole_inside_the_page_and_legends_do_not_overlap(language, tmp_path):
    from odco.charts import bar_chart, line_chart, tile_map
    from odco.pdf import render_html_pdf

    names = SERIES[language]
    bars = bar_chart(
        key="k", title="t", labels=CHART_LABELS[language], series=[(n, [120, 80000, 3]) for n in names]
    )
    tiles = tile_map(
        key="m",
        title="m",
        measure="n",
        tiles=[("11", CHART_LABELS[language][1], 3), ("12", "Dakhla-Oued Ed-Dahab", 1)],
    )
    line = line_chart(
        key="l", title="l", x_labels=["T1 2025", "T2 2025"], series=[(n, [1, 2]) for n in names]
    )
    direction = "rtl" if language == "ar" else "ltr"
    # As the deck and the report place them: full width, in a left-to-right box.
    page = (
        f'<html lang="{language}" dir="{direction}"><head><title>Charts</title>'
        "<style>body { font-family: Amiri, 'DejaVu Sans' } svg { width: 100%; height: auto }"
        " .map { width: 60mm }</style></head>"
        f'<body><p>{names[0]}</p><div dir="ltr">{bars.svg}</div><div dir="ltr">{line.svg}</div>'
        f'<div dir="ltr" class="map">{tiles.svg}</div></body></html>'
    )
    content = render_html_pdf(page)
    checked = check_pdf(content, tmp_path)
    words = _words(content, tmp_path)
    width = float(checked.info["Page size"].split()[0])
    assert all(w[1] >= 0 and w[3] <= width for w in words), [w for w in words if w[1] < 0 or w[3] > width]
    text = [w[0] for w in words]
    for label in CHART_LABELS[language]:
        for word in label.split():
            assert word in text, (label, word)
    # The region's name in its tile too, on as many lines as it needs (it was cut at 14 letters).
    joined = " ".join(text)
    assert all(joined.count(word) >= 2 for word in re.split(r"[\s-]+", CHART_LABELS[language][1])), joined
    # The legends (under each chart) name every series, and no two names run into each other.
    legend = [w for w in words if any(w[0] in n.split() for n in names)]
    for name in names:
        assert all(text.count(word) >= 2 for word in name.split()), name
    for i, one in enumerate(legend):
        for other in legend[i + 1 :]:
            assert not _overlap(one, other), (one, other)
