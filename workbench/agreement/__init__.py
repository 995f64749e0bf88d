"""Inter-coder agreement: unit-by-member tables from span codings, the statistics,
the report, and settling disagreements into a consensus layer."""

from .groups import ExclusiveGroup
from .report import AgreementReport, build_report, reading
from .statistics import (
    category_counts,
    cohen_kappa,
    cohen_kappa_table,
    cohen_kappa_test,
    fleiss_kappa,
    fleiss_kappa_z,
    krippendorff_agreement_terms,
    krippendorff_alpha,
    pairwise,
    percent_agreement,
    unit_agreement,
)
from .units import UnitTables

__all__ = ["AgreementReport", "ExclusiveGroup", "UnitTables", "build_report", "category_counts", "cohen_kappa",
           "cohen_kappa_table", "cohen_kappa_test", "fleiss_kappa", "fleiss_kappa_z", "krippendorff_agreement_terms",
           "krippendorff_alpha", "pairwise", "percent_agreement", "reading", "unit_agreement"]
