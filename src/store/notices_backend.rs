//! Notices on both backends (see [`super::notices`] for the design): the same statements, read on each
//! backend's reading pool and written in its write transaction. PostgreSQL also locks the
//! publications table for the import (SQLite's write transaction is already exclusive).

/// The notice queries of one backend, in module `$module`.
macro_rules! notice_queries {
    ($module:ident, $store:ty, $db:ty, $conn:ty, $reader:ident, $begin:ident, $lock:expr) => {
        mod $module {
            use sqlx::QueryBuilder;

            use crate::domain::CpvCatalogue;
            use crate::notices::Notice;
            use crate::notices::procedure::{Procedure, fold};
            use crate::notices::search::NoticeQuery;
            use crate::store::error::StoreError;
            use crate::store::notices::{
                ImportTally, NoticeCandidate, NoticeImport, ProcedureRow, PublicationRow, SqlPart, decode_procedure,
                decode_publication, filters, sql,
            };
            use crate::store::rows;

            impl $store {
                /// See [`Store::import_notices`](super::Store::import_notices).
                pub(in crate::store) async fn import_notices(
                    &self,
                    notices: &[Notice],
                    cpv: &CpvCatalogue,
                ) -> Result<NoticeImport, StoreError> {
                    const ACTION: &str = "enregistrement des avis";
                    let mut tx = self.$begin(ACTION).await?;
                    // One import of notices at a time: two files of the same procedure never fold it side by side.
                    if let Some(lock) = $lock {
                        sqlx::query(lock).execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
                    }
                    let mut tally = ImportTally::default();
                    for notice in notices {
                        let row = PublicationRow::from_notice(notice)?;
                        let stored: Option<(String, String)> = sqlx::query_as(sql::STORED_PUBLICATION)
                            .bind(&row.id)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(StoreError::query(ACTION))?;
                        if tally.count(&row, stored) {
                            sqlx::query(sql::INSERT_PUBLICATION)
                                .bind(&row.id)
                                .bind(&row.procedure_id)
                                .bind(&row.format)
                                .bind(&row.kind)
                                .bind(&row.published)
                                .bind(&row.record)
                                .execute(&mut *tx)
                                .await
                                .map_err(StoreError::query(ACTION))?;
                        }
                    }
                    for key in std::mem::take(&mut tally.touched) {
                        let procedure = refold(&mut tx, &key).await?;
                        sqlx::query(sql::DELETE_PROCEDURE)
                            .bind(&key)
                            .execute(&mut *tx)
                            .await
                            .map_err(StoreError::query(ACTION))?;
                        if let Some(procedure) = procedure {
                            write_procedure(&mut tx, &ProcedureRow::from_procedure(&procedure, cpv)?).await?;
                            tally.outcome.procedures.push((key, procedure.status));
                        }
                    }
                    tx.commit().await.map_err(StoreError::query(ACTION))?;
                    Ok(tally.outcome)
                }

                /// See [`Store::notice_candidates`](super::Store::notice_candidates).
                pub(in crate::store) async fn notice_candidates(
                    &self,
                    query: &NoticeQuery,
                ) -> Result<Vec<NoticeCandidate>, StoreError> {
                    let mut select = QueryBuilder::<$db>::new(sql::CANDIDATES);
                    for part in filters(query) {
                        match part {
                            SqlPart::Text(text) => select.push(text),
                            SqlPart::Value(value) => select.push_bind(value),
                        };
                    }
                    let found: Vec<(String, String, String, Option<String>)> = select
                        .build_query_as()
                        .fetch_all(&self.$reader)
                        .await
                        .map_err(StoreError::query("recherche des avis"))?;
                    Ok(found
                        .into_iter()
                        .map(|(procedure_id, title_terms, terms, published)| NoticeCandidate {
                            procedure_id,
                            title_terms,
                            terms,
                            published,
                        })
                        .collect())
                }

                /// See [`Store::procedure`](super::Store::procedure).
                pub(in crate::store) async fn procedure(&self, key: &str) -> Result<Option<Procedure>, StoreError> {
                    let stored: Option<(String, String)> = sqlx::query_as(sql::PROCEDURE)
                        .bind(key)
                        .fetch_optional(&self.$reader)
                        .await
                        .map_err(StoreError::query("lecture d'un avis"))?;
                    stored.map(|(key, record)| decode_procedure(&key, &record)).transpose()
                }

                /// See [`Store::count_notices`](super::Store::count_notices).
                pub(in crate::store) async fn count_notices(&self) -> Result<u64, StoreError> {
                    let count: i64 = sqlx::query_scalar(sql::COUNT)
                        .fetch_one(&self.$reader)
                        .await
                        .map_err(StoreError::query("comptage des avis"))?;
                    Ok(rows::count_from_sql(count))
                }
            }

            /// The procedure `key` folded from all its stored publications.
            async fn refold(conn: &mut $conn, key: &str) -> Result<Option<Procedure>, StoreError> {
                let stored: Vec<(String, String)> = sqlx::query_as(sql::PUBLICATIONS_OF)
                    .bind(key)
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(StoreError::query("lecture des avis d'une procédure"))?;
                let notices =
                    stored.iter().map(|(id, record)| decode_publication(id, record)).collect::<Result<Vec<_>, _>>()?;
                Ok(fold(notices))
            }

            /// Writes a procedure's rows (its old rows already deleted).
            async fn write_procedure(conn: &mut $conn, row: &ProcedureRow) -> Result<(), StoreError> {
                const ACTION: &str = "enregistrement d'une procédure";
                sqlx::query(sql::INSERT_PROCEDURE)
                    .bind(&row.procedure_id)
                    .bind(&row.id)
                    .bind(row.status)
                    .bind(&row.format)
                    .bind(&row.title)
                    .bind(&row.buyer_name)
                    .bind(&row.buyer_siret)
                    .bind(&row.published)
                    .bind(&row.deadline)
                    .bind(&row.deadline_date)
                    .bind(row.reserved)
                    .bind(&row.title_terms)
                    .bind(&row.terms)
                    .bind(&row.record)
                    .execute(&mut *conn)
                    .await
                    .map_err(StoreError::query(ACTION))?;
                for lot in &row.lots {
                    sqlx::query(sql::INSERT_LOT)
                        .bind(&row.procedure_id)
                        .bind(&lot.lot_id)
                        .bind(&lot.title)
                        .bind(&lot.cpv)
                        .bind(&lot.departments)
                        .bind(&lot.communes)
                        .bind(&lot.post_codes)
                        .bind(lot.estimated_value_eur)
                        .bind(lot.duration_months)
                        .bind(&lot.deadline)
                        .bind(lot.reserved)
                        .bind(&lot.reservation)
                        .bind(lot.social_clause)
                        .bind(&row.buyer_siret)
                        .bind(&lot.record)
                        .execute(&mut *conn)
                        .await
                        .map_err(StoreError::query(ACTION))?;
                }
                for (insert, values) in [(sql::INSERT_DEPARTMENT, &row.departments), (sql::INSERT_CPV, &row.cpv)] {
                    for value in values {
                        sqlx::query(insert)
                            .bind(&row.procedure_id)
                            .bind(value)
                            .execute(&mut *conn)
                            .await
                            .map_err(StoreError::query(ACTION))?;
                    }
                }
                Ok(())
            }
        }
    };
}

notice_queries!(
    postgres,
    crate::store::postgres::PostgresStore,
    sqlx::Postgres,
    sqlx::PgConnection,
    pool,
    begin,
    Some("LOCK TABLE notice_publications IN EXCLUSIVE MODE")
);
notice_queries!(
    sqlite,
    crate::store::sqlite::SqliteStore,
    sqlx::Sqlite,
    sqlx::SqliteConnection,
    reader,
    begin_write,
    None::<&str>
);
