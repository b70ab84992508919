"""The innovation profile's field registry (tenants.innovations.profile) is the one list the
form, the service, the API, the spreadsheet and the page read: a field added to the model but not
to the registry, or to the registry but not to one of them, fails here."""

from __future__ import annotations

from api.innovations.serializers import DOCUMENT_FIELDS, InnovationSerializer
from tenants.innovations.forms import InnovationForm
from tenants.innovations.models import Innovation
from tenants.innovations.profile import PROFILE, PROFILE_FIELDS, STORED_FIELDS, Kind
from tenants.spreadsheets.columns import COLUMNS

# What the model keeps about an innovation that is not its profile: identity, the replica's
# origin (set by the replication workflow, never typed in) and bookkeeping.
NOT_PROFILE = {
    "id",
    "public_id",
    "origin_region_code",
    "origin_public_id",
    "origin_name",
    "created_by_id",
    "created_at",
    "updated_at",
}


def test_every_field_of_the_model_is_in_the_registry_or_named_as_not_profile():
    model_fields = {field.name for field in Innovation._meta.concrete_fields}
    assert model_fields - NOT_PROFILE == set(STORED_FIELDS)


def test_form_api_and_spreadsheet_carry_the_registrys_fields_in_its_order():
    assert list(InnovationForm.Meta.fields) == list(PROFILE_FIELDS)
    api = [name for name in InnovationSerializer.Meta.fields if name in PROFILE_FIELDS]
    # The API's profile is JSON: its documents are uploaded each on its own address.
    assert api == [name for name in PROFILE_FIELDS if name not in DOCUMENT_FIELDS]
    assert {item.name for item in PROFILE if item.kind == Kind.FILE} == DOCUMENT_FIELDS
    # Every field a person types is a column; files go through the form and the API only.
    assert [column.key for column in COLUMNS] == [
        item.name for item in PROFILE if item.kind != Kind.FILE
    ]
    assert all(column.title and column.help for column in COLUMNS)
    titles = [column.title.casefold() for column in COLUMNS]
    aliases = [alias for column in COLUMNS for alias in column.aliases]
    assert len(set(titles + aliases)) == len(titles) + len(aliases)  # no title means two columns
