//! Searching stored notices: the words a procedure is found by, the score of a query, and the answer.
//!
//! The words go through the same French analysis as the supplier index (folding, stop words, Snowball
//! stems), so that « restauration collective » finds « Restauration collective des résidences » and
//! « electricite » finds « électricité ». Every word of the query must be found; a word of the title
//! counts twice as much as a word found elsewhere (description, lots, buyer, CPV labels).

use std::collections::HashSet;

use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

use super::model::Notice;
use super::procedure::{Procedure, ProcedureStatus};
use crate::domain::{Cpv, CpvCatalogue};
use crate::search::text_terms;

/// Most notices a search returns.
pub const MAX_NOTICE_LIMIT: usize = 1000;
/// Notices a search returns when no limit is given.
pub const DEFAULT_NOTICE_LIMIT: usize = 20;

/// A search among stored notices, checked (see [`crate::request::resolve_notice_search`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeQuery {
    /// Free text; empty lists every notice the filters keep.
    pub text: String,
    /// Départements: a notice is kept when one of its lots is performed in one of them.
    pub departments: Vec<String>,
    /// CPV codes or prefixes: a notice is kept when one of its codes starts with one of them.
    pub cpv: Vec<Cpv>,
    /// Only procedures still open on `today`: no award, and a time limit not passed (or none).
    pub open_only: bool,
    /// The day of the search, for `open_only` and each hit's `open`.
    pub today: Date,
    /// How many notices.
    pub limit: usize,
}

/// The words a procedure is found by: its title's, and the whole notice's (title, description, lots,
/// buyer, CPV labels), each analysed and separated by spaces.
pub fn terms(notice: &Notice, cpv: &CpvCatalogue) -> (String, String) {
    let mut texts: Vec<&str> = vec![&notice.title, &notice.buyer.name];
    texts.extend(notice.description.as_deref());
    for lot in &notice.lots {
        texts.push(&lot.title);
        texts.extend(lot.description.as_deref());
        texts.extend(lot.place.description.as_deref());
    }
    texts.extend(notice.cpv.iter().filter_map(|c| cpv.nearest_label(c)));
    (joined_terms(&[notice.title.as_str()]), joined_terms(&texts))
}

fn joined_terms(texts: &[&str]) -> String {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for text in texts {
        for term in text_terms(text) {
            if seen.insert(term.clone()) {
                out.push(term);
            }
        }
    }
    out.join(" ")
}

/// The analysed words of a query, without repeats.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text_terms(text).into_iter().filter(|t| seen.insert(t.clone())).collect()
}

/// The score of a procedure for the query words: `None` when a word is missing; 2 per word of the
/// title, 1 per word found elsewhere. No word gives 0 (every procedure matches).
pub fn score(query: &[String], title_terms: &str, terms: &str) -> Option<f64> {
    let title: HashSet<&str> = title_terms.split(' ').collect();
    let all: HashSet<&str> = terms.split(' ').collect();
    query.iter().try_fold(0.0, |sum, word| {
        if title.contains(word.as_str()) {
            Some(sum + 2.0)
        } else if all.contains(word.as_str()) {
            Some(sum + 1.0)
        } else {
            None
        }
    })
}

/// A stored procedure as the text search needs it, before its record is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeCandidate {
    /// The procedure key.
    pub procedure_id: String,
    /// Analysed words of the title, separated by spaces.
    pub title_terms: String,
    /// Analysed words of the whole notice, separated by spaces.
    pub terms: String,
    /// Publication date of the current content, `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// The candidates matching the text, best first (ties: the most recently published first, then by key):
/// how many match, and the keys and scores of the first `limit`.
pub fn rank(text: &str, candidates: Vec<NoticeCandidate>, limit: usize) -> (usize, Vec<(String, f64)>) {
    let words = query_terms(text);
    let mut scored: Vec<(f64, NoticeCandidate)> =
        candidates.into_iter().filter_map(|c| score(&words, &c.title_terms, &c.terms).map(|s| (s, c))).collect();
    scored.sort_by(|(sa, a), (sb, b)| {
        sb.total_cmp(sa).then_with(|| b.published.cmp(&a.published)).then_with(|| a.procedure_id.cmp(&b.procedure_id))
    });
    let total = scored.len();
    (total, scored.into_iter().take(limit).map(|(s, c)| (c.procedure_id, s)).collect())
}

