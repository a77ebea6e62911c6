"""Roll call, the rotating self check-in code, quizzes and satisfaction."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from odco.roles import Role
from tests.factories import make_user
from training import checkin
from training.models import Attendance, Evaluation
from training.services import attendance_check_in, attendance_record, evaluation_record

from .conftest import fr
from .factories import accompanied, at, make_session, validated_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return make_user(Role.TRAINER, email="trainer-a@test.odco.ma")


@pytest.fixture
def session(trainer):
    phase = validated_phase()
    accompanied(phase, participants=3)
    return make_session(phase, status="open", trainers=[trainer], enrol=True)


def test_the_trainer_takes_the_roll_call_and_only_changes_are_recorded(session, trainer):
    first, second, third = session.enrolments.order_by("pk")
    changed = attendance_record(
        actor=trainer, session=session, marks={first.pk: "present", second.pk: "late", third.pk: "absent"}
    )
    again = attendance_record(
        actor=trainer, session=session, marks={first.pk: "present", second.pk: "present"}
    )
    assert (changed, again) == (3, 1)
    assert dict(Attendance.objects.values_list("enrolment_id", "status")) == {
        first.pk: "present",
        second.pk: "present",
        third.pk: "absent",
    }
    assert set(Attendance.objects.values_list("method", flat=True)) == {"roll_call"}


def test_another_trainer_cannot_take_the_roll_call(session):
    first = session.enrolments.first()
    with pytest.raises(PermissionDenied):
        attendance_record(actor=make_user(Role.TRAINER), session=session, marks={first.pk: "present"})
    assert Attendance.objects.count() == 0


def test_a_wrong_mark_is_refused_and_nothing_is_written(session, trainer):
    first, second, _third = session.enrolments.order_by("pk")
    with pytest.raises(ValidationError) as error:
        attendance_record(actor=trainer, session=session, marks={first.pk: "present", second.pk: "sleeping"})
    assert error.value.message_dict == {str(second.pk): ["Choose present, late or absent."]}
    assert Attendance.objects.count() == 0


@override_settings(TRAINING_CHECKIN_PERIOD_SECONDS=60)
def test_the_check_in_code_rotates_and_an_old_code_expires(session):
    with time_machine.travel(at(5, 9), tick=False) as traveller:
        code = checkin.current_code(session)
        assert checkin.code_is_valid(session, code)
        traveller.shift(timedelta(seconds=60))  # the next period: still accepted while it changes
        assert checkin.current_code(session) != code
        assert checkin.code_is_valid(session, code)
        traveller.shift(timedelta(seconds=60))  # two periods later: expired
        assert not checkin.code_is_valid(session, code)
        assert checkin.code_is_valid(session, checkin.current_code(session))


def test_self_check_in_with_the_code_and_a_phone_number(session):
    person = session.enrolments.order_by("pk").first().participant
    with time_machine.travel(at(5, 9) + timedelta(minutes=5), tick=False):
        code = checkin.current_code(session)
        attendance = attendance_check_in(session=session, code=code, phone="0" + person.phone[-9:])
    assert (attendance.status, attendance.method) == ("present", "self_check_in")


def test_self_check_in_after_the_grace_period_is_late_and_an_expired_code_is_refused(session):
    people = [e.participant for e in session.enrolments.order_by("pk")]
    with time_machine.travel(at(5, 9) + timedelta(minutes=20), tick=False) as traveller:
        old = checkin.current_code(session)
        late = attendance_check_in(session=session, code=old, phone=people[0].phone)
        traveller.shift(timedelta(minutes=10))
        with pytest.raises(ValidationError) as error:
            attendance_check_in(session=session, code=old, phone=people[1].phone)
    assert late.status == "late"
    assert error.value.message_dict == {
        "code": ["This code is wrong or has expired: type the code shown now."]
    }
    assert Attendance.objects.count() == 1


def test_self_check_in_outside_the_session_or_with_an_unknown_phone_is_refused(session):
    person = session.enrolments.first().participant
    # two hours before the start
    with time_machine.travel(at(5, 7), tick=False), pytest.raises(ValidationError) as early:
        attendance_check_in(session=session, code=checkin.current_code(session), phone=person.phone)
    with time_machine.travel(at(5, 10), tick=False), pytest.raises(ValidationError) as unknown:
        attendance_check_in(session=session, code=checkin.current_code(session), phone="0699999999")
    assert early.value.message_dict == {"code": ["Check-in is open only during the session."]}
    assert unknown.value.message_dict == {"phone": ["No participant of this session has this phone number."]}
    assert Attendance.objects.count() == 0


def test_the_public_check_in_page_records_attendance(client, session):
    person = session.enrolments.first().participant
    url = reverse("training:check_in", args=[session.pk])
    with time_machine.travel(at(5, 9), tick=False):
        bad = client.post(
            url,
            {
                "code": "000000" if checkin.current_code(session) != "000000" else "111111",
                "phone": person.phone,
            },
        )
        good = client.post(url, {"code": checkin.current_code(session), "phone": person.phone})
    assert bad.status_code == 400
    assert escape(fr("This code is wrong or has expired: type the code shown now.")) in bad.content.decode()
    assert good.status_code == 200
    assert 'id="checked-in"' in good.content.decode()
    assert Attendance.objects.get().status == "present"


def test_quizzes_and_satisfaction_are_recorded_with_field_errors(session, trainer):
    first, second, _ = session.enrolments.order_by("pk")
    evaluation_record(
        actor=trainer,
        session=session,
        rows={
            first.pk: {"pre_score": 40, "post_score": 75, "satisfaction": 5},
            second.pk: {"satisfaction": 3},
        },
    )
    with pytest.raises(ValidationError) as error:
        evaluation_record(actor=trainer, session=session, rows={first.pk: {"satisfaction": 6}})
    assert list(error.value.message_dict) == [f"{first.pk}-satisfaction"]
    assert list(
        Evaluation.objects.order_by("enrolment_id").values_list("pre_score", "post_score", "satisfaction")
    ) == [
        (40, 75, 5),
        (None, None, 3),
    ]


def test_the_evaluation_form_reports_the_wrong_cell(client, session, trainer):
    first = session.enrolments.order_by("pk").first()
    client.force_login(trainer)
    response = client.post(
        reverse("training:evaluations", args=[session.pk]), {f"satisfaction-{first.pk}": "9"}
    )
    assert response.status_code == 400
    assert escape(fr("Enter a whole number from %(low)s to %(high)s.") % {"low": 1, "high": 5}) in (
        response.content.decode()
    )
    assert Evaluation.objects.count() == 0


def test_the_roll_call_page_saves_marks(client, session, trainer):
    first, second, _ = session.enrolments.order_by("pk")
    client.force_login(trainer)
    url = reverse("training:roll_call", args=[session.pk])
    response = client.post(url, {f"status-{first.pk}": "present", f"status-{second.pk}": "absent"})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrolment_id", "status")) == {
        first.pk: "present",
        second.pk: "absent",
    }
    page = client.get(url).content.decode()
    assert f'id="s-{first.pk}-present" value="present" autocomplete="off" checked' in page
