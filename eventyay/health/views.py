from django.http import JsonResponse

from eventyay.health.checks import run_checks


def health_check(request):
    passed, report = run_checks()
    return JsonResponse(report, status=200 if passed else 503)
