//! Isolated databases for the suite: a temporary SQLite file, or a fresh PostgreSQL schema.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use essor::store::Store;
use sqlx::AssertSqlSafe;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use tempfile::TempDir;

/// The variable that names the PostgreSQL server of the tests.
pub const DATABASE_URL_VAR: &str = "ESSOR_TEST_DATABASE_URL";

/// One isolated database.
pub enum Fixture {
    /// A SQLite file in a folder that does not exist yet, inside a temporary directory.
    Sqlite {
        /// Removed when the fixture is dropped.
        _dir: TempDir,
        /// The database file.
        path: PathBuf,
    },
    /// A schema of its own on the test server.
    Postgres {
        /// A connection to the server outside the schema, to create, tamper with and drop it.
        admin: PgPool,
        /// The schema's name.
        schema: String,
        /// The server URL with `search_path` set to the schema.
        url: String,
    },
}

impl Fixture {
    /// A fresh SQLite database (the file is created by the first [`Fixture::open`]).
    pub fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("not-yet-created").join("essor.db");
        Fixture::Sqlite { _dir: dir, path }
    }

    /// A fresh schema on the server named by `ESSOR_TEST_DATABASE_URL`, or `None` (after saying so
    /// once on stderr) when the variable is unset.
    pub async fn postgres() -> Option<Fixture> {
        let Ok(base_url) = std::env::var(DATABASE_URL_VAR) else {
            static SAY_SKIPPED: Once = Once::new();
            SAY_SKIPPED.call_once(|| {
                // Straight to stderr: the test harness captures `eprintln!` of passing tests.
                let _ = writeln!(
                    std::io::stderr(),
                    "store_postgres: suite skipped, {DATABASE_URL_VAR} is not set \
                     (e.g. postgres://postgres@127.0.0.1:5432/test)"
                );
            });
            return None;
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let schema = format!("essor_test_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let admin = PgPoolOptions::new().max_connections(2).connect(&base_url).await.expect("test PostgreSQL server");
        sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&admin).await.expect("create schema");
        let separator = if base_url.contains('?') { '&' } else { '?' };
        let url = format!("{base_url}{separator}options[search_path]={schema}");
        Some(Fixture::Postgres { admin, schema, url })
    }

    /// Opens the fixture's database through the public API (running the migrations each time).
    pub async fn open(&self) -> Store {
        match self {
            Fixture::Sqlite { path, .. } => Store::open_sqlite(path).await.expect("open SQLite store"),
            Fixture::Postgres { url, .. } => Store::connect(url).await.expect("connect PostgreSQL store"),
        }
    }

    /// `"sqlite"` or `"postgresql"`, as `Store::backend` should say.
    pub fn backend(&self) -> &'static str {
        match self {
            Fixture::Sqlite { .. } => "sqlite",
            Fixture::Postgres { .. } => "postgresql",
        }
    }

    /// Overwrites a stored record behind the store's back, as a damaged database would hold it.
    pub async fn tamper_with_record(&self, siret: &str, record: &str) {
        let changed = match self {
            Fixture::Sqlite { path, .. } => {
                let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(path)).await.expect("open");
                let done = sqlx::query("UPDATE suppliers SET record = ?1 WHERE siret = ?2")
                    .bind(record)
                    .bind(siret)
                    .execute(&pool)
                    .await
                    .expect("tamper");
                pool.close().await;
                done.rows_affected()
            }
            Fixture::Postgres { admin, schema, .. } => {
                sqlx::query(AssertSqlSafe(format!("UPDATE {schema}.suppliers SET record = $1 WHERE siret = $2")))
                    .bind(record)
                    .bind(siret)
                    .execute(admin)
                    .await
                    .expect("tamper")
                    .rows_affected()
            }
        };
        assert_eq!(changed, 1, "no stored row for {siret}");
    }

    /// Drops what the fixture created on a server (a SQLite file goes with its temporary directory).
    pub async fn cleanup(&self) {
        if let Fixture::Postgres { admin, schema, .. } = self {
            // Retry a few times: a pool of the check may still be closing its connections.
            let drop_schema = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
            for attempt in 1..=3 {
                match sqlx::query(AssertSqlSafe(drop_schema.clone())).execute(admin).await {
                    Ok(_) => break,
                    Err(e) if attempt == 3 => panic!("could not drop test schema {schema}: {e}"),
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
                }
            }
            admin.close().await;
        }
    }
}
