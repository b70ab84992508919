"""What the catalog's pages and API show, for their cached copies (core.public_cache): the entries
(the catalog's own version number) and the regions' names; one entry's page also its documents
and the replication requests of its lineage."""

from __future__ import annotations

from core.public_cache import PublicData
from regions.models import Region
from replication.catalog.facet_index import catalog_version
from replication.catalog.models import CatalogDocument
from replication.requests.models import ReplicationRequest

CATALOG_DATA = PublicData(models=(Region,), versions=(catalog_version,))
ENTRY_DATA = PublicData(
    models=(Region, CatalogDocument, ReplicationRequest), versions=(catalog_version,)
)
