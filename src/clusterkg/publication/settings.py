"""Where the publication settings come from, in order: the ``publication:`` section of the data's
``plan.yaml``, then the flags of ``clusterkg export`` (a flag overrides the file), then, for the date
of last change only, ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention: seconds since
1970-01-01 UTC) when neither gives ``modified``. Never the clock.

A bad value in the file names the file, line and field; a bad flag or environment value names the
setting; either way before anything is written.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from clusterkg.errors import ClusterKGError, InputError
from clusterkg.options import PublicationOptions
from clusterkg.source.yamlfields import Fields, read_yaml

SECTION = "publication"
# key in the publication section -> PublicationOptions field; "contact" is a mapping of its own
FILE_KEYS = {"publisher": "publisher", "landing_page": "landing_page", "download_base": "download_base",
             "license": "license", "version": "dataset_version", "issued": "issued", "modified": "modified",
             "sparql_endpoint": "sparql_endpoint", "temporal_start": "temporal_start",
             "temporal_end": "temporal_end"}
CONTACT_KEYS = {"name": "contact_name", "email": "contact_email", "url": "contact_url"}
# flag name -> where plan.yaml holds the setting (for messages)
FILE_PATHS = {**{f.replace("_", "-"): f"{SECTION}.{key}" for key, f in FILE_KEYS.items()},
              **{f.replace("_", "-"): f"{SECTION}.contact.{key}" for key, f in CONTACT_KEYS.items()}}
TEXT_FIELDS = ("publisher", "dataset_version", "contact_name", "contact_email")


def read_publication_section(plan_path) -> dict:
    """The settings the ``publication:`` section of ``plan_path`` gives (empty values left out), each
    checked as :class:`PublicationOptions` checks it, an error naming the file, line and field."""
    path = Path(plan_path)
    doc = Fields(path, read_yaml(path))
    if doc.map.get(SECTION) is None:
        return {}
    section = Fields(path, doc.get(SECTION, dict), SECTION)
    unknown = sorted(set(section.map) - set(FILE_KEYS) - {"contact"})
    if unknown:
        raise section.error(unknown[0], f"unknown publication setting (expected: "
                                        f"{', '.join(sorted([*FILE_KEYS, 'contact']))})")
    found = {field: (section, key) for key, field in FILE_KEYS.items() if section.map.get(key) is not None}
    if section.map.get("contact") is not None:
        contact = Fields(path, section.get("contact", dict), f"{SECTION}.contact")
        unknown = sorted(set(contact.map) - set(CONTACT_KEYS))
        if unknown:
            raise contact.error(unknown[0], f"unknown contact setting (expected: {', '.join(CONTACT_KEYS)})")
        found.update({field: (contact, key) for key, field in CONTACT_KEYS.items() if contact.map.get(key) is not None})
    settings = {}
    for field, (fields, key) in found.items():
        value = fields.map[key]
        if field in TEXT_FIELDS and not isinstance(value, str):
            raise fields.error(key, f"expected text, got {value!r} (quote it: \"{value}\")")
        value = value.strip() if isinstance(value, str) else value
        try:
            PublicationOptions.make(**{field: value})
        except ClusterKGError as exc:
            raise fields.error(key, str(exc)) from None
        settings[field] = value
    return settings


def source_date_epoch(environ=None) -> dt.date | None:
    """The UTC date of ``SOURCE_DATE_EPOCH`` (whole seconds since 1970-01-01 UTC), if set."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    try:
        seconds = int(value.strip())
        if seconds < 0:
            raise ValueError(value)
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise ClusterKGError(f"SOURCE_DATE_EPOCH: '{value}' is not a whole number of seconds since "
                             "1970-01-01 UTC") from None


def publication_options(data_dir, flags: dict | None = None, *, publisher: str | None = None,
                        environ=None, **fixed) -> PublicationOptions:
    """The options for the data in ``data_dir``: its ``plan.yaml`` settings, overridden by ``flags``
    (field name -> value; ``None`` means not given), ``modified`` from ``SOURCE_DATE_EPOCH`` where
    neither gives one. ``publisher`` is a default publisher of the derived dataset (else the options'
    default, the clusterkg project; never the source page's publisher); ``fixed`` are
    settings no file gives (``description``, ``with_ontology``)."""
    plan = Path(data_dir) / "plan.yaml"
    settings = read_publication_section(plan) if plan.is_file() else {}
    if publisher and "publisher" not in settings:
        settings["publisher"] = publisher
    settings.update({name: value for name, value in (flags or {}).items() if value is not None})
    if settings.get("modified") is None:
        epoch = source_date_epoch(environ)
        if epoch is not None:
            settings["modified"] = epoch
    try:
        return PublicationOptions.make(**settings, **fixed)
    except InputError:
        raise
    except ClusterKGError as exc:
        raise ClusterKGError(f"publication settings: {exc}") from None
