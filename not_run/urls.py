from django.urls import path

from not_run import views

urlpatterns = [
    path(collection, views.empty_collection(collection).as_view(), name=f"{collection}-list")
    for collection in views.COLLECTIONS
]
