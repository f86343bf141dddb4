"""URL helpers so every resource gets the same routes (reference §1, §3)."""

from django.urls import path

DETAIL_ACTIONS = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}


def resource_urls(collection, viewset, *, list_=True, create=True, detail=True, name=None):
    """`/<collection>` (GET list / POST) and `/<collection>/<pk>` (GET / PATCH / DELETE)."""
    name = name or collection
    collection_actions = {}
    if list_:
        collection_actions["get"] = "list"
    if create:
        collection_actions["post"] = "create"
    urls = []
    if collection_actions:
        urls.append(path(collection, viewset.as_view(collection_actions), name=f"{name}-list"))
    if detail:
        urls.append(path(f"{collection}/<str:pk>", viewset.as_view(DETAIL_ACTIONS), name=f"{name}-detail"))
    return urls


def nested_list(parent_collection, parent_kwarg, child, viewset, name=None):
    """`/<parent>/<id>/<child>` listing the child resource filtered by the parent."""
    return path(
        f"{parent_collection}/<str:{parent_kwarg}>/{child}",
        viewset.as_view({"get": "list"}),
        name=name or f"{parent_collection}-{child}",
    )


def relationship_urls(collection, viewset):
    """`/<collection>/<pk>/relationships/<rel>` and the to-one related `/<collection>/<pk>/<rel>`.

    Register these after the literal nested lists so that those win.
    """
    return [
        path(
            f"{collection}/<str:pk>/relationships/<str:rel>",
            viewset.as_view(
                {
                    "get": "relationship",
                    "patch": "update_relationship",
                    "post": "add_to_relationship",
                    "delete": "remove_from_relationship",
                }
            ),
            name=f"{collection}-relationships",
        ),
        path(f"{collection}/<str:pk>/<str:rel>", viewset.as_view({"get": "related_one"}), name=f"{collection}-related"),
    ]
