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
                     created_at, recipient) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING",
                )
                .bind(&n.dedupe_key)
                .bind(n.kind.code())
                .bind(&n.subject)
                .bind(n.citizen_id)
                .bind(n.phone.as_deref())
                .bind(now)
                .bind(app::notifications::outbox::recipient_key(n.citizen_id, n.phone.as_deref()))
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
                claim_secs: i64,
                limit: u32,
            ) -> Result<Vec<app::notifications::outbox::Notice>, app::store::StoreError> {
                use app::notifications::outbox::{Notice, NoticeKind};
                use crate::db::map_err;
                use sqlx::Row;
                // One conditional UPDATE: of two servers racing for a row, one matches it and
                // the other finds it claimed. A claimed message is in doubt until its outcome is
                // recorded (a crash mid-send leaves it so), and one message per recipient is in
                // doubt at a time, so a delivery report for a phone names one message: a claim
                // takes a recipient's oldest due message only, none while another is in doubt,
                // and of several in doubt (two servers raced) the oldest first.
                let rows = sqlx::query(&format!(
                    "UPDATE notifications SET claimed_until = $1 + $3, \
                     in_doubt_since = COALESCE(in_doubt_since, $1) WHERE notification_id IN \
                     (SELECT n.notification_id FROM notifications n WHERE n.status = 'queued' \
                      AND n.next_attempt_at <= $1 AND n.claimed_until < $1 \
                      AND NOT EXISTS (SELECT 1 FROM notifications o WHERE o.status = 'queued' \
                        AND o.recipient = n.recipient AND o.notification_id <> n.notification_id \
                        AND ((o.in_doubt_since IS NOT NULL AND (n.in_doubt_since IS NULL \
                              OR o.notification_id < n.notification_id)) \
                          OR (n.in_doubt_since IS NULL AND o.next_attempt_at <= $1 \
                              AND o.notification_id < n.notification_id))) \
                      ORDER BY n.next_attempt_at LIMIT $2 {lock}) \
                     AND claimed_until < $1 \
                     RETURNING notification_id, kind, subject, citizen_id, phone, attempts, channel, recipient, \
                     in_doubt_since",
                    lock = $skip_locked,
                ))
                .bind(now)
                .bind(i64::from(limit))
                .bind(claim_secs)
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
                            channel: r.try_get("channel").map_err(map_err)?,
                            recipient: r.try_get("recipient").map_err(map_err)?,
                            in_doubt_since: r.try_get("in_doubt_since").map_err(map_err)?,
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
                let mut woken = false;
                for r in results {
                    // Only a message still queued: if this pass outlived its claim, another
                    // server may have taken the message over and recorded it sent, and a late
                    // "queued" from here would have it sent again.
                    let updated = sqlx::query(
                        // A delivery report that came before this record is applied now.
                        "UPDATE notifications SET attempts = attempts + $9, in_doubt_since = $10, \
                         status = CASE WHEN $2 = 'sent' THEN COALESCE((SELECT outcome FROM sms_delivery_reports \
                           WHERE provider_message_id = $4), 'sent') ELSE $2 END, \
                         delivery_status = COALESCE((SELECT status FROM sms_delivery_reports \
                           WHERE provider_message_id = $4), delivery_status), \
                         next_attempt_at = $3, claimed_until = 0, \
                         provider_message_id = COALESCE($4, provider_message_id), \
                         last_error = COALESCE((SELECT failure_reason FROM sms_delivery_reports \
                           WHERE provider_message_id = $4 AND outcome = 'failed'), $5), \
                         sent_at = CASE WHEN $2 = 'sent' THEN $6 ELSE sent_at END, \
                         channel = $7, body = COALESCE($8, body) \
                         WHERE notification_id = $1 AND status = 'queued'",
                    )
                    .bind(r.id)
                    .bind(r.status.code())
                    .bind(r.next_at)
                    .bind(r.provider_message_id.as_deref())
                    .bind(&r.error)
                    .bind(now)
                    .bind(r.channel)
                    .bind(r.body.as_deref())
                    .bind(i64::from(r.attempted))
                    .bind(r.in_doubt_since)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                    if updated == 0 {
                        tracing::warn!(
                            notice = r.id,
                            "a message was settled by another server after this one's claim lapsed; keeping that outcome"
                        );
                        continue;
                    }
                    if r.status == app::notifications::outbox::NoticeStatus::Sent && r.channel == "sms" {
                        // The network said "undeliverable" before the send was recorded: go by
                        // email, as a report arriving after it would have sent it.
                        let moved = sqlx::query(
                            "UPDATE notifications SET status = 'queued', channel = 'email', next_attempt_at = $2 \
                             WHERE notification_id = $1 AND status = 'failed' AND channel = 'sms' \
                             AND citizen_id IN (SELECT account_id FROM accounts WHERE email IS NOT NULL)",
                        )
                        .bind(r.id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?
                        .rows_affected();
                        woken |= moved > 0;
                    }
                }
                tx.commit().await.map_err(map_err)?;
                if woken {
                    app::notifications::outbox::wake();
                }
                Ok(())
            }

            async fn notice_counts(&self) -> Result<Vec<(String, i64)>, app::store::StoreError> {
                sqlx::query_as(
                    "SELECT status, CAST(COUNT(*) AS BIGINT) FROM notifications GROUP BY status ORDER BY status",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)
            }

            async fn unexplained_report(
                &self,
                recipient: &str,
                phone: &str,
                since: i64,
            ) -> Result<Option<app::notifications::outbox::UnexplainedReport>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT d.provider_message_id, d.outcome, d.failure_reason FROM sms_delivery_reports d \
                     WHERE d.phone = $2 AND d.received_at >= $3 \
                     AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.provider_message_id = d.provider_message_id) \
                     AND NOT EXISTS (SELECT 1 FROM sms_direct_sends s WHERE s.provider_message_id = d.provider_message_id) \
                     AND (SELECT COUNT(*) FROM notifications n WHERE n.recipient = $1 AND n.in_doubt_since IS NOT NULL) = 1 \
                     ORDER BY d.received_at LIMIT 1",
                )
                .bind(recipient)
                .bind(phone)
                .bind(since)
                .fetch_optional(&self.writer)
                .await
                .map_err(map_err)?;
                row.map(|r| {
                    Ok(app::notifications::outbox::UnexplainedReport {
                        message_id: r.try_get("provider_message_id").map_err(map_err)?,
                        outcome: r.try_get("outcome").map_err(map_err)?,
                        failure_reason: r.try_get("failure_reason").map_err(map_err)?,
                    })
                })
                .transpose()
            }

            async fn record_direct_send(
                &self,
                message_id: &str,
                phone: &str,
                now: i64,
            ) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                sqlx::query(
                    "INSERT INTO sms_direct_sends (provider_message_id, phone, sent_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (provider_message_id) DO NOTHING",
                )
                .bind(message_id)
                .bind(phone)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                // A report comes within minutes; a day's record is plenty.
                sqlx::query("DELETE FROM sms_direct_sends WHERE sent_at < $1")
                    .bind(now - 24 * 3600)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)
            }
        }
    };
}

