"""Discussions over the API: the posts of the thread about an innovation or an OPD (read and
write, Action.DISCUSS for that OPD), a post's attachment and taking a post back (as the thread
page does: tenants.discussions.access finds the post, the service says who may delete it), and
the kelitbangan results shared with every member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action
from api.discussions.serializers import PostInputSerializer, PostSerializer
from api.downloads import (
    FILE_RESPONSES,
    RegionFileApi,
    upload_response,
)
from api.permissions import RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from tenants.discussions.access import (
    Place,
    ThreadRow,
    attachment_for,
    place_for,
    post_for,
    threads_of,
)
from tenants.discussions.models import Post, Subject
from tenants.discussions.selectors import shared_results, thread_posts
from tenants.discussions.services import post_create, post_delete

if TYPE_CHECKING:
    from django.http import FileResponse
    from rest_framework.request import Request


class _ThreadApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # DISCUSS for the thread's OPD: checked by place_for
    # JSON for a post without attachment; multipart when a file comes with it.
    parser_classes = [MultiPartParser]  # a post may carry an attachment
    filter_backends: list = []
    pagination_class = None
    serializer_class = PostSerializer
    subject_kind = ""

    def place(self) -> Place:
        return place_for(
            user_of(self.request), region_of(self.request), self.subject_kind, self.kwargs["pk"]
        )

    def get(self, request: Request, pk: int) -> Response:
        return Response(PostSerializer(thread_posts(self.place().thread), many=True).data)

    def post(self, request: Request, pk: int) -> Response:
        place = self.place()
        serializer = PostInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        post = post_create(
            region=region_of(request),
            author=user_of(request),
            place=place,
            body=data["body"],
            upload=data.get("attachment"),
            attachment_title=data["attachment_title"],
            shared=data["shared"],
        )
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)


POST_DESCRIPTION = (
    "JSON, or multipart with a file: `body` (mention members with @ and their full name or e-mail), an optional "
    "`attachment` (PDF/JPG/PNG) with `attachment_title`, and `shared` (region admins: the "
    "attachment becomes a kelitbangan result every member reads). The other side and the "
    "members mentioned are notified; the thread opens with its first post."
)


def _documented(subject: str):
    return extend_schema_view(
        get=extend_schema(
            tags=["discussions"],
            summary=f"Posts of the discussion about {subject}",
            responses=PostSerializer(many=True),
        ),
        post=extend_schema(
            tags=["discussions"],
            summary=f"Write in the discussion about {subject}",
            description=POST_DESCRIPTION,
            request={"multipart/form-data": PostInputSerializer},
            responses={201: PostSerializer},
        ),
    )


@_documented("an innovation (with the innovation's OPD)")
class InnovationPostsApi(_ThreadApi):
    subject_kind = Subject.INNOVATION


@_documented("an OPD unit")
class OpdPostsApi(_ThreadApi):
    subject_kind = Subject.OPD


@extend_schema(
    tags=["discussions"],
    summary="Kelitbangan results shared with every member of the region",
    responses=PostSerializer(many=True),
)
class KelitbanganApi(generics.ListAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    serializer_class = PostSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Post.objects.none()
        return shared_results()


@extend_schema(
    tags=["discussions"],
    summary="Take a post back (its author, or the programme's managers)",
    description="Its attachment goes with it. A post of a thread the caller may not read is a 404.",
    responses={204: None, 403: ErrorEnvelope, 404: ErrorEnvelope},
)
class PostDetailApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # who may read the thread, and delete: below
    filter_backends: list = []
    pagination_class = None
    http_method_names = ["delete", "options"]

    def delete(self, request: Request, pk: int) -> Response:
        region, actor = region_of(request), user_of(request)
        post_delete(region=region, actor=actor, post=post_for(actor, region, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["discussions"],
    summary="Download a post's attachment",
    description="Shared results to every member; other attachments to who may read the thread.",
    responses=FILE_RESPONSES,
)
class PostAttachmentApi(RegionFileApi):
    def get(self, request: Request, pk: int) -> FileResponse:
        post = attachment_for(user_of(request), region_of(request), pk)
        return upload_response(
            post.attachment, original_name=post.original_name, content_type=post.content_type
        )


class ThreadSerializer(serializers.Serializer):
    subject_kind = serializers.ChoiceField(choices=Subject.choices, source="thread.subject_kind")
    subject_id = serializers.IntegerField(source="thread.subject_id")
    title = serializers.CharField(help_text="The innovation's name, or the OPD unit's.")
    opd = serializers.IntegerField(source="thread.opd_id", help_text="The OPD the thread is with.")
    last_post_at = serializers.DateTimeField(source="thread.last_post_at", allow_null=True)
    posts = serializers.SerializerMethodField(help_text="The address of the thread's posts.")

    def get_posts(self, row: ThreadRow) -> str:
        kind = "innovations" if row.thread.subject_kind == Subject.INNOVATION else "opd-units"
        return f"/api/v1/discussions/{kind}/{row.thread.subject_id}/posts/"


@extend_schema(
    tags=["discussions"],
    summary="The discussions I take part in, latest activity first (at most 200)",
    description=(
        "As the discussions page: Bappeda's admins and verifiers every OPD's threads, an OPD's "
        "operator their OPD's. Those who take part in no discussion get 403."
    ),
    responses=ThreadSerializer(many=True),
)
class ThreadListApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    serializer_class = ThreadSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request) -> Response:
        rows = threads_of(user_of(request), region_of(request))
        return Response(ThreadSerializer(rows, many=True).data)
