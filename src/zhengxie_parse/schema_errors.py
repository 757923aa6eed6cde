"""pydantic's validation errors as zxparse says them, in the language chosen: plan files (`validate`,
`show`), corrections files and user lexicons are all checked against models, and their problems read
alike."""

from __future__ import annotations

import re

from .i18n import _, lang


def dotted(err: dict) -> str:
    """Where an error is, as a dotted path ('items.3.node_id'); '$' for the whole."""
    return ".".join(map(str, err["loc"])) or "$"


def schema_message(err: dict) -> str:
    """pydantic's error in the language chosen: its own wording in English, else the catalog's
    template for its error type, filled from the error's context (a type without one names its code)."""
    if lang() == "en":
        return err["msg"]
    context = {k: _listed(v) if k == "expected" else v for k, v in err.get("ctx", {}).items()}
    template = _schema_templates().get(err["type"], _("does not fit the schema ({type})"))
    return template.format(type=err["type"], **context)


def _schema_templates() -> dict[str, str]:
    """The templates by pydantic error type, called each time so they follow the language chosen."""
    return {
        "missing": _("Field required"),
        "value_error": _("Value error, {error}"),
        "extra_forbidden": _("Extra inputs are not permitted"),
        "string_type": _("Input should be a valid string"),
        "int_type": _("Input should be a valid integer"),
        "float_type": _("Input should be a valid number"),
        "bool_type": _("Input should be a valid boolean"),
        "list_type": _("Input should be a valid list"),
        "dict_type": _("Input should be a valid dictionary"),
        "model_type": _("Input should be a valid dictionary or instance of {class_name}"),
        "model_attributes_type": _("Input should be a valid dictionary or object to extract fields from"),
        "literal_error": _("Input should be {expected}"),
        "enum": _("Input should be {expected}"),
        "none_required": _("Input should be None"),
        "string_too_short": _("String should have at least {min_length} characters"),
        "string_too_long": _("String should have at most {max_length} characters"),
        "string_pattern_mismatch": _("String should match pattern '{pattern}'"),
        "greater_than": _("Input should be greater than {gt}"),
        "greater_than_equal": _("Input should be greater than or equal to {ge}"),
        "less_than": _("Input should be less than {lt}"),
        "less_than_equal": _("Input should be less than or equal to {le}"),
        "too_short": _("should have at least {min_length} items, not {actual_length}"),
        "too_long": _("should have at most {max_length} items, not {actual_length}"),
    }


def _listed(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as a list a Chinese reader reads: 'a'、'b'、'c'."""
    return re.sub(r"(?<=')(, | or )(?=')", "、", expected)
