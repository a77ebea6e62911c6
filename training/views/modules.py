"""The module catalogue and the user's calendar-feed page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.links import absolute_url
from odco.permissions import permission_required

from .. import selectors
from ..forms import ModuleForm, add_service_errors
from ..models import TrainingModule
from ..permissions import can_manage_modules, can_use_calendar_feed, can_view_modules
from ..services import calendar_feed_rotate, module_save


@permission_required(can_view_modules)
def module_list(request):
    return render(
        request,
        "training/module_list.html",
        {"modules": list(selectors.module_list()), "may_manage": can_manage_modules(request.user)[0]},
    )


@permission_required(can_manage_modules)
def module_form(request, pk=None):
    module = None
    if pk is not None:
        module = TrainingModule.objects.filter(pk=pk).first()
        if module is None:
            raise Http404
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ModuleForm.Meta.fields}
        try:
            module_save(actor=request.user, module=module, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect("training:module_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "training/module_form.html", {"form": form, "module": module}, status=status)


@permission_required(can_use_calendar_feed)
def calendar_page(request):
    feed = selectors.feed_for(request.user)
    url = absolute_url("training:feed", feed.token)
    return render(request, "training/calendar.html", {"feed_url": url})


@require_POST
@permission_required(can_use_calendar_feed)
def calendar_feed_rotate_view(request):
    """A new secret address for the owner's feed (the old one is revoked)."""
    calendar_feed_rotate(user=request.user)
    messages.success(request, _("Your calendar feed has a new address: the old one no longer works."))
    return redirect("training:calendar")
