//! What every format completes the same way once its reader is done.

use super::model::{Notice, NoticeWarning};
use super::values::push_warning;

/// Completes a notice read by any format:
/// - the notice's CPV codes include every lot's, and a notice without any gets a [`NoticeWarning::NoCpv`];
/// - a lot without a time limit takes the notice's, and the notice's is the earliest of its lots';
/// - a notice without duration or value takes its single lot's, or the sum of its lots' values;
/// - the procedure key is the notice's own number when the format gave none.
pub fn finish(mut notice: Notice) -> Notice {
    for lot in &notice.lots {
        for code in &lot.cpv {
            if !notice.cpv.contains(code) {
                notice.cpv.push(code.clone());
            }
        }
    }
    if notice.cpv.is_empty() {
        push_warning(&mut notice.warnings, NoticeWarning::NoCpv);
    }
    for lot in &mut notice.lots {
        if lot.deadline.is_none() {
            lot.deadline.clone_from(&notice.deadline);
        }
    }
    if notice.deadline.is_none() {
        notice.deadline = notice.lots.iter().filter_map(|l| l.deadline.clone()).min();
    }
    if let [lot] = notice.lots.as_slice() {
        notice.duration_months = notice.duration_months.or(lot.duration_months);
        notice.estimated_value_eur = notice.estimated_value_eur.or(lot.estimated_value_eur);
    } else if notice.estimated_value_eur.is_none() && !notice.lots.is_empty() {
        notice.estimated_value_eur = notice.lots.iter().map(|l| l.estimated_value_eur).sum();
    }
    if notice.procedure_id.is_empty() {
        notice.procedure_id.clone_from(&notice.id);
    }
    notice
}
