"""Posts: the positions a person holds in units."""

from typing import Annotated

from django.http import Http404
from ninja import Path, Router, Status

from neuguong.organisations import services
from neuguong.organisations.access import MAX_PK, get_person_for_user
from neuguong.organisations.models import Post

from .common import WRITE_ERRORS
from .schemas import PostOut, PostPatchIn

router = Router(tags=["posts"])

PostId = Annotated[int, Path(ge=1, le=MAX_PK)]


def get_post_for_user(user, pk: int) -> Post:
    """A post is part of its holder's record: it is visible where the person is.

    Changing it needs `org.manage` on the post's unit, which the service checks (403).
    """
    post = Post.objects.select_related("unit").filter(pk=pk).first()
    if post is None:
        raise Http404
    post.person = get_person_for_user(user, post.person_id)
    return post


@router.patch("/{post_id}", response={200: PostOut, **WRITE_ERRORS}, summary="Sửa chức vụ")
def update_post(request, post_id: PostId, payload: PostPatchIn):
    user = request.auth
    post = get_post_for_user(user, post_id)
    data = payload.model_dump(exclude_unset=True)
    # Title and the head/deputy flags are never empty: a null keeps their value.
    data = {k: v for k, v in data.items() if v is not None or k.endswith("_date")}
    return services.update_post(post, by=user, **data)


@router.delete("/{post_id}", response={204: None, **WRITE_ERRORS}, summary="Xóa chức vụ")
def delete_post(request, post_id: PostId):
    user = request.auth
    services.delete_post(get_post_for_user(user, post_id), by=user)
    return Status(204, None)
