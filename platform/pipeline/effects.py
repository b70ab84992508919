"""The one list of effects: everything a committed change causes outside its own transaction.

Each effect names the function that applies it (a dotted path, so this foundation module never
imports the apps above it), what its rows are keyed by, and how long to wait before applying it
(a debounce: every change recorded meanwhile joins the same run). Adding an effect is one line in
EFFECTS; a service then records it with `pipeline.services.record(name, ...)`.

Every handler is idempotent: it recomputes or re-checks from the database, so running it twice
(a redelivered task, a sweep after a crash) changes nothing the second time. Handlers that talk
to the outside world (e-mail) run while the runner holds the key's lock, and the rows are deleted
only after they returned, in the same transaction as what they marked done. A long handler
(`in_transaction=False`) commits its own steps and its rows go once it returned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.utils.module_loading import import_string

REGION = "region"
REGION_YEAR = "region+year"
TARGET = "target"


@dataclass(frozen=True)
class Effect:
    name: str
    handler_path: str
    keyed_by: str  # REGION, REGION_YEAR or TARGET
    delay_setting: str | None = None  # settings name of the debounce, in seconds
    urgent: bool = False  # applied before the others when there is a backlog
    description: str = ""
    # False for long work (a file of every evidence): the runner holds the key's lock for the
    # session instead of one transaction, and the handler commits its own short steps, so no
    # transaction stays open for minutes (which would hold back the change feeds' horizon and
    # vacuum). Such a handler must resume whatever an interrupted run left.
    in_transaction: bool = True

    @cached_property
    def handler(self) -> Callable:
        return import_string(self.handler_path)

    @property
    def delay_seconds(self) -> int:
        return int(getattr(settings, self.delay_setting)) if self.delay_setting else 0


EFFECTS: dict[str, Effect] = {
    effect.name: effect
    for effect in (
        Effect(
            "catalog.region",
            "replication.catalog.projection.apply",
            REGION,
            urgent=True,
            description="the region's entries in the national catalog equal its published data",
        ),
        Effect(
            "catalog.standing",
            "replication.catalog.projection.apply_standing",
            REGION,
            description="the region's public standing (index, predicate) on its catalog entries",
        ),
        Effect(
            "organization.standard_units",
            "tenants.organization.services.apply_standard_units",
            REGION,
            urgent=True,
            description="a newly activated region starts with the standard OPD list of its kind",
        ),
        Effect(
            "imports.run",
            "imports.runs.process_run",
            TARGET,
            description="a big import file checked into its preview, or applied once confirmed (target: run id)",
        ),
        Effect(
            "imports.export",
            "imports.exports.process_export",
            TARGET,
            in_transaction=False,
            description="an export asked for over the API written to its file, once (target: export job id)",
        ),
        Effect(
            "rankings.snapshot",
            "tenants.scoring.snapshot.apply",
            REGION_YEAR,
            delay_setting="SNAPSHOT_DEBOUNCE_SECONDS",
            description="the region's index snapshot of the year, for rankings",
        ),
        Effect(
            "rankings.replications",
            "replication.network.tallies.apply",
            REGION,
            description="the replications the region gave and received, on its snapshots",
        ),
        Effect(
            "notifications.request_step",
            "replication.notifications.services.notify_request_event",
            TARGET,
            urgent=True,
            description="in-app notifications of one replication request step (target: event id)",
        ),
        Effect(
            "notifications.notice",
            "replication.notifications.services.deliver_notice",
            TARGET,
            urgent=True,
            description="in-app notifications of named members about their region's own work (target: its source)",
        ),
        Effect(
            "notifications.email",
            "replication.notifications.emails.send_notification_email",
            TARGET,
            urgent=True,
            description="the e-mail of one notification (target: notification id)",
        ),
        Effect(
            "notifications.digest",
            "replication.notifications.emails.send_digest",
            TARGET,
            description="one user's daily digest (target: user id and date)",
        ),
        Effect(
            "accounts.password_reset_email",
            "accounts.password_reset.send_password_reset_email",
            TARGET,
            urgent=True,
            description="the e-mail with a password-reset link (target: user id)",
        ),
        Effect(
            "reporting.opd_email",
            "tenants.reporting.emails.send_opd_reminder",
            TARGET,
            description="a reporting reminder e-mailed to an OPD's contact address, for its head (target: OPD, year and day)",
        ),
        Effect(
            "calls.forward",
            "tenants.calls.forwarding.apply",
            TARGET,
            description="a kabupaten/kota's winner copied into its province's call (target: region code, receipt, call id)",
        ),
        Effect(
            "accounts.membership_email",
            "accounts.emails.send_membership_email",
            TARGET,
            urgent=True,
            description="the e-mail telling a person about a new membership (target: membership id)",
        ),
        Effect(
            "webhooks.deliver",
            "webhooks.delivery.deliver",
            TARGET,
            urgent=True,
            description="one webhook event POSTed to one subscription, retried with backoff (target: delivery id)",
        ),
    )
}

# What any change to a region's own data (innovations, answers, evidence, publications, OPD
# units) causes outside it. `pipeline.services.region_changed` records exactly these.
REGION_CHANGE: tuple[str, ...] = ("catalog.region", "rankings.snapshot")
