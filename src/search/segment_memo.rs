//! Tables derived from one segment's columns, read once per segment and then shared.
//!
//! A segment never changes once written (deletes only hide documents), so what is read from its
//! columns for every document (facet keys, points) stays true as long as the segment exists. The
//! memory is keyed by segment id and field, and emptied when it grows past a few segments: a
//! reader holds a handful, and segments replaced by merges or rebuilds are never asked for again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::SegmentReader;
use tantivy::index::SegmentId;

/// Tables remembered before the memory is emptied and refilled.
const REMEMBERED_TABLES: usize = 64;

/// The tables, by segment and field.
type Tables<T> = HashMap<(SegmentId, &'static str), Arc<T>>;

/// Per segment and field, one table of type `T`.
pub(crate) struct SegmentMemo<T> {
    tables: Mutex<Option<Tables<T>>>,
}

impl<T> SegmentMemo<T> {
    /// An empty memory.
    pub(crate) const fn new() -> SegmentMemo<T> {
        SegmentMemo { tables: Mutex::new(None) }
    }

    /// The table of `field` in this segment: remembered, or made by `read` and remembered.
    pub(crate) fn get_or_read(
        &self,
        segment: &SegmentReader,
        field: &'static str,
        read: impl FnOnce(&SegmentReader) -> tantivy::Result<T>,
    ) -> tantivy::Result<Arc<T>> {
        let id = (segment.segment_id(), field);
        if let Some(table) = self.tables.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert_default().get(&id)
        {
            return Ok(Arc::clone(table));
        }
        // Read without holding the lock: two searches may both read a new segment, the last one is kept.
        let table = Arc::new(read(segment)?);
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        let tables = tables.get_or_insert_default();
        if tables.len() >= REMEMBERED_TABLES {
            tables.clear();
        }
        tables.insert(id, Arc::clone(&table));
        Ok(table)
    }
}
