"""Publishing an innovation to the national replication catalog over the API, as the innovation
page does (tenants.publishing): publish or update the contact, unpublish, add and remove
documents. Who may: tenants.publishing.services asks accounts.policy (PUBLISH_INNOVATION); who
may read: anyone who may see the innovation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action
from api.downloads import (
    FILE_RESPONSES,
    IgnoreClientContentNegotiation,
    upload_response,
)
from api.permissions import RegionAction, region_of, user_of
from api.publishing.serializers import (
    PublicationDocumentInputSerializer,
    PublicationDocumentSerializer,
    PublicationInputSerializer,
    PublicationSerializer,
)
from api.schema import ErrorEnvelope
from tenants.innovations.access import innovation_for
from tenants.publishing import services
from tenants.publishing.models import Publication
from tenants.publishing.selectors import publication_document

if TYPE_CHECKING:
    from django.http import FileResponse
    from rest_framework.request import Request

    from tenants.innovations.models import Innovation


class _PublicationApi(GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # PUBLISH_INNOVATION: the service asks the policy
    filter_backends: list = []
    pagination_class = None

    def innovation(self) -> Innovation:
        return innovation_for(user_of(self.request), region_of(self.request), self.kwargs["pk"])

    def publication_body(self, innovation: Innovation) -> dict:
        publication = (
            Publication.objects.filter(innovation=innovation).prefetch_related("documents").first()
        )
        if publication is None:
            raise Http404
        return PublicationSerializer(publication, context=self.get_serializer_context()).data


@extend_schema_view(
    get=extend_schema(
        tags=["publishing"],
        summary="The innovation's publication in the replication catalog (404: not published)",
        responses={200: PublicationSerializer},
    ),
    put=extend_schema(
        tags=["publishing"],
        summary="Publish a verified innovation for replication, or update its contact and notes",
        description=(
            "Region admins. Only an innovation with a verified report can be published; the "
            "national catalog shows it seconds after the answer. 201 when it was published now, "
            "200 when it already was."
        ),
        request=PublicationInputSerializer,
        responses={200: PublicationSerializer, 201: PublicationSerializer},
    ),
    delete=extend_schema(
        tags=["publishing"],
        summary="Take the innovation out of the replication catalog, with its documents",
        responses={204: None, 403: ErrorEnvelope, 404: ErrorEnvelope},
    ),
)
class PublicationApi(_PublicationApi):
    serializer_class = PublicationSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.publication_body(self.innovation()))

    def put(self, request: Request, pk: int) -> Response:
        innovation = self.innovation()
        data = PublicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        already = Publication.objects.filter(innovation=innovation).exists()
        services.publish(
            region=region_of(request),
            actor=user_of(request),
            innovation=innovation,
            data=data.validated_data,
        )
        return Response(
            self.publication_body(innovation),
            status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
        )

    def delete(self, request: Request, pk: int) -> Response:
        innovation = self.innovation()
        if not Publication.objects.filter(innovation=innovation).exists():
            raise Http404
        services.unpublish(region=region_of(request), actor=user_of(request), innovation=innovation)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["publishing"],
    summary="Add a document for replicating regions (SOP, budget, regulation, guide)",
    description="Region admins, on a published innovation. PDF, JPG or PNG, checked by content.",
    request={"multipart/form-data": PublicationDocumentInputSerializer},
    responses={201: PublicationDocumentSerializer},
)
class PublicationDocumentListApi(_PublicationApi):
    serializer_class = PublicationDocumentSerializer
    parser_classes = [MultiPartParser]

    def post(self, request: Request, pk: int) -> Response:
        innovation = self.innovation()
        data = PublicationDocumentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.add_document(
            region=region_of(request),
            actor=user_of(request),
            innovation=innovation,
            kind=data.validated_data["kind"],
            title=data.validated_data.get("title", ""),
            upload=data.validated_data["file"],
        )
        body = PublicationDocumentSerializer(document, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        tags=["publishing"], summary="Download a publication document", responses=FILE_RESPONSES
    ),
    delete=extend_schema(
        tags=["publishing"],
        summary="Remove a publication document",
        responses={204: None, 403: ErrorEnvelope, 404: ErrorEnvelope},
    ),
)
class PublicationDocumentApi(_PublicationApi):
    content_negotiation_class = IgnoreClientContentNegotiation

    def get(self, request: Request, pk: int, doc_id: int) -> FileResponse:
        document = publication_document(self.innovation(), doc_id)
        if document is None:
            raise Http404
        return upload_response(
            document.file, original_name=document.original_name, content_type=document.content_type
        )

    def delete(self, request: Request, pk: int, doc_id: int) -> Response:
        document = publication_document(self.innovation(), doc_id)
        if document is None:
            raise Http404
        services.remove_document(
            region=region_of(request), actor=user_of(request), document=document
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
