from functools import lru_cache

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.choices import District
from organisations.models import Sector
from projects.models import Project, Theme

from . import charts, selectors
from .forms import InsightsFilterForm
from .models import Metric

FILTER_FIELDS_TEMPLATE = "insights/includes/filter_fields.html"
STATUSES_SHOWN = [s for s in Project.Status.choices if s[0] != Project.Status.DRAFT]


def _largest_summary(rows, *, empty: str, text: str) -> str:
    totals = [(label, sum(values.values())) for label, values in rows]
    if not totals:
        return empty
    label, n = max(totals, key=lambda row: row[1])
    return text % {"label": label, "n": n, "total": sum(t for _l, t in totals)}


def _places(data: dict, choices) -> list:
    return [(label, data[value]) for value, label in choices if sum(data[value].values())]


def build_charts(figures: dict) -> dict:
    sectors = list(Sector.choices)
    statuses = STATUSES_SHOWN
    by_n = figures["by_n"]
    solutions = charts.bars(
        title=_("Solutions by the number of sectors in their consortium"),
        summary=charts.solutions_summary(by_n),
        rows=[
            (ngettext("%(n)d sector", "%(n)d sectors", n) % {"n": n}, {"solutions": by_n.get(n, 0)})
            for n in (1, 2, 3, 4)
        ],
        series=[("solutions", _("Solutions"))],
    )
    matrix = figures["matrix"]
    pairs = sum(matrix.values())
    if pairs:
        (lead, partner), n = max(matrix.items(), key=lambda item: item[1])
        labels = dict(sectors)
        grid_summary = _(
            "%(total)d partnerships in consortia; the most frequent: %(lead)s leading with "
            "%(partner)s as partner (%(n)d)."
        ) % {"total": pairs, "lead": labels[lead], "partner": labels[partner], "n": n}
    else:
        grid_summary = _("No partner has joined a consortium in this view yet.")
    grid = charts.grid(
        title=_("Which sectors partner with which (lead and partner)"),
        summary=grid_summary,
        labels=sectors,
        cells=matrix,
    )
    theme_rows = _places(figures["theme_status"], Theme.choices)
    district_rows = _places(figures["district_status"], District.choices)
    by_theme = charts.bars(
        title=_("Projects by theme and status"),
        summary=_largest_summary(
            theme_rows,
            empty=_("No project has been published in this view yet."),
            text=_("%(total)d projects; the most: %(label)s (%(n)d)."),
        ),
        rows=theme_rows,
        series=statuses,
    )
    by_district = charts.bars(
        title=_("Projects by district and status"),
        summary=_largest_summary(
            district_rows,
            empty=_("No project has been published in this view yet."),
            text=_("%(total)d projects; the most: %(label)s (%(n)d)."),
        ),
        rows=district_rows,
        series=statuses,
    )
    involved_rows = _places(figures["theme_sectors"], Theme.choices)
    involved = charts.bars(
        title=_("Sectors involved in the projects of each theme"),
        summary=_(
            "For each theme, how many of its projects each sector joins (as owner, solution "
            "lead or partner); a project joining several sectors counts in each."
        ),
        rows=involved_rows,
        series=sectors,
    )
    district_involved = charts.bars(
        title=_("Sectors involved in the projects of each district"),
        summary=_(
            "For each district, how many of its projects each sector joins (as owner, solution "
            "lead or partner); a project joining several sectors counts in each."
        ),
        rows=_places(figures["district_sectors"], District.choices),
        series=sectors,
    )
    support_rows = _places(figures["supports"], Theme.choices)
    supports = charts.bars(
        title=_("Supports by sector, per theme"),
        summary=_largest_summary(
            support_rows,
            empty=_("No support has been given in this view yet."),
            text=_("%(total)d supports; the most: %(label)s (%(n)d)."),
        ),
        rows=support_rows,
        series=sectors,
    )
    months = sorted(figures["monthly"])
    metrics = [Metric.PROJECT, Metric.SOLUTION, Metric.CONSORTIUM, Metric.DECISION]
    monthly = figures["monthly"]
    if months:
        latest = months[-1]
        over_time_summary = _(
            "Over %(count)d months. In %(month)s: %(projects)d projects published, %(solutions)d "
            "solutions proposed, %(consortia)d consortia formed, %(decisions)d decisions made."
        ) % {
            "count": len(months),
            "month": charts.month_label(latest),
            "projects": monthly[latest][Metric.PROJECT],
            "solutions": monthly[latest][Metric.SOLUTION],
            "consortia": monthly[latest][Metric.CONSORTIUM],
            "decisions": monthly[latest][Metric.DECISION],
        }
    else:
        over_time_summary = _("Nothing has happened in this view yet.")
    over_time = charts.lines(
        title=_("Month by month"),
        summary=over_time_summary,
        months=months,
        series=[(m.value, m.label, [monthly[month][m] for month in months]) for m in metrics],
    )
    cross = figures["cross"]
    cross_months = sorted(cross)
    shares = [charts.percent(cross[m]["cross"], cross[m]["all"]) for m in cross_months]
    share_summary = (
        _(
            "In %(month)s, %(share)d%% of the solutions proposed were cross-sector (over the "
            "period: from %(low)d%% to %(high)d%%)."
        )
        % {
            "month": charts.month_label(cross_months[-1]),
            "share": shares[-1],
            "low": min(shares),
            "high": max(shares),
        }
        if cross_months
        else _("No solution has been proposed in this view yet.")
    )
    cross_share = charts.lines(
        title=_("Share of cross-sector solutions, month by month"),
        summary=share_summary,
        months=cross_months,
        series=[("cross", _("Cross-sector solutions (%)"), shares)],
        percent=True,
    )
    return {
        "solutions": solutions,
        "grid": grid,
        "by_theme": by_theme,
        "by_district": by_district,
        "involved": involved,
        "district_involved": district_involved,
        "supports": supports,
        "over_time": over_time,
        "cross_share": cross_share,
    }