/// Implements [`app::notifications::ports::MessageStore`] for a store type with `pool` and
/// `writer` fields (after [`impl_outbox_store`], whose `notice_rows` it uses).
macro_rules! impl_message_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl app::notifications::ports::MessageStore for $store {
            async fn record_delivery_report(
                &self,
                report: &app::notifications::ports::DeliveryReport,
                outcome: Option<&'static str>,
                now: i64,
            ) -> Result<bool, app::store::StoreError> {
                use crate::db::map_err;
                let reason: String = report.failure_reason.chars().take(200).collect();
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // A final word is not undone by a late "on its way".
                sqlx::query(
                    "INSERT INTO sms_delivery_reports (provider_message_id, status, outcome, failure_reason, \
                     network_code, received_at, phone) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (provider_message_id) DO UPDATE SET \
                     status = CASE WHEN excluded.outcome IS NULL AND sms_delivery_reports.outcome IS NOT NULL \
                       THEN sms_delivery_reports.status ELSE excluded.status END, \
                     outcome = COALESCE(excluded.outcome, sms_delivery_reports.outcome), \
                     failure_reason = excluded.failure_reason, network_code = excluded.network_code, \
                     received_at = excluded.received_at",
                )
                .bind(&report.message_id)
                .bind(&report.status)
                .bind(outcome)
                .bind(&reason)
                .bind(report.network_code.chars().take(20).collect::<String>())
                .bind(now)
                .bind(app::contact::PhoneNumber::parse(&report.phone).map(|p| p.as_str().to_string()).unwrap_or_default())
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                if outcome == Some("failed") {
                    // Undeliverable to the phone: sent again by email when the citizen has one.
                    let moved = sqlx::query(
                        "UPDATE notifications SET status = 'queued', channel = 'email', next_attempt_at = $2, \
                         claimed_until = 0, delivery_status = $3, last_error = $4 \
                         WHERE provider_message_id = $1 AND channel = 'sms' AND status IN ('sent', 'delivered') \
                         AND citizen_id IN (SELECT account_id FROM accounts WHERE email IS NOT NULL)",
                    )
                    .bind(&report.message_id)
                    .bind(now)
                    .bind(&report.status)
                    .bind(&reason)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                    if moved > 0 {
                        tx.commit().await.map_err(map_err)?;
                        app::notifications::outbox::wake();
                        return Ok(true);
                    }
                }
                let n = sqlx::query(
                    "UPDATE notifications SET \
                     status = COALESCE((SELECT outcome FROM sms_delivery_reports WHERE provider_message_id = $1), status), \
                     delivery_status = (SELECT status FROM sms_delivery_reports WHERE provider_message_id = $1), \
                     last_error = COALESCE((SELECT failure_reason FROM sms_delivery_reports \
                       WHERE provider_message_id = $1 AND outcome = 'failed'), last_error) \
                     WHERE provider_message_id = $1 AND status IN ('sent', 'delivered', 'failed')",
                )
                .bind(&report.message_id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                tx.commit().await.map_err(map_err)?;
                Ok(n > 0)
            }

            async fn record_inbound(
                &self,
                sms: &app::notifications::ports::InboundSms,
                reply: Option<&app::notifications::outbox::NewNotice>,
                rating: Option<&app::notifications::ports::NewRating>,
            ) -> Result<bool, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let row = sqlx::query(
                    "INSERT INTO sms_inbound (provider_id, phone, short_code, text, command, reply, received_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (provider_id) DO NOTHING RETURNING inbound_id",
                )
                .bind(&sms.provider_id)
                .bind(&sms.phone)
                .bind(&sms.short_code)
                .bind(&sms.text)
                .bind(&sms.command)
                .bind(&sms.reply)
                .bind(sms.received_at)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map_err)?;
                let Some(row) = row else {
                    // A retried callback: answered the first time.
                    return Ok(false);
                };
                let inbound_id: i64 = row.try_get("inbound_id").map_err(map_err)?;
                let mut deltas = crate::db::stats::Deltas::default();
                if let Some(r) = rating {
                    // Only a first rating counts: the insert says whether this is one.
                    let rated = sqlx::query(
                        "INSERT INTO ratings (application_id, agency_code, score, rated_at, inbound_id) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO NOTHING",
                    )
                    .bind(r.application_id)
                    .bind(&r.agency_code)
                    .bind(r.score)
                    .bind(sms.received_at)
                    .bind(inbound_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                    if rated == 1 {
                        let service: String =
                            sqlx::query_scalar("SELECT service_code FROM applications WHERE application_id = $1")
                                .bind(r.application_id)
                                .fetch_one(&mut *tx)
                                .await
                                .map_err(map_err)?;
                        deltas.days.push(crate::db::stats::rating_delta(&r.agency_code, &service, sms.received_at, r.score));
                    }
                }
                if let Some(n) = reply {
                    notice_rows::enqueue(&mut tx, n, sms.received_at).await?;
                }
                stats_rows::apply(&mut tx, &deltas).await?;
                tx.commit().await.map_err(map_err)?;
                Ok(true)
            }

            async fn replies_since(&self, phone: &str, since: i64) -> Result<i64, app::store::StoreError> {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM sms_inbound WHERE phone = $1 AND received_at >= $2 \
                     AND reply <> ''",
                )
                .bind(phone)
                .bind(since)
                .fetch_one(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                Ok(n)
            }

            async fn inbound_reply(
                &self,
                provider_id: &str,
            ) -> Result<Option<(String, String)>, app::store::StoreError> {
                sqlx::query_as("SELECT phone, reply FROM sms_inbound WHERE provider_id = $1")
                    .bind(provider_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::db::map_err)
            }

            async fn rateable_application(
                &self,
                phone: &str,
                since: i64,
            ) -> Result<Option<app::applications::ports::Application>, app::store::StoreError> {
                let row = sqlx::query(&crate::db::hot::rateable_by_phone())
                .bind(phone)
                .bind(since)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(application_rows::application).transpose()
            }

            async fn rating_of(&self, application_id: i64) -> Result<Option<i64>, app::store::StoreError> {
                let row: Option<(i64,)> = sqlx::query_as("SELECT score FROM ratings WHERE application_id = $1")
                    .bind(application_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                Ok(row.map(|r| r.0))
            }

            async fn notices_page(
                &self,
                citizen_id: i64,
                seek: &app::paging::Seek<(i64, i64)>,
                limit: u32,
            ) -> Result<Vec<app::notifications::ports::NoticeRecord>, app::store::StoreError> {
                use crate::db::hot::{Way, keyset_args, notices};
                use crate::db::map_err;
                use sqlx::Row;
                let way = Way::of(seek, true);
                let args = keyset_args(seek.cursor().copied(), limit);
                let sql = notices(way);
                let mut rows = crate::bind_args!(sqlx::query(&sql).bind(citizen_id), &args)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                if way == Way::Backward {
                    rows.reverse();
                }
                rows.iter()
                    .map(|r| {
                        let kind: String = r.try_get("kind").map_err(map_err)?;
                        Ok(app::notifications::ports::NoticeRecord {
                            id: r.try_get("notification_id").map_err(map_err)?,
                            kind: app::notifications::outbox::NoticeKind::from_code(&kind)
                                .ok_or_else(|| crate::db::accounts::bad("notification kind", &kind))?,
                            subject: r.try_get("subject").map_err(map_err)?,
                            status: r.try_get("status").map_err(map_err)?,
                            delivery_status: r.try_get("delivery_status").map_err(map_err)?,
                            error: r.try_get("last_error").map_err(map_err)?,
                            created_at: r.try_get("created_at").map_err(map_err)?,
                            channel: r.try_get("channel").map_err(map_err)?,
                            body: r.try_get("body").map_err(map_err)?,
                        })
                    })
                    .collect()
            }
        }
    };
}
