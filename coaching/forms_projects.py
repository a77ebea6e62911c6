"""Forms of the project pages: canvas, comments, the financial plan (row formsets), photos and
the public page. Phone-first: one column, large fields, numeric keyboards for figures."""

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from . import finance
from .models_projects import CANVAS_HELP, CanvasBlock, ContentLanguage, ProjectComment
from .services_projects import BLOCK_MAX_CHARS

MONEY = {"inputmode": "decimal", "step": "0.01", "min": "0"}


def _styled(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class CanvasForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the canvas"), choices=ContentLanguage.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CanvasBlock.choices:
            self.fields[code] = forms.CharField(
                label=label,
                required=False,
                max_length=BLOCK_MAX_CHARS,
                help_text=CANVAS_HELP[code],
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            )
        _styled(self)

    def blocks(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code, "") for code in CanvasBlock.values}

    def block_fields(self):
        return [self[code] for code in CanvasBlock.values]


class CommentForm(forms.Form):
    subject = forms.ChoiceField(choices=ProjectComment.Subject.choices, widget=forms.HiddenInput)
    block = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class PlanForm(forms.Form):
    start_year = forms.IntegerField(label=_("First year of the plan"), min_value=2000, max_value=2100)
    opening_cash = forms.DecimalField(
        label=_("Cash at the start (MAD)"),
        min_value=0,
        decimal_places=2,
        max_digits=14,
        initial=0,
        widget=forms.NumberInput(attrs=MONEY),
    )
    assumptions = forms.CharField(
        label=_("General assumptions"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the figures rest on: prices seen on the market, orders, seasons…"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


def _money(label, **kw):
    return forms.DecimalField(
        label=label, decimal_places=2, max_digits=14, widget=forms.NumberInput(attrs=MONEY), **kw
    )


def _volume(label):
    return forms.DecimalField(
        label=label,
        decimal_places=3,
        max_digits=14,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )


def _assumption():
    return forms.CharField(label=_("Assumption"), required=False, max_length=300)


def _year():
    return forms.TypedChoiceField(
        label=_("Year"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, initial=1
    )


class RowForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class ProductForm(RowForm):
    name = forms.CharField(label=_("Product"), max_length=120)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False, help_text=_("e.g. litre, kg, box"))
    price = _money(_("Price per unit (MAD)"))
    unit_cost = _money(_("Cost per unit (MAD)"), required=False)
    volume_1 = _volume(_("Volume, year 1"))
    volume_2 = _volume(_("Volume, year 2"))
    volume_3 = _volume(_("Volume, year 3"))
    assumption = _assumption()


class CostForm(RowForm):
    label = forms.CharField(label=_("Cost"), max_length=120)
    amount_1 = _money(_("Year 1 (MAD)"), required=False)
    amount_2 = _money(_("Year 2 (MAD)"), required=False)
    amount_3 = _money(_("Year 3 (MAD)"), required=False)
    assumption = _assumption()


class InvestmentForm(RowForm):
    label = forms.CharField(label=_("Investment"), max_length=120)
    amount = _money(_("Amount (MAD)"))
    year = _year()
    assumption = _assumption()


class FundingForm(RowForm):
    label = forms.CharField(label=_("Source"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=finance.FundingKind.CHOICES)
    amount = _money(_("Amount (MAD)"))
    year = _year()
    assumption = _assumption()


ProductFormSet = formset_factory(ProductForm, extra=1, can_delete=True)
CostFormSet = formset_factory(CostForm, extra=1, can_delete=True)
InvestmentFormSet = formset_factory(InvestmentForm, extra=1, can_delete=True)
FundingFormSet = formset_factory(FundingForm, extra=1, can_delete=True)


def _rows(formset):
    return [f.cleaned_data for f in formset.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]


def _d(value) -> Decimal:
    return value if value is not None else Decimal(0)


def plan_inputs_from(form: PlanForm, formsets: dict) -> finance.PlanInputs:
    return finance.PlanInputs(
        start_year=form.cleaned_data["start_year"],
        opening_cash=_d(form.cleaned_data["opening_cash"]),
        products=tuple(
            finance.ProductLine(
                name=r["name"],
                unit=r.get("unit", ""),
                price=_d(r["price"]),
                unit_cost=_d(r.get("unit_cost")),
                volumes=(_d(r.get("volume_1")), _d(r.get("volume_2")), _d(r.get("volume_3"))),
                assumption=r.get("assumption", ""),
            )
            for r in _rows(formsets["products"])
        ),
        costs=tuple(
            finance.CostLine(
                label=r["label"],
                amounts=(_d(r.get("amount_1")), _d(r.get("amount_2")), _d(r.get("amount_3"))),
                assumption=r.get("assumption", ""),
            )
            for r in _rows(formsets["costs"])
        ),
        investments=tuple(
            finance.InvestmentLine(
                label=r["label"], amount=_d(r["amount"]), year=r["year"], assumption=r.get("assumption", "")
            )
            for r in _rows(formsets["investments"])
        ),
        funding=tuple(
            finance.FundingLine(
                label=r["label"],
                kind=r["kind"],
                amount=_d(r["amount"]),
                year=r["year"],
                assumption=r.get("assumption", ""),
            )
            for r in _rows(formsets["funding"])
        ),
    )


def plan_initial(plan) -> dict:
    """Initial data of the plan form and its formsets from a stored plan (or a fresh one)."""
    if plan is None:
        return {"form": {}, "products": [], "costs": [], "investments": [], "funding": []}
    return {
        "form": {
            "start_year": plan.start_year,
            "opening_cash": plan.opening_cash,
            "assumptions": plan.assumptions,
        },
        "products": [
            {
                "name": p["name"],
                "unit": p.get("unit", ""),
                "price": p["price"],
                "unit_cost": p.get("unit_cost", "0"),
                "volume_1": p["volumes"][0],
                "volume_2": p["volumes"][1],
                "volume_3": p["volumes"][2],
                "assumption": p.get("assumption", ""),
            }
            for p in plan.products
        ],
        "costs": [
            {
                "label": c["label"],
                "amount_1": c["amounts"][0],
                "amount_2": c["amounts"][1],
                "amount_3": c["amounts"][2],
                "assumption": c.get("assumption", ""),
            }
            for c in plan.costs
        ],
        "investments": [dict(i) for i in plan.investments],
        "funding": [dict(f) for f in plan.funding],
    }


def plan_forms(data=None, plan=None):
    initial = plan_initial(plan)
    form = PlanForm(data, initial=initial["form"])
    formsets = {
        "products": ProductFormSet(data, initial=initial["products"], prefix="products"),
        "costs": CostFormSet(data, initial=initial["costs"], prefix="costs"),
        "investments": InvestmentFormSet(data, initial=initial["investments"], prefix="investments"),
        "funding": FundingFormSet(data, initial=initial["funding"], prefix="funding"),
    }
    return form, formsets


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class PublicPageForm(forms.Form):
    summary_fr = forms.CharField(
        label=_("Presentation (French)"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    summary_ar = forms.CharField(
        label=_("Presentation (Arabic)"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
    )
    products_fr = forms.CharField(
        label=_("Products (French)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    products_ar = forms.CharField(
        label=_("Products (Arabic)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "rtl", "lang": "ar"}),
    )
    contact_email = forms.EmailField(
        label=_("Public e-mail"), required=False, help_text=_("Only if you want the public to write to you.")
    )
    contact_phone = forms.CharField(
        label=_("Public phone"),
        required=False,
        max_length=30,
        help_text=_(
            "Only if you want the public to call you. Never a member's personal number without consent."
        ),
    )
    website = forms.URLField(label=_("Website or online shop"), required=False, assume_scheme="https")
    photos = forms.MultipleChoiceField(
        label=_("Photos shown to the public"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = [(str(p.pk), p.caption or p.original_name) for p in photos]
        _styled(self)

    def photo_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("photos", [])]
