//! Citizens waiting for M-Pesa (the store half of `app::payments::outage`), written once for
//! both backends.

/// Implements [`app::payments::outage::PaymentWaitStore`] for a store type with `pool` and
/// `writer` fields (after [`impl_outbox_store`], whose `notice_rows` queues the SMS). `$lock`
/// locks the waits a release takes (PostgreSQL: `FOR UPDATE OF w SKIP LOCKED`, so servers
/// releasing at once take different waits; SQLite has one writer and needs none).
macro_rules! impl_payment_wait_store {
    ($store:ty, $db:ty, $lock:expr) => {
        mod payment_wait_rows {
            use app::payments::outage::PaymentWait;
            use app::store::StoreError;
            use sqlx::Row;

            /// The columns [`wait`] reads.
            pub(crate) const COLUMNS: &str =
                "citizen_id, bill_ref, since, last_try_at, tries, released_at, outcome";

            pub(crate) fn wait(r: &<$db as sqlx::Database>::Row) -> Result<PaymentWait, StoreError> {
                let m = crate::db::map_err;
                Ok(PaymentWait {
                    citizen_id: r.try_get("citizen_id").map_err(m)?,
                    bill_ref: r.try_get("bill_ref").map_err(m)?,
                    since: r.try_get("since").map_err(m)?,
                    last_try_at: r.try_get("last_try_at").map_err(m)?,
                    tries: r.try_get("tries").map_err(m)?,
                    released_at: r.try_get("released_at").map_err(m)?,
                    outcome: r.try_get("outcome").map_err(m)?,
                })
            }

            /// Pushes a bill's last day to at least `keep_until` (never earlier; a bill without
            /// one never expires anyway).
            pub(crate) async fn keep_payable(
                conn: &mut <$db as sqlx::Database>::Connection,
                bill_ref: &str,
                keep_until: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE invoices SET expires_at = $2 WHERE bill_ref = $1 AND expires_at IS NOT NULL \
                     AND expires_at < $2",
                )
                .bind(bill_ref)
                .bind(keep_until)
                .execute(&mut *conn)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }
        }

        #[async_trait::async_trait]
        impl app::payments::outage::PaymentWaitStore for $store {
            async fn record_payment_wait(
                &self,
                citizen_id: i64,
                bill_ref: &str,
                now: i64,
                keep_until: i64,
            ) -> Result<bool, app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // An open wait counts the try; a released one (an earlier outage) opens again
                // as a new wait, which will get its own message.
                let tries: i64 = sqlx::query_scalar(
                    "INSERT INTO payment_waits (citizen_id, bill_ref, since, last_try_at, tries) \
                     VALUES ($1, $2, $3, $3, 1) ON CONFLICT (citizen_id, bill_ref) DO UPDATE SET \
                     tries = CASE WHEN payment_waits.released_at IS NULL THEN payment_waits.tries + 1 ELSE 1 END, \
                     since = CASE WHEN payment_waits.released_at IS NULL THEN payment_waits.since \
                       ELSE excluded.since END, \
                     last_try_at = excluded.last_try_at, released_at = NULL, outcome = NULL \
                     RETURNING tries",
                )
                .bind(citizen_id)
                .bind(bill_ref)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                payment_wait_rows::keep_payable(&mut tx, bill_ref, keep_until).await?;
                tx.commit().await.map_err(map_err)?;
                Ok(tries == 1)
            }

            async fn payment_wait(
                &self,
                bill_ref: &str,
            ) -> Result<Option<app::payments::outage::PaymentWait>, app::store::StoreError> {
                let row = sqlx::query(&format!(
                    "SELECT {} FROM payment_waits WHERE bill_ref = $1 ORDER BY since DESC LIMIT 1",
                    payment_wait_rows::COLUMNS
                ))
                .bind(bill_ref)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(payment_wait_rows::wait).transpose()
            }

            async fn oldest_payment_wait(&self) -> Result<Option<i64>, app::store::StoreError> {
                sqlx::query_scalar("SELECT MIN(since) FROM payment_waits WHERE released_at IS NULL")
                    .fetch_one(&self.pool)
                    .await
                    .map_err(crate::db::map_err)
            }

            async fn hold_waiting_bills(&self, at_least: i64, until: i64) -> Result<u64, app::store::StoreError> {
                sqlx::query(
                    "UPDATE invoices SET expires_at = $2 WHERE expires_at IS NOT NULL AND expires_at < $1 \
                     AND status <> 'paid' AND bill_ref IN (SELECT bill_ref FROM payment_waits WHERE released_at IS NULL)",
                )
                .bind(at_least)
                .bind(until)
                .execute(&self.writer)
                .await
                .map(|r| r.rows_affected())
                .map_err(crate::db::map_err)
            }

            async fn latest_accepted_push(&self) -> Result<Option<(i64, String)>, app::store::StoreError> {
                sqlx::query_as(
                    "SELECT created_at, checkout_request_id FROM payment_attempts \
                     WHERE checkout_request_id IS NOT NULL ORDER BY created_at DESC LIMIT 1",
                )
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)
            }

            async fn claim_payment_probe(&self, now: i64, every_secs: i64) -> Result<bool, app::store::StoreError> {
                // Conditional: of servers racing for the slot, one matches the row.
                sqlx::query("UPDATE payment_probe SET last_at = $1 WHERE probe_id = 1 AND last_at <= $2")
                    .bind(now)
                    .bind(now - every_secs)
                    .execute(&self.writer)
                    .await
                    .map(|r| r.rows_affected() == 1)
                    .map_err(crate::db::map_err)
            }

            async fn release_payment_waits(
                &self,
                before: i64,
                now: i64,
                limit: u32,
            ) -> Result<app::payments::outage::Released, app::store::StoreError> {
                use crate::db::map_err;
                use app::applications::state::State;
                use app::payments::outage::{Release, Released, WaitFacts, release};
                use app::payments::state::InvoiceStatus;
                use sqlx::Row;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let rows = sqlx::query(&format!(
                    "SELECT w.citizen_id, w.bill_ref, w.since, i.status, a.state, \
                     CAST(CASE WHEN EXISTS (SELECT 1 FROM payment_attempts p WHERE p.bill_ref = w.bill_ref \
                       AND p.checkout_request_id IS NOT NULL AND p.created_at >= w.since) THEN 1 ELSE 0 END \
                       AS BIGINT) AS push_accepted \
                     FROM payment_waits w JOIN invoices i ON i.bill_ref = w.bill_ref \
                     LEFT JOIN applications a ON a.application_id = i.application_id \
                     WHERE w.released_at IS NULL AND w.since < $1 ORDER BY w.since, w.bill_ref LIMIT $2 {}",
                    $lock
                ))
                .bind(before)
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await
                .map_err(map_err)?;
                let mut released = Released::default();
                for r in &rows {
                    let status: String = r.try_get("status").map_err(map_err)?;
                    let app_state: Option<String> = r.try_get("state").map_err(map_err)?;
                    let push_accepted: i64 = r.try_get("push_accepted").map_err(map_err)?;
                    let facts = WaitFacts {
                        citizen_id: r.try_get("citizen_id").map_err(map_err)?,
                        bill_ref: r.try_get("bill_ref").map_err(map_err)?,
                        since: r.try_get("since").map_err(map_err)?,
                        accepts_payment: InvoiceStatus::from_code(&status) != Some(InvoiceStatus::Paid)
                            && app_state.as_deref().is_none_or(|s| s == State::AwaitingPayment.code()),
                        push_accepted: push_accepted != 0,
                    };
                    let decided = release(&facts);
                    let outcome = if matches!(decided, Release::Notify(_)) { "notified" } else { "dropped" };
                    // Conditional on still being this open wait: a wait is released once.
                    let changed = sqlx::query(
                        "UPDATE payment_waits SET released_at = $4, outcome = $5 \
                         WHERE citizen_id = $1 AND bill_ref = $2 AND since = $3 AND released_at IS NULL",
                    )
                    .bind(facts.citizen_id)
                    .bind(&facts.bill_ref)
                    .bind(facts.since)
                    .bind(now)
                    .bind(outcome)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                    if changed == 0 {
                        continue;
                    }
                    match decided {
                        Release::Notify(notice) => {
                            notice_rows::enqueue(&mut tx, &notice, now).await?;
                            released.notified += 1;
                        }
                        Release::Drop => released.dropped += 1,
                    }
                }
                tx.commit().await.map_err(map_err)?;
                Ok(released)
            }
        }
    };
}
