//! The outbox half of the store contract, written once for both backends.

/// Implements [`app::notifications::outbox::OutboxStore`], and `notice_rows::enqueue` for the
/// transactions that queue messages, for a store type with `pool` and `writer` fields.
macro_rules! impl_outbox_store {
    ($store:ty, $db:ty, $skip_locked:expr) => {
        /// Queueing messages inside another transaction.
        mod notice_rows {
            use app::notifications::outbox::NewNotice;
            use app::store::StoreError;

            /// Queues `n` unless a message with its key is already queued; due at once.
            pub(crate) async fn enqueue(
                conn: &mut <$db as sqlx::Database>::Connection,
                n: &NewNotice,
                now: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO notifications (dedupe_key, kind, subject, citizen_id, phone, next_attempt_at, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO NOTHING",
                )
                .bind(&n.dedupe_key)
                .bind(n.kind.code())
                .bind(&n.subject)
                .bind(n.citizen_id)
                .bind(n.phone.as_deref())
                .bind(now)
                .execute(&mut *conn)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }
        }

        #[async_trait::async_trait]
        impl app::notifications::outbox::OutboxStore for $store {
            async fn claim_notices(
                &self,
                now: i64,
                limit: u32,
            ) -> Result<Vec<app::notifications::outbox::Notice>, app::store::StoreError> {
                use app::notifications::outbox::{CLAIM_SECS, Notice, NoticeKind};
                use crate::db::map_err;
                use sqlx::Row;
                // One conditional UPDATE: of two servers racing for a row, one matches it and
                // the other finds it claimed.
                let rows = sqlx::query(&format!(
                    "UPDATE notifications SET claimed_until = $1 + {CLAIM_SECS} WHERE notification_id IN \
                     (SELECT notification_id FROM notifications WHERE status = 'queued' AND next_attempt_at <= $1 \
                      AND claimed_until < $1 ORDER BY next_attempt_at LIMIT $2 {lock}) AND claimed_until < $1 \
                     RETURNING notification_id, kind, subject, citizen_id, phone, attempts",
                    lock = $skip_locked,
                ))
                .bind(now)
                .bind(i64::from(limit))
                .fetch_all(&self.writer)
                .await
                .map_err(map_err)?;
                rows.iter()
                    .map(|r| {
                        let kind: String = r.try_get("kind").map_err(map_err)?;
                        Ok(Notice {
                            id: r.try_get("notification_id").map_err(map_err)?,
                            kind: NoticeKind::from_code(&kind)
                                .ok_or_else(|| crate::db::accounts::bad("notification kind", &kind))?,
                            subject: r.try_get("subject").map_err(map_err)?,
                            citizen_id: r.try_get("citizen_id").map_err(map_err)?,
                            phone: r.try_get("phone").map_err(map_err)?,
                            attempts: r.try_get("attempts").map_err(map_err)?,
                        })
                    })
                    .collect()
            }

            async fn record_notice_attempts(
                &self,
                now: i64,
                results: &[app::notifications::outbox::NoticeResult],
            ) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                if results.is_empty() {
                    return Ok(());
                }
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                for r in results {
                    sqlx::query(
                        "UPDATE notifications SET attempts = attempts + 1, status = $2, next_attempt_at = $3, \
                         claimed_until = 0, provider_message_id = COALESCE($4, provider_message_id), last_error = $5, \
                         sent_at = CASE WHEN $2 = 'sent' THEN $6 ELSE sent_at END WHERE notification_id = $1",
                    )
                    .bind(r.id)
                    .bind(r.status.code())
                    .bind(r.next_at)
                    .bind(r.provider_message_id.as_deref())
                    .bind(&r.error)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                tx.commit().await.map_err(map_err)
            }

            async fn notice_counts(&self) -> Result<Vec<(String, i64)>, app::store::StoreError> {
                sqlx::query_as(
                    "SELECT status, CAST(COUNT(*) AS BIGINT) FROM notifications GROUP BY status ORDER BY status",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)
            }
        }
    };
}
