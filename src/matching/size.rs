//! The size fit (R2142-7): a supplier whose turnover is far below the highest minimum turnover the
//! buyer may require for the lot is kept, marked as needing partners (a groupement).

use super::features::SupplierFeatures;
use super::lot::LotProfile;
use crate::domain::need::Need;
use crate::law::format_eur;
use crate::law::lots::max_turnover_requirement;

/// The size fit (R2142-7): a turnover far below the highest minimum the buyer may require.
pub(crate) fn partners_reason(
    need: &Need,
    profile: &LotProfile,
    row: &SupplierFeatures,
    below_share: f64,
) -> Option<String> {
    let value = profile.lot.estimated_value_eur?;
    let revenue = row.supplier.revenue_eur?;
    let contract_type = profile.contract_type?;
    let (cap, rule) =
        max_turnover_requirement(value, contract_type, need.buyer_kind(), need.consultation_date_or_today())?;
    let floor = cap * below_share;
    (revenue < floor).then(|| {
        format!(
            "à proposer en groupement : chiffre d'affaires de {} bien inférieur aux {} que l'acheteur peut exiger pour un lot de {} ({} × la valeur, {})",
            format_eur(revenue),
            format_eur(cap),
            format_eur(value),
            rule.value,
            rule.article
        )
    })
}
