"""Any path under `/v1/` that no route serves: a JSON:API 404 for every method, never Django's HTML page."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def unknown_route(request, *args, **kwargs):
    error = {"status": "404", "title": "Not Found", "detail": f"There is no API route at {request.path}."}
    response = JsonResponse({"errors": [error], "jsonapi": {"version": "1.0"}}, status=404)
    response["Content-Type"] = "application/vnd.api+json"
    return response
