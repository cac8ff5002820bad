"""Form pieces shared by the admin (and later the public pages)."""

from html import escape

from django import forms
from django.core.validators import URLValidator
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import ClaimStatus


class EvidenceField(forms.CharField):
    """Evidence URLs typed one per line; cleans to a list of http(s) URLs."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "https://… (one per line)"})
    default_validators = []

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Links that support the decision, one per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        check = URLValidator(schemes=["http", "https"])
        for url in value:
            try:
                check(url)
            except forms.ValidationError:
                raise forms.ValidationError(f"Not an http(s) URL: {url}", code="invalid") from None


class ReviewDecisionForm(forms.Form):
    """A confirmation decision: the status, why, and the evidence."""

    status = forms.ChoiceField(choices=ClaimStatus.choices)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: this is kept in the claim's history.",
    )
    evidence = EvidenceField()


class SlugInput(forms.TextInput):
    """A slug typed in, with every row's slug and name offered as the reader types
    (an HTML datalist). A select of thousands of places or documents costs a
    rendered option each on every list page; this is one query and one join."""

    def __init__(self, queryset, label: str = "name", attrs=None):
        super().__init__(attrs)
        self.queryset = queryset
        self.label = label

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-choices"
        attrs["list"] = list_id
        attrs.setdefault("autocomplete", "off")
        # Thousands of options: the standard library's escape (what Django's calls,
        # without a lazy-string check and a SafeString per value) and one join.
        options = "".join(
            f'<option value="{escape(slug)}">{escape(label)}</option>'
            for slug, label in self.queryset.order_by(self.label, "slug").values_list(
                "slug", self.label
            )
        )
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            mark_safe(options),  # every value escaped above
        )