def _figures_html(request, filters: selectors.Filters) -> str:
    figures = selectors.figures(filters)
    return render_to_string(
        "insights/includes/figures.html",
        {
            "figures": figures,
            "charts": build_charts(figures),
            "all_four": selectors.joining_all_four(filters),
        },
        request=request,
    )


def _filter_fields(request) -> SafeString:
    """The filter form's fields as the request left them: values, and errors for a bad one."""
    names = InsightsFilterForm.base_fields
    values = tuple((name, request.GET[name]) for name in names if name in request.GET)
    return _rendered_filter_fields(
        get_language(), timezone.localdate().year, bool(request.GET), values
    )


@lru_cache(maxsize=1024)
def _rendered_filter_fields(language: str, year: int, bound: bool, values: tuple) -> SafeString:
    """Rendering the four selects cost more than the rest of a cached view. What they show
    depends only on the raw values, the language and, for the periods offered, the year (the
    other choices are fixed in code), so each combination is rendered once per process."""
    form = InsightsFilterForm(dict(values) if bound else None)
    with translation.override(language):
        return render_to_string(FILTER_FIELDS_TEMPLATE, {"form": form})


def forget_filter_fields(sender, file_path, **kwargs) -> None:
    """The development server reloads an edited template without restarting."""
    if file_path.suffix != ".py":
        _rendered_filter_fields.cache_clear()


def dashboard(request):
    """The public dashboard. Its figures are drawn from the kept tallies (seven queries) and
    cached, per language and filters, until the tallies change."""
    form = InsightsFilterForm(request.GET or None)
    first, last = form.months() if form.is_bound else (None, None)
    filters = selectors.Filters(
        theme=form.value("theme") if form.is_bound else "",
        district=form.value("district") if form.is_bound else "",
        sector=form.value("sector") if form.is_bound else "",
        first=first,
        last=last,
    )
    parts = (get_language(), filters.theme, filters.district, filters.sector, first, last)
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "filter_fields": _filter_fields(request),
            "figures_html": selectors.cached(parts, lambda: _figures_html(request, filters)),
            "filtered": any([filters.theme, filters.district, filters.sector, filters.first]),
        },
    )
