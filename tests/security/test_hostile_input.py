"""Property-based tests (Hypothesis) of the import parsers and of every form: random and
hostile input (binary junk, huge cells, scripts, right-to-left overrides, mixed encodings,
formulas) gives a clear error and writes nothing."""

import csv
import importlib
import inspect
import io

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperatives.import_writing import ImportRefused, import_file
from cooperatives.importing import COLUMN_NAMES
from cooperatives.models import Cooperative
from cooperatives.selectors import filter_choices
from odco.audit.models import AuditEntry
from prizes import importing as candidacy_importing
from prizes.models import Candidacy, Edition
from tests.factories import make_user

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "\u202eevil.exe\u202c",  # right-to-left override
    "\u2066\u2067\u2068",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "'; DROP TABLE cooperatives_cooperative; --",
    "x" * 5000,
    "\x00\x01\x02",
    "تعاونية\u200fالأمل",
    "Coopérative Aït",
    "",
]
cells = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60), st.integers().map(str))
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def csv_file(header, rows, encoding) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


files = st.one_of(
    st.binary(max_size=2000),
    st.builds(
        csv_file,
        st.just(list(COLUMN_NAMES)),
        st.lists(
            st.lists(cells, min_size=len(COLUMN_NAMES), max_size=len(COLUMN_NAMES)), min_size=1, max_size=6
        ),
        st.sampled_from(["utf-8", "cp1256", "cp1252", "utf-16"]),
    ),
    st.builds(
        csv_file,
        st.lists(cells, min_size=1, max_size=5),
        st.lists(st.lists(cells, max_size=5), max_size=4),
        st.sampled_from(["utf-8", "cp1252"]),
    ),
)
names = st.sampled_from(["list.csv", "list.xlsx", "list.CSV", "list.txt", "list"])


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY"))
        and "jobs_job" not in q["sql"]
    ]


@given(data=files, name=names)
@EXAMPLES
def test_the_registry_import_refuses_hostile_files_with_a_message_and_writes_nothing(data, name):
    user = make_user("staff")
    before = (Cooperative.objects.count(), AuditEntry.objects.count())
    try:
        import_file(data, name, user=user)
    except ImportRefused as refused:
        errors = refused.report.errors
        assert errors, "a refusal names at least one error"
        assert all(issue.message.strip() and str(issue).strip() for issue in errors)
        assert (Cooperative.objects.count(), AuditEntry.objects.count()) == before
    else:  # accepted only when every row is a valid cooperative
        assert Cooperative.objects.count() >= before[0]


@given(data=files, name=names)
@EXAMPLES
def test_the_candidacy_import_refuses_hostile_files_with_a_message_and_writes_nothing(data, name):
    from tests.prizes.factories import make_edition

    edition = Edition.objects.first() or make_edition()
    user = make_user("staff")
    before = (Candidacy.objects.count(), AuditEntry.objects.count())
    try:
        candidacy_importing.import_candidacies(data, name, edition=edition, user=user)
    except candidacy_importing.ImportRefused as refused:
        assert refused.report.errors
        assert all(str(issue).strip() for issue in refused.report.errors)
        assert (Candidacy.objects.count(), AuditEntry.objects.count()) == before
    else:
        pytest.fail("a hostile file was accepted")


# --- Every form of the apps ----------------------------------------------------------------

FORM_MODULES = [
    "cooperatives.forms",
    "prizes.forms",
    "training.forms",
    "coaching.forms",
    "mentoring.forms",
    "monitoring.forms",
]


def every_form() -> list[type]:
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _attr, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == name:
                found.append(value)
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__name__}")


def context_kwargs():
    """Values for the forms' keyword-only context (an edition, its criteria, the regions…)."""
    from odco.regions.models import Region
    from prizes.models import Phase
    from tests.prizes.factories import make_edition

    edition = Edition.objects.first() or make_edition()
    return {
        "edition": edition,
        "editions": Edition.objects.all(),
        "regions": Region.objects.all(),
        "phases": Phase.objects.all(),
        "criteria": list(edition.criteria.all()),
        "scores": None,
        "finalists": (),
        "categories": (),
        "decks": (),
        "indicators": [],
        "jumps": (),
        "choices": {},
        "objectives": (),
        "region_ids": None,
        "rubric": None,
    }


# Forms whose context is specific: the same values as their views pass.
SPECIFIC = {
    "SimulationForm": lambda: {"criteria": []},
    "CooperativeFilterForm": lambda: {"choices": filter_choices(user=make_user("staff"))},
}


def build(form_class, data, files, context):
    context = context | SPECIFIC.get(form_class.__name__, dict)()
    params = inspect.signature(form_class.__init__).parameters
    kwargs = {
        name: context[name]
        for name, p in params.items()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty and name in context
    }
    return form_class(data=data, files=files, **kwargs)


FORMS = every_form()


def test_the_forms_are_found():
    assert len(FORMS) >= 30, [f.__name__ for f in FORMS]


@pytest.mark.parametrize("form_class", FORMS, ids=[f.__name__ for f in FORMS])
@given(values=st.lists(cells, min_size=12, max_size=12), upload=st.binary(max_size=300))
@EXAMPLES
def test_every_form_answers_hostile_input_with_errors_and_writes_nothing(form_class, values, upload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    context = context_kwargs()
    probe = build(form_class, None, None, context)
    names = list(probe.fields)
    data = {name: values[i % len(values)] for i, name in enumerate(names)}
    files = {
        name: SimpleUploadedFile("evil‮gpj.exe", upload, content_type="image/png")
        for name, field in probe.fields.items()
        if isinstance(field, forms.FileField)
    }
    form = build(form_class, data, files, context)

    with CaptureQueriesContext(connection) as queries:
        valid = form.is_valid()

    assert writes(queries.captured_queries) == []
    if not valid:
        assert form.errors
        assert all(str(message).strip() for errors in form.errors.values() for message in errors)
