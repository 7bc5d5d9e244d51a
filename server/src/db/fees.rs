//! The fee-change half of the store contract (maker-checker fee changes), written once for both
//! backends.

/// Implements [`app::staff::fees::FeeChangeStore`] for a store type with `pool` and `writer`
/// fields.
macro_rules! impl_fee_change_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl app::staff::fees::FeeChangeStore for $store {
            async fn propose_fee_change(
                &self,
                c: &app::staff::fees::NewFeeChange,
            ) -> Result<i64, app::store::StoreError> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO fee_changes (agency_code, service_code, variant_code, old_amount_minor, \
                     new_amount_minor, effective_from, reason, state, proposed_by, proposed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8, $9) RETURNING change_id",
                )
                .bind(&c.agency_code)
                .bind(&c.service_code)
                .bind(&c.variant_code)
                .bind(c.old_amount_minor)
                .bind(c.new_amount_minor)
                .bind(&c.effective_from)
                .bind(&c.reason)
                .bind(c.proposed_by)
                .bind(c.now)
                .fetch_one(&self.writer)
                .await
                .map_err(crate::db::map_err)?;
                Ok(id)
            }

            async fn fee_changes_of(
                &self,
                agency_code: &str,
                limit: u32,
            ) -> Result<Vec<app::staff::fees::FeeChange>, app::store::StoreError> {
                let rows = sqlx::query(&format!(
                    "{} WHERE f.agency_code = $1 ORDER BY f.proposed_at DESC, f.change_id DESC LIMIT $2",
                    crate::db::fees::SELECT
                ))
                .bind(agency_code)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                rows.iter().map(fee_rows::change).collect()
            }

            async fn fee_change(
                &self,
                agency_code: &str,
                id: i64,
            ) -> Result<Option<app::staff::fees::FeeChange>, app::store::StoreError> {
                let row =
                    sqlx::query(&format!("{} WHERE f.agency_code = $1 AND f.change_id = $2", crate::db::fees::SELECT))
                        .bind(agency_code)
                        .bind(id)
                        .fetch_optional(&self.writer)
                        .await
                        .map_err(crate::db::map_err)?;
                row.as_ref().map(fee_rows::change).transpose()
            }

            async fn set_fee_change_state(
                &self,
                id: i64,
                from: app::staff::fees::FeeChangeState,
                to: app::staff::fees::FeeChangeState,
                by: i64,
                note: &str,
                now: i64,
            ) -> Result<bool, app::store::StoreError> {
                // Compare-and-set on the state: of two admins deciding at once, one does.
                let n = sqlx::query(
                    "UPDATE fee_changes SET state = $3, decided_by = CASE WHEN $3 = 'withdrawn' THEN NULL ELSE $4 END, \
                     decided_at = $6, decision_note = $5 WHERE change_id = $1 AND state = $2",
                )
                .bind(id)
                .bind(from.code())
                .bind(to.code())
                .bind(by)
                .bind(note)
                .bind(now)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                Ok(n == 1)
            }

            async fn apply_due_fee_changes(&self, today: &str, now: i64) -> Result<u64, app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // Oldest first, so of two approved changes to one price the later-dated wins.
                let due: Vec<(i64, String, String, i64)> = sqlx::query_as(
                    "SELECT change_id, service_code, variant_code, new_amount_minor FROM fee_changes \
                     WHERE state = 'approved' AND effective_from <= $1 ORDER BY effective_from, change_id",
                )
                .bind(today)
                .fetch_all(&mut *tx)
                .await
                .map_err(map_err)?;
                if due.is_empty() {
                    return Ok(0);
                }
                for (id, service, variant, amount) in &due {
                    sqlx::query(
                        "UPDATE service_fee_variants SET amount_minor = $3 WHERE variant_code = $2 \
                         AND service_id = (SELECT service_id FROM services WHERE code = $1)",
                    )
                    .bind(service)
                    .bind(variant)
                    .bind(amount)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                    sqlx::query("UPDATE fee_changes SET state = 'applied', applied_at = $2 WHERE change_id = $1")
                        .bind(id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                }
                // Every server reloads the catalogue when this moves.
                sqlx::query("UPDATE catalogue_version SET version = version + 1 WHERE id = 1")
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(due.len() as u64)
            }
        }

        /// Reading fee-change rows.
        mod fee_rows {
            use app::staff::fees::{FeeChange, FeeChangeState};
            use app::store::StoreError;
            use sqlx::Row;

            pub(super) fn change(r: &<$db as sqlx::Database>::Row) -> Result<FeeChange, StoreError> {
                let m = crate::db::map_err;
                let state: String = r.try_get("state").map_err(m)?;
                let first: Option<String> = r.try_get("first_name").map_err(m)?;
                let other: Option<String> = r.try_get("other_names").map_err(m)?;
                Ok(FeeChange {
                    id: r.try_get("change_id").map_err(m)?,
                    agency_code: r.try_get("agency_code").map_err(m)?,
                    service_code: r.try_get("service_code").map_err(m)?,
                    variant_code: r.try_get("variant_code").map_err(m)?,
                    old_amount_minor: r.try_get("old_amount_minor").map_err(m)?,
                    new_amount_minor: r.try_get("new_amount_minor").map_err(m)?,
                    effective_from: r.try_get("effective_from").map_err(m)?,
                    reason: r.try_get("reason").map_err(m)?,
                    state: FeeChangeState::from_code(&state)
                        .ok_or_else(|| crate::db::accounts::bad("fee change state", &state))?,
                    proposed_by: r.try_get("proposed_by").map_err(m)?,
                    proposed_by_name: crate::db::person_name(first, other).unwrap_or_default(),
                    decided_by: r.try_get("decided_by").map_err(m)?,
                    decision_note: r.try_get("decision_note").map_err(m)?,
                })
            }
        }
    };
}

/// What every fee-change query selects (`f`, with the proposer's name).
pub(crate) const SELECT: &str = "SELECT f.change_id, f.agency_code, f.service_code, f.variant_code, \
     f.old_amount_minor, f.new_amount_minor, f.effective_from, f.reason, f.state, f.proposed_by, f.decided_by, \
     f.decision_note, a.first_name, a.other_names FROM fee_changes f LEFT JOIN accounts a ON a.account_id = f.proposed_by";
