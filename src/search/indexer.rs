//! Writing suppliers into the index, and the checkpoint that ties the index to the store.
//!
//! Documents are written in geographic order ([`z_order`]): neighbours get close document numbers,
//! which lets searches near a point or in a département skip most of each segment.
//!
//! Every write ends with one commit whose payload records the store's change number and the
//! document layout version: on restart the caller compares it with the store and replays what
//! changed after it, or rebuilds when there is none.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::IndexContext;
use super::document::to_document;
use super::error::IndexError;
use super::geo::z_order;
use super::schema::{Fields, LAYOUT_VERSION};
use crate::domain::Supplier;

/// Batches from this size on are written with the large writer.
const LARGE_BATCH: usize = 5_000;
/// Indexing threads and total memory budget of the writer for large batches (rebuilds).
const LARGE_WRITER: (usize, usize) = (2, 512 << 20);
/// Indexing threads and total memory budget of the writer for small batches.
const SMALL_WRITER: (usize, usize) = (1, 40 << 20);

/// What a commit records.
#[derive(Debug, Serialize, Deserialize)]
struct CommitPayload {
    /// [`LAYOUT_VERSION`] of the documents.
    layout: u32,
    /// The store's change number the index reflects.
    checkpoint: i64,
}

/// How a batch is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteMode {
    /// The batch replaces the whole content of the index.
    Rebuild,
    /// Each supplier of the batch replaces the document with its SIRET, if any.
    Upsert,
}

/// Writes a batch and commits it with the checkpoint; on error nothing of the batch is kept.
pub(crate) fn write(
    index: &Index,
    fields: &Fields,
    suppliers: &[Supplier],
    checkpoint: i64,
    ctx: &IndexContext,
    mode: WriteMode,
) -> Result<(), IndexError> {
    let (threads, budget) = if suppliers.len() >= LARGE_BATCH { LARGE_WRITER } else { SMALL_WRITER };
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(threads, budget).map_err(IndexError::engine("l'ouverture en écriture"))?;
    if mode == WriteMode::Rebuild {
        writer.delete_all_documents().map_err(IndexError::engine("la remise à zéro"))?;
    }
    for supplier in in_writing_order(suppliers, ctx) {
        if mode == WriteMode::Upsert {
            writer.delete_term(Term::from_field_text(fields.siret, supplier.siret.as_str()));
        }
        writer
            .add_document(to_document(supplier, fields, ctx))
            .map_err(IndexError::engine("l'ajout d'un fournisseur"))?;
    }
    // Serializing two integers cannot fail; an empty payload would only force a rebuild.
    let payload = serde_json::to_string(&CommitPayload { layout: LAYOUT_VERSION, checkpoint }).unwrap_or_default();
    let mut prepared = writer.prepare_commit().map_err(IndexError::engine("la préparation du commit"))?;
    prepared.set_payload(&payload);
    prepared.commit().map_err(IndexError::engine("le commit"))?;
    writer.wait_merging_threads().map_err(IndexError::engine("la fusion des segments"))
}

/// The suppliers of a batch in the order they are written: the last record of a SIRET wins (earlier
/// ones are skipped), and the others go by [`z_order`] of their place (suppliers without one last,
/// ties in batch order), so that document numbers follow geography.
fn in_writing_order<'s>(suppliers: &'s [Supplier], ctx: &IndexContext) -> impl Iterator<Item = &'s Supplier> {
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(suppliers.len());
    for (i, s) in suppliers.iter().enumerate() {
        last.insert(s.siret.as_str(), i);
    }
    let mut order: Vec<(u64, usize)> = suppliers
        .iter()
        .enumerate()
        .filter(|(i, s)| last.get(s.siret.as_str()) == Some(i))
        .map(|(i, s)| (s.point(ctx.gazetteer).map_or(u64::MAX, z_order), i))
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| &suppliers[i])
}

/// The checkpoint of the last commit, if it was written with the current layout.
pub(crate) fn read_checkpoint(index: &Index) -> Option<i64> {
    let metas = index.load_metas().ok()?;
    let payload: CommitPayload = serde_json::from_str(metas.payload.as_deref()?).ok()?;
    (payload.layout == LAYOUT_VERSION).then_some(payload.checkpoint)
}
