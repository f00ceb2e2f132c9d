//! The size fit (R2142-7): a supplier whose turnover is far below the highest minimum turnover the
//! buyer may require for the lot is kept, marked as needing partners (a groupement).

use super::features::SupplierFeatures;
use super::lot::LotProfile;
use super::report::PartnersNeed;
use crate::domain::need::Need;
use crate::law::lots::max_turnover_requirement;

/// The size fit (R2142-7): a turnover below `below_share` of the highest minimum the buyer may require.
pub(crate) fn partners_need(
    need: &Need,
    profile: &LotProfile,
    row: &SupplierFeatures,
    below_share: f64,
) -> Option<PartnersNeed> {
    let value_eur = profile.lot.estimated_value_eur?;
    let revenue_eur = row.supplier.revenue_eur?;
    let contract_type = profile.contract_type?;
    let (cap_eur, rule) =
        max_turnover_requirement(value_eur, contract_type, need.buyer_kind(), need.consultation_date)?;
    (revenue_eur < cap_eur * below_share).then_some(PartnersNeed { revenue_eur, cap_eur, value_eur, rule })
}
