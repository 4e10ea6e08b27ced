"""A text box past its size says so in OT Desk's words, in every form (core/forms.py) and
in every service (core/limits.py): one message, never Django's 'Ensure this value has at
most ... characters'."""

from django import forms

from otdesk.activities.forms import SearchForm
from otdesk.core.forms import Form, ModelForm
from otdesk.core.limits import TOO_LONG, text_limit
from otdesk.students.models import Goal, Strategy


class Named(Form):
    name = forms.CharField(max_length=5)


class StrategyWords(ModelForm):
    class Meta:
        model = Strategy
        fields = ["description"]


def test_a_plain_form_says_how_long_a_box_may_be() -> None:
    form = Named({"name": "abcdef"})
    assert form.errors == {
        "name": ["Keep this to 5 characters; it has 6. Shorten it or split it over two entries."]
    }
    assert Named({"name": "abcde"}).is_valid()


def test_a_model_form_and_a_real_form_say_it_the_same_way() -> None:
    limit = Strategy._meta.get_field("description").max_length
    assert limit is not None
    form = StrategyWords({"description": "x" * (limit + 1)})
    assert form.errors["description"] == [
        TOO_LONG % {"limit_value": limit, "show_value": limit + 1}
    ]
    box = SearchForm.base_fields["q"]
    assert isinstance(box, forms.CharField) and box.max_length is not None
    search = SearchForm({"q": "y" * (box.max_length + 1)}, goals=Goal.objects.none())
    assert search.errors["q"] == [
        TOO_LONG % {"limit_value": box.max_length, "show_value": box.max_length + 1}
    ]


def test_the_service_validator_uses_the_same_words() -> None:
    assert text_limit(10)[0].message == TOO_LONG
