"""The statistics' tables for one reader: the four pages' tables in one object."""

from django.utils.translation import gettext_lazy

from figures.cells import CellReader, Filters, Period, Table, add_months
from figures.demand import DemandTables
from figures.supply import SHADE_TITLES, SupplyTables

__all__ = ["SECTIONS", "SHADE_TITLES", "Figures", "Filters", "Period", "Table", "add_months"]


class Figures(DemandTables, SupplyTables, CellReader):
    """Demand, handling, supply, gaps and the map, as one reader may see them."""


SECTIONS = {
    "demand": gettext_lazy("Demand"),
    "handling": gettext_lazy("Handling"),
    "supply": gettext_lazy("Supply"),
    "gaps": gettext_lazy("Gaps"),
}
