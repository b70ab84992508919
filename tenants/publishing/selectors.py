"""What the innovation page shows about publishing: whether the innovation is in the catalog,
its contact and documents, and whether this user may change that. Call in the region's schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accounts.policy import Action, can
from tenants.assessment.models import ReportStatus
from tenants.publishing.models import DocumentKind, Publication, PublicationDocument

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation


@dataclass
class PublicationPanel:
    may_publish: bool
    is_verified: bool
    publication: Publication | None
    documents: list[PublicationDocument] = field(default_factory=list)
    document_kinds: list[tuple[str, StrOrPromise]] = field(default_factory=list)

    @property
    def is_published(self) -> bool:
        return self.publication is not None


def publication_panel(user: User, region: Region, innovation: Innovation) -> PublicationPanel:
    if not can(user, Action.PUBLISH_INNOVATION, region):
        return PublicationPanel(may_publish=False, is_verified=False, publication=None)
    publication = (
        Publication.objects.filter(innovation=innovation).prefetch_related("documents").first()
    )
    return PublicationPanel(
        may_publish=True,
        is_verified=innovation.reports.filter(status=ReportStatus.VERIFIED).exists(),
        publication=publication,
        documents=list(publication.documents.all()) if publication else [],
        document_kinds=list(DocumentKind.choices),
    )


def publication_document(innovation: Innovation, doc_id: int) -> PublicationDocument | None:
    """A document of the innovation's publication (None for another innovation's)."""
    return PublicationDocument.objects.filter(pk=doc_id, publication__innovation=innovation).first()