/// A procedure found, with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoticeHit {
    /// The procedure key.
    pub procedure_id: String,
    /// `open` or `closed` (an award was published).
    pub status: ProcedureStatus,
    /// True when suppliers may still answer on the search day: open, and the time limit not passed.
    pub open: bool,
    /// Relevance to the text (0 without text).
    pub score: f64,
    /// The publications of the procedure, in the order they apply.
    pub publications: Vec<String>,
    /// The current content: the notice with its corrigenda applied and its awards.
    pub notice: Notice,
}

impl NoticeHit {
    /// The hit for a stored procedure.
    pub fn new(procedure: Procedure, score: f64, today: Date) -> NoticeHit {
        let open = is_open(procedure.status, procedure.notice.deadline.as_deref(), today);
        NoticeHit {
            procedure_id: procedure.procedure_id,
            status: procedure.status,
            open,
            score,
            publications: procedure.publications,
            notice: procedure.notice,
        }
    }
}

/// What a notice search found: how many procedures matched, and the best of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoticeResults {
    /// Procedures matching the text and the filters.
    pub total: usize,
    /// The best ones, best first.
    pub hits: Vec<NoticeHit>,
}

impl NoticeResults {
    /// The JSON answer, e-mail addresses masked in every text.
    pub fn to_json(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        mask_emails(&mut value);
        value
    }
}

/// True when a procedure still takes answers on `today`.
pub fn is_open(status: ProcedureStatus, deadline: Option<&str>, today: Date) -> bool {
    status == ProcedureStatus::Open && deadline_date(deadline).is_none_or(|d| d >= today.to_string())
}

/// The `YYYY-MM-DD` day of an ISO 8601 time limit.
pub fn deadline_date(deadline: Option<&str>) -> Option<String> {
    deadline.and_then(|d| d.get(..10)).filter(|d| d.parse::<Date>().is_ok()).map(str::to_string)
}

/// What replaces an e-mail address in answers.
const MASKED_EMAIL: &str = "[adresse électronique masquée]";

/// Replaces every e-mail address in the strings of `value`.
pub fn mask_emails(value: &mut Value) {
    match value {
        Value::String(text) if text.contains('@') => *text = mask_emails_in(text),
        Value::Array(items) => items.iter_mut().for_each(mask_emails),
        Value::Object(map) => map.values_mut().for_each(mask_emails),
        _ => {}
    }
}

/// The text with each word shaped like an e-mail address (`x@y.z`) replaced.
pub fn mask_emails_in(text: &str) -> String {
    let is_address_char = |c: char| c.is_alphanumeric() || "._%+-@".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let trimmed = word.trim_end_matches('.');
        let looks_like_email = trimmed.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.contains('@')
        });
        if looks_like_email {
            out.push_str(MASKED_EMAIL);
            out.push_str(&word[trimmed.len()..]);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_address_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_word_must_be_found_and_title_words_weigh_more() {
        let title = joined_terms(&["Nettoyage des bâtiments communaux"]);
        let all = joined_terms(&["Nettoyage des bâtiments communaux", "vitrerie et locaux"]);
        assert_eq!(score(&query_terms("batiment nettoyage"), &title, &all), Some(4.0));
        assert_eq!(score(&query_terms("nettoyage vitreries"), &title, &all), Some(3.0));
        assert_eq!(score(&query_terms("nettoyage restauration"), &title, &all), None);
        assert_eq!(score(&query_terms(""), &title, &all), Some(0.0));
    }

    #[test]
    fn open_means_no_award_and_time_limit_not_passed() {
        let today: Date = "2025-06-02".parse().unwrap();
        assert!(is_open(ProcedureStatus::Open, Some("2025-06-02T12:00:00+02:00"), today));
        assert!(is_open(ProcedureStatus::Open, None, today));
        assert!(!is_open(ProcedureStatus::Open, Some("2025-06-01"), today));
        assert!(!is_open(ProcedureStatus::Closed, Some("2026-01-01"), today));
    }

    #[test]
    fn e_mail_addresses_are_masked() {
        let mut value = serde_json::json!({"a": ["Écrire à marches@ville-evry.fr.", "pas@ici"], "b": 1});
        mask_emails(&mut value);
        assert_eq!(value["a"][0], "Écrire à [adresse électronique masquée].");
        assert_eq!(value["a"][1], "pas@ici");
    }
}
