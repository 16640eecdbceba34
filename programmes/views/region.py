"""The region page: the næringshage's municipalities in a year."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from programmes.forms import YearForm
from programmes.page_cache import cached_page
from programmes.permissions import can_view_region
from programmes.scoping import naeringshage_allowed
from programmes.selectors import region_in_year


@require_safe
@cached_page(topics=())
def region(request: HttpRequest) -> HttpResponse:
    """The næringshage's region in a year (?year=2016; default this year)."""
    naeringshage = naeringshage_allowed(request, can_view_region)
    form = YearForm.from_request(request)
    if not form.is_valid():
        context = {"naeringshage": naeringshage, "form": form, "region": None}
        return render(request, "programmes/region_detail.html", context, status=400)
    year = form.cleaned_data["year"]
    context = {
        "naeringshage": naeringshage,
        "form": form,
        "region": region_in_year(naeringshage=naeringshage, year=year),
        **form.navigation(),
    }
    return render(request, "programmes/region_detail.html", context)
