//! The service-draft half of the store contract, written once for both backends.

/// Implements [`app::staff::services::ServiceDraftStore`] for a store type with `pool` and
/// `writer` fields.
macro_rules! impl_service_draft_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl app::staff::services::ServiceDraftStore for $store {
            async fn start_service_draft(
                &self,
                d: &app::staff::services::NewDraft,
            ) -> Result<Result<i64, i64>, app::store::StoreError> {
                use crate::db::map_err;
                let body = crate::db::catalogue::json(&d.service)?;
                let code = d.service.code.as_str();
                // The unique index on open drafts settles two admins starting at once: the
                // loser finds the winner's draft below.
                let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                    "INSERT INTO service_drafts (agency_code, service_code, is_new, body, created_by, created_at, \
                     updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $5, $6) RETURNING draft_id",
                )
                .bind(&d.agency_code)
                .bind(code)
                .bind(i64::from(d.is_new))
                .bind(&body)
                .bind(d.by)
                .bind(d.now)
                .fetch_one(&self.writer)
                .await;
                match inserted {
                    Ok((id,)) => Ok(Ok(id)),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        let open: Option<i64> = sqlx::query_scalar(
                            "SELECT draft_id FROM service_drafts WHERE service_code = $1 AND state = 'draft'",
                        )
                        .bind(code)
                        .fetch_optional(&self.writer)
                        .await
                        .map_err(map_err)?;
                        open.map(Err).ok_or_else(|| {
                            app::store::StoreError::Conflict(format!("draft of {code} closed while starting"))
                        })
                    }
                    Err(e) => Err(map_err(e)),
                }
            }

            async fn service_draft(
                &self,
                agency_code: &str,
                id: i64,
            ) -> Result<Option<app::staff::services::Draft>, app::store::StoreError> {
                let row = sqlx::query(&format!(
                    "{} WHERE d.agency_code = $1 AND d.draft_id = $2",
                    crate::db::service_drafts::SELECT
                ))
                .bind(agency_code)
                .bind(id)
                .fetch_optional(&self.writer)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(draft_rows::draft).transpose()
            }

            async fn open_service_drafts(
                &self,
                agency_code: &str,
                limit: u32,
            ) -> Result<Vec<app::staff::services::Draft>, app::store::StoreError> {
                let rows = sqlx::query(&format!(
                    "{} WHERE d.agency_code = $1 AND d.state = 'draft' ORDER BY d.updated_at DESC, d.draft_id DESC \
                     LIMIT $2",
                    crate::db::service_drafts::SELECT
                ))
                .bind(agency_code)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                rows.iter().map(draft_rows::draft).collect()
            }

            async fn save_service_draft(
                &self,
                id: i64,
                version: i64,
                service: &app::catalogue::model::Service,
                by: i64,
                now: i64,
            ) -> Result<bool, app::store::StoreError> {
                let body = crate::db::catalogue::json(service)?;
                // Compare-and-set on the version: a form showing an older draft changes nothing.
                let n = sqlx::query(
                    "UPDATE service_drafts SET body = $3, version = version + 1, updated_by = $4, updated_at = $5 \
                     WHERE draft_id = $1 AND version = $2 AND state = 'draft'",
                )
                .bind(id)
                .bind(version)
                .bind(&body)
                .bind(by)
                .bind(now)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                Ok(n == 1)
            }

            async fn discard_service_draft(
                &self,
                id: i64,
                version: i64,
                by: i64,
                now: i64,
            ) -> Result<bool, app::store::StoreError> {
                let n = sqlx::query(
                    "UPDATE service_drafts SET state = 'discarded', version = version + 1, closed_by = $3, \
                     closed_at = $4 WHERE draft_id = $1 AND version = $2 AND state = 'draft'",
                )
                .bind(id)
                .bind(version)
                .bind(by)
                .bind(now)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                Ok(n == 1)
            }

            async fn publish_service_draft(
                &self,
                id: i64,
                version: i64,
                service: &app::catalogue::model::Service,
                by: i64,
                now: i64,
            ) -> Result<app::staff::services::PublishOutcome, app::store::StoreError> {
                use crate::db::map_err;
                use app::staff::services::PublishOutcome;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // Closing the draft first takes its row lock (PostgreSQL) or the write lock
                // (SQLite), so of two admins publishing at once exactly one writes the catalogue.
                let closed = sqlx::query(
                    "UPDATE service_drafts SET state = 'published', version = version + 1, closed_by = $3, \
                     closed_at = $4 WHERE draft_id = $1 AND version = $2 AND state = 'draft'",
                )
                .bind(id)
                .bind(version)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if closed != 1 {
                    return Ok(PublishOutcome::Stale);
                }
                let is_new: i64 = sqlx::query_scalar("SELECT is_new FROM service_drafts WHERE draft_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if is_new == 1 {
                    // A new service's code may have been taken since the draft began (an import).
                    let taken: Option<i64> = sqlx::query_scalar("SELECT service_id FROM services WHERE code = $1")
                        .bind(service.code.as_str())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    if taken.is_some() {
                        return Ok(PublishOutcome::CodeTaken);
                    }
                }
                let batch = app::catalogue::ports::CatalogueBatch { agencies: vec![], services: vec![service.clone()] };
                match Self::write_catalogue(&mut tx, &batch, is_new == 0).await {
                    Ok(_) => {}
                    Err(app::store::StoreError::Conflict(_)) => return Ok(PublishOutcome::CodeTaken),
                    Err(e) => return Err(e),
                }
                tx.commit().await.map_err(map_err)?;
                Ok(PublishOutcome::Published)
            }
        }

        /// Reading draft rows.
        mod draft_rows {
            use app::staff::services::{Draft, DraftState};
            use app::store::StoreError;
            use sqlx::Row;

            pub(super) fn draft(r: &<$db as sqlx::Database>::Row) -> Result<Draft, StoreError> {
                let m = crate::db::map_err;
                let id: i64 = r.try_get("draft_id").map_err(m)?;
                let state: String = r.try_get("state").map_err(m)?;
                let body: String = r.try_get("body").map_err(m)?;
                let is_new: i64 = r.try_get("is_new").map_err(m)?;
                let first: Option<String> = r.try_get("first_name").map_err(m)?;
                let other: Option<String> = r.try_get("other_names").map_err(m)?;
                Ok(Draft {
                    id,
                    agency_code: r.try_get("agency_code").map_err(m)?,
                    is_new: is_new == 1,
                    service: crate::db::catalogue::parse_json(&body, "service draft", &id.to_string())?,
                    state: DraftState::from_code(&state)
                        .ok_or_else(|| crate::db::accounts::bad("service draft state", &state))?,
                    version: r.try_get("version").map_err(m)?,
                    created_by: r.try_get("created_by").map_err(m)?,
                    updated_by: r.try_get("updated_by").map_err(m)?,
                    updated_by_name: crate::db::person_name(first, other).unwrap_or_default(),
                    updated_at: r.try_get("updated_at").map_err(m)?,
                })
            }
        }
    };
}

/// What every draft query selects (`d`, with the last editor's name).
pub(crate) const SELECT: &str = "SELECT d.draft_id, d.agency_code, d.is_new, d.body, d.state, d.version, \
     d.created_by, d.updated_by, d.updated_at, a.first_name, a.other_names FROM service_drafts d \
     LEFT JOIN accounts a ON a.account_id = d.updated_by";
