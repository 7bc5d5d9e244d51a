//! The incidents half of the store contract (the status page), written once for both backends.

/// Implements [`app::status::ports::IncidentStore`] for a store type with `pool` and `writer`
/// fields (after [`impl_outbox_store`], whose `notice_rows` queues the citizens' messages).
macro_rules! impl_incident_store {
    ($store:ty, $db:ty) => {
        mod incident_rows {
            use app::status::model::{Component, Incident, Severity};
            use app::store::StoreError;
            use sqlx::Row;

            /// The columns [`incident`] reads.
            pub(crate) const COLUMNS: &str = "incident_id, component, severity, title_en, title_sw, message_en, \
                 message_sw, opened_at, opened_by, resolved_at, resolved_by";

            pub(crate) fn incident(r: &<$db as sqlx::Database>::Row) -> Result<Incident, StoreError> {
                let m = crate::db::map_err;
                let component: String = r.try_get("component").map_err(m)?;
                let severity: String = r.try_get("severity").map_err(m)?;
                Ok(Incident {
                    id: r.try_get("incident_id").map_err(m)?,
                    component: Component::from_code(&component)
                        .ok_or_else(|| crate::db::accounts::bad("incident component", &component))?,
                    severity: Severity::from_code(&severity)
                        .ok_or_else(|| crate::db::accounts::bad("incident severity", &severity))?,
                    title_en: r.try_get("title_en").map_err(m)?,
                    title_sw: r.try_get("title_sw").map_err(m)?,
                    message_en: r.try_get("message_en").map_err(m)?,
                    message_sw: r.try_get("message_sw").map_err(m)?,
                    opened_at: r.try_get("opened_at").map_err(m)?,
                    opened_by: r.try_get("opened_by").map_err(m)?,
                    resolved_at: r.try_get("resolved_at").map_err(m)?,
                    resolved_by: r.try_get("resolved_by").map_err(m)?,
                })
            }
        }

        #[async_trait::async_trait]
        impl app::status::ports::IncidentStore for $store {
            async fn open_incident(
                &self,
                i: &app::status::model::NewIncident,
                notify_payers: bool,
            ) -> Result<Result<i64, app::status::model::IncidentRefusal>, app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO incidents (component, severity, title_en, title_sw, message_en, message_sw, \
                     opened_at, opened_by, form_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     ON CONFLICT (form_token) DO NOTHING RETURNING incident_id",
                )
                .bind(i.component.code())
                .bind(i.severity.code())
                .bind(&i.title_en)
                .bind(&i.title_sw)
                .bind(&i.message_en)
                .bind(&i.message_sw)
                .bind(i.now)
                .bind(i.opened_by)
                .bind(&i.form_token)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map_err)?;
                let Some(id) = id else {
                    return Ok(Err(app::status::model::IncidentRefusal::AlreadyPosted));
                };
                if notify_payers {
                    // Whoever has a bill to pay now: unpaid or part paid, not expired, its
                    // application still waiting for the money.
                    sqlx::query(
                        "INSERT INTO incident_recipients (incident_id, citizen_id) \
                         SELECT DISTINCT $1, a.citizen_id FROM applications a \
                         JOIN invoices i ON i.application_id = a.application_id \
                         WHERE a.state = 'awaiting_payment' AND i.paid_minor < i.total_minor \
                         AND (i.expires_at IS NULL OR i.expires_at > $2)",
                    )
                    .bind(id)
                    .bind(i.now)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                    let citizens: Vec<i64> = sqlx::query_scalar(
                        "SELECT citizen_id FROM incident_recipients WHERE incident_id = $1 ORDER BY citizen_id",
                    )
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(map_err)?;
                    for citizen in citizens {
                        let notice = app::status::rules::incident_notice(id, citizen, false);
                        notice_rows::enqueue(&mut tx, &notice, i.now).await?;
                    }
                }
                tx.commit().await.map_err(map_err)?;
                Ok(Ok(id))
            }

            async fn resolve_incident(
                &self,
                id: i64,
                resolved_by: i64,
                now: i64,
            ) -> Result<Result<(), app::status::model::IncidentRefusal>, app::store::StoreError> {
                use crate::db::map_err;
                use app::status::model::IncidentRefusal;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // Conditional on still being open: of two administrators resolving at once,
                // one resolves it and the other is told it is resolved already.
                let changed = sqlx::query(
                    "UPDATE incidents SET resolved_at = $2, resolved_by = $3 \
                     WHERE incident_id = $1 AND resolved_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .bind(resolved_by)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if changed == 0 {
                    let exists: Option<i64> =
                        sqlx::query_scalar("SELECT incident_id FROM incidents WHERE incident_id = $1")
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(map_err)?;
                    return Ok(Err(if exists.is_some() {
                        IncidentRefusal::AlreadyResolved
                    } else {
                        IncidentRefusal::Unknown
                    }));
                }
                let citizens: Vec<i64> = sqlx::query_scalar(
                    "SELECT citizen_id FROM incident_recipients WHERE incident_id = $1 ORDER BY citizen_id",
                )
                .bind(id)
                .fetch_all(&mut *tx)
                .await
                .map_err(map_err)?;
                for citizen in citizens {
                    let notice = app::status::rules::incident_notice(id, citizen, true);
                    notice_rows::enqueue(&mut tx, &notice, now).await?;
                }
                tx.commit().await.map_err(map_err)?;
                Ok(Ok(()))
            }

            async fn incident(
                &self,
                id: i64,
            ) -> Result<Option<app::status::model::Incident>, app::store::StoreError> {
                let row = sqlx::query(&format!(
                    "SELECT {} FROM incidents WHERE incident_id = $1",
                    incident_rows::COLUMNS
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(incident_rows::incident).transpose()
            }

            async fn incidents_since(
                &self,
                since: i64,
            ) -> Result<Vec<app::status::model::Incident>, app::store::StoreError> {
                let rows = sqlx::query(&format!(
                    "SELECT {} FROM incidents WHERE resolved_at IS NULL OR resolved_at >= $1 \
                     ORDER BY CASE WHEN resolved_at IS NULL THEN 0 ELSE 1 END, opened_at DESC, incident_id DESC \
                     LIMIT 200",
                    incident_rows::COLUMNS
                ))
                .bind(since)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                rows.iter().map(incident_rows::incident).collect()
            }
        }
    };
}
