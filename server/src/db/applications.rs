//! The applications half of the store contract, written once for both backends.

/// Columns every application query selects.
pub(crate) const APPLICATION_COLUMNS: &str = "application_id, reference, citizen_id, service_code, agency_code, variant_code, \
     state, answers, snapshot_hash, amount_minor, convenience_minor, currency, submitted_at, due_date, charter_missed_on, \
     created_at, updated_at, version, assigned_to";

/// Columns every document query selects.
pub(crate) const DOCUMENT_COLUMNS: &str = "number, application_id, citizen_id, service_code, variant_code, \
     holder_name, snapshot_hash, details, issued_at, issued_by";

/// Implements [`app::applications::ports::ApplicationStore`] for a store type with a `pool` field.
macro_rules! impl_application_store {
    ($store:ty, $db:ty) => {
        impl_stats_rows!($db);

        /// Row decoding for this backend.
        mod application_rows {
            use app::applications::ports::{Application, ApplicationEvent, Invoice};
            use app::applications::state::{Event, State};
            use app::store::StoreError;
            use sqlx::Row;

            pub(super) fn application(r: &<$db as sqlx::Database>::Row) -> Result<Application, StoreError> {
                let m = crate::db::map_err;
                let state: String = r.try_get("state").map_err(m)?;
                let answers: String = r.try_get("answers").map_err(m)?;
                Ok(Application {
                    id: r.try_get("application_id").map_err(m)?,
                    reference: r.try_get("reference").map_err(m)?,
                    citizen_id: r.try_get("citizen_id").map_err(m)?,
                    service_code: r.try_get("service_code").map_err(m)?,
                    agency_code: r.try_get("agency_code").map_err(m)?,
                    variant_code: r.try_get("variant_code").map_err(m)?,
                    state: State::from_code(&state).ok_or_else(|| crate::db::accounts::bad("state", &state))?,
                    answers: serde_json::from_str(&answers)
                        .map_err(|_| crate::db::accounts::bad("answers", "(unreadable JSON)"))?,
                    snapshot_hash: r.try_get("snapshot_hash").map_err(m)?,
                    amount_minor: r.try_get("amount_minor").map_err(m)?,
                    convenience_minor: r.try_get("convenience_minor").map_err(m)?,
                    currency: r.try_get("currency").map_err(m)?,
                    submitted_at: r.try_get("submitted_at").map_err(m)?,
                    due_date: r.try_get("due_date").map_err(m)?,
                    charter_missed_on: r.try_get("charter_missed_on").map_err(m)?,
                    created_at: r.try_get("created_at").map_err(m)?,
                    updated_at: r.try_get("updated_at").map_err(m)?,
                    version: r.try_get("version").map_err(m)?,
                    assigned_to: r.try_get("assigned_to").map_err(m)?,
                })
            }

            pub(super) fn event(r: &<$db as sqlx::Database>::Row) -> Result<ApplicationEvent, StoreError> {
                let m = crate::db::map_err;
                let state = |c: &str| -> Result<State, StoreError> {
                    let s: String = r.try_get(c).map_err(m)?;
                    State::from_code(&s).ok_or_else(|| crate::db::accounts::bad("state", &s))
                };
                let event: String = r.try_get("event").map_err(m)?;
                Ok(ApplicationEvent {
                    at: r.try_get("at").map_err(m)?,
                    from: state("from_state")?,
                    to: state("to_state")?,
                    event: Event::from_code(&event).ok_or_else(|| crate::db::accounts::bad("event", &event))?,
                    actor_id: r.try_get("actor_id").map_err(m)?,
                    actor_role: r.try_get("actor_role").map_err(m)?,
                    note: r.try_get("note").map_err(m)?,
                })
            }

            pub(super) fn document(
                r: &<$db as sqlx::Database>::Row,
            ) -> Result<app::applications::documents::IssuedDocument, StoreError> {
                let m = crate::db::map_err;
                let details: String = r.try_get("details").map_err(m)?;
                Ok(app::applications::documents::IssuedDocument {
                    number: r.try_get("number").map_err(m)?,
                    application_id: r.try_get("application_id").map_err(m)?,
                    citizen_id: r.try_get("citizen_id").map_err(m)?,
                    service_code: r.try_get("service_code").map_err(m)?,
                    variant_code: r.try_get("variant_code").map_err(m)?,
                    holder_name: r.try_get("holder_name").map_err(m)?,
                    snapshot_hash: r.try_get("snapshot_hash").map_err(m)?,
                    details: serde_json::from_str(&details)
                        .map_err(|_| crate::db::accounts::bad("document details", "(unreadable JSON)"))?,
                    issued_at: r.try_get("issued_at").map_err(m)?,
                    issued_by: r.try_get("issued_by").map_err(m)?,
                })
            }

            pub(super) fn invoice(r: &<$db as sqlx::Database>::Row) -> Result<Invoice, StoreError> {
                let m = crate::db::map_err;
                Ok(Invoice {
                    bill_ref: r.try_get("bill_ref").map_err(m)?,
                    amount_minor: r.try_get("amount_minor").map_err(m)?,
                    convenience_minor: r.try_get("convenience_minor").map_err(m)?,
                    total_minor: r.try_get("total_minor").map_err(m)?,
                    currency: r.try_get("currency").map_err(m)?,
                    status: r.try_get("status").map_err(m)?,
                    created_at: r.try_get("created_at").map_err(m)?,
                    expires_at: r.try_get("expires_at").map_err(m)?,
                })
            }
        }

        #[async_trait::async_trait]
        impl app::applications::ports::ApplicationStore for $store {
            async fn create_draft(
                &self,
                d: &app::applications::ports::NewDraft,
            ) -> Result<i64, app::store::StoreError> {
                let answers =
                    serde_json::to_string(&d.answers).map_err(|e| app::store::StoreError::Other(e.to_string()))?;
                sqlx::query_scalar(
                    "INSERT INTO applications (reference, citizen_id, service_code, agency_code, variant_code, state, \
                     answers, created_at, updated_at, client_id) VALUES ($1, $2, $3, $7, $4, 'draft', $5, $6, $6, $8) \
                     RETURNING application_id",
                )
                .bind(&d.reference)
                .bind(d.citizen_id)
                .bind(&d.service_code)
                .bind(&d.variant_code)
                .bind(answers)
                .bind(d.now)
                .bind(&d.agency_code)
                .bind(d.client_id.as_deref())
                .fetch_one(&self.writer)
                .await
                .map_err(crate::db::map_err)
            }

            async fn save_draft(
                &self,
                application_id: i64,
                expected_version: i64,
                variant_code: &str,
                answers: &app::applications::form::Answers,
                now: i64,
            ) -> Result<(), app::store::StoreError> {
                let answers = serde_json::to_string(answers).map_err(|e| app::store::StoreError::Other(e.to_string()))?;
                let n = sqlx::query(
                    "UPDATE applications SET variant_code = $3, answers = $4, updated_at = $5, version = version + 1 \
                     WHERE application_id = $1 AND version = $2 AND state = 'draft'",
                )
                .bind(application_id)
                .bind(expected_version)
                .bind(variant_code)
                .bind(answers)
                .bind(now)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                if n == 1 {
                    Ok(())
                } else {
                    Err(app::store::StoreError::Conflict("the draft changed or was submitted meanwhile".into()))
                }
            }

            async fn application(
                &self,
                reference: &str,
            ) -> Result<Option<app::applications::ports::Application>, app::store::StoreError> {
                let row = sqlx::query(&crate::db::hot::application_by_reference())
                    .bind(reference)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                row.as_ref().map(application_rows::application).transpose()
            }

            async fn application_by_client_id(
                &self,
                citizen_id: i64,
                client_id: &str,
            ) -> Result<Option<app::applications::ports::Application>, app::store::StoreError> {
                use crate::db::applications::APPLICATION_COLUMNS;
                let row = sqlx::query(&format!(
                    "SELECT {APPLICATION_COLUMNS} FROM applications WHERE citizen_id = $1 AND client_id = $2"
                ))
                .bind(citizen_id)
                .bind(client_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(application_rows::application).transpose()
            }

            async fn citizen_applications(
                &self,
                citizen_id: i64,
                seek: &app::paging::Seek<(i64, i64)>,
                limit: u32,
            ) -> Result<Vec<app::applications::ports::Application>, app::store::StoreError> {
                use crate::db::hot::{Way, citizen_applications, keyset_args};
                let way = Way::of(seek, true);
                let args = keyset_args(seek.cursor().copied(), limit);
                let sql = citizen_applications(way);
                let mut rows = crate::bind_args!(sqlx::query(&sql).bind(citizen_id), &args)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                if way == Way::Backward {
                    rows.reverse();
                }
                rows.iter().map(application_rows::application).collect()
            }

            async fn agency_queue(
                &self,
                agency_code: &str,
                me: i64,
                filter: &app::staff::queue::QueueFilter,
                t: &app::staff::queue::Thresholds,
                limit: u32,
            ) -> Result<Vec<app::applications::ports::QueueRow>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let (sql, args) = crate::db::hot::queue(agency_code, me, filter, t, limit);
                let name = |r: &<$db as sqlx::Database>::Row, f: &str, o: &str| -> Result<Option<String>, app::store::StoreError> {
                    Ok(crate::db::person_name(r.try_get(f).map_err(map_err)?, r.try_get(o).map_err(map_err)?))
                };
                let mut rows = crate::bind_args!(sqlx::query(&sql), &args).fetch_all(&self.pool).await.map_err(map_err)?;
                // Read back towards the start: turned round into queue order.
                if filter.after.is_none() && filter.before.is_some() {
                    rows.reverse();
                }
                rows
                    .iter()
                    .map(|r| {
                        Ok(app::applications::ports::QueueRow {
                            app: application_rows::application(r)?,
                            applicant: name(r, "applicant_first", "applicant_other")?.unwrap_or_default(),
                            assignee: name(r, "assignee_first", "assignee_other")?,
                        })
                    })
                    .collect()
            }

            async fn queue_counts(
                &self,
                agency_code: &str,
                t: &app::staff::queue::Thresholds,
            ) -> Result<Vec<(app::staff::queue::CharterStatus, i64)>, app::store::StoreError> {
                use app::applications::state::State;
                use app::staff::queue::{CharterStatus, charter_status};
                // One row per open due date: the charter rule sorts them into statuses for today.
                let slots: Vec<(String, i64, i64, i64)> = sqlx::query_as(crate::db::hot::QUEUE_COUNTS)
                    .bind(agency_code)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                let mut counts: Vec<(CharterStatus, i64)> = CharterStatus::ALL.iter().map(|s| (*s, 0)).collect();
                for (due, paused, missed, n) in slots {
                    let state = if paused == 1 { State::NeedsInfo } else { State::Queued };
                    let status = charter_status(state, Some(&due), (missed == 1).then_some(""), t);
                    if let Some(c) = counts.iter_mut().find(|c| c.0 == status) {
                        c.1 += n;
                    }
                }
                Ok(counts)
            }

            async fn agency_performance(
                &self,
                agency_code: &str,
                since: i64,
            ) -> Result<(Vec<app::staff::performance::DayFigures>, [i64; 5]), app::store::StoreError> {
                use app::staff::performance::DayFigures;
                use crate::db::map_err;
                use sqlx::Row;
                // The counters, by EAT day from the day `since` falls on.
                let rows = sqlx::query(crate::db::hot::PERFORMANCE_DAYS)
                    .bind(agency_code)
                    .bind(crate::db::stats::day_of(since))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                let mut days = Vec::with_capacity(rows.len());
                let mut ratings = [0i64; 5];
                for r in &rows {
                    days.push(DayFigures {
                        day: r.try_get("day").map_err(map_err)?,
                        received: r.try_get("received").map_err(map_err)?,
                        decided: r.try_get("decided").map_err(map_err)?,
                        on_time: r.try_get("on_time").map_err(map_err)?,
                        decide_secs: r.try_get("decide_secs").map_err(map_err)?,
                    });
                    for (i, slot) in ratings.iter_mut().enumerate() {
                        *slot += r.try_get::<i64, _>(format!("r{}", i + 1).as_str()).map_err(map_err)?;
                    }
                }
                Ok((days, ratings))
            }

            async fn deciders_of_agency(
                &self,
                agency_code: &str,
            ) -> Result<Vec<(i64, String)>, app::store::StoreError> {
                let rows: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT account_id, first_name, other_names FROM accounts WHERE agency_code = $1 \
                     AND role IN ('agency_officer', 'agency_admin') ORDER BY first_name, other_names LIMIT 500",
                )
                .bind(agency_code)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, f, o)| (id, crate::db::person_name(Some(f), Some(o)).unwrap_or_default()))
                    .collect())
            }

            async fn assign_application(
                &self,
                application_id: i64,
                expected: Option<i64>,
                to: Option<i64>,
            ) -> Result<bool, app::store::StoreError> {
                // Compare-and-set: of two officers taking it at once, one changes the row.
                let n = sqlx::query(
                    "UPDATE applications SET assigned_to = $3 WHERE application_id = $1 \
                     AND assigned_to IS NOT DISTINCT FROM $2",
                )
                .bind(application_id)
                .bind(expected)
                .bind(to)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                Ok(n == 1)
            }

            async fn transition(&self, t: &app::applications::ports::Transition) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                use app::store::StoreError;
                use sqlx::Row;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let (Some(first), Some(r)) = (t.records.first(), t.records.last()) else {
                    return Err(StoreError::Other("a transition needs at least one event".into()));
                };
                // What the counters need of the row as it was. Every change to these columns
                // bumps the version, so if the guarded UPDATE below matches, the row it changed
                // is the one read here.
                let changed = || StoreError::Conflict("the application changed meanwhile".into());
                let old = sqlx::query(
                    "SELECT agency_code, service_code, state, due_date, charter_missed_on, submitted_at, version \
                     FROM applications WHERE application_id = $1",
                )
                .bind(t.application_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map_err)?
                .ok_or_else(changed)?;
                let old_state: String = old.try_get("state").map_err(map_err)?;
                let old_version: i64 = old.try_get("version").map_err(map_err)?;
                if old_version != t.expected_version || old_state != first.from.code() {
                    return Err(changed());
                }
                let before = crate::db::stats::Before {
                    agency: old.try_get("agency_code").map_err(map_err)?,
                    service: old.try_get("service_code").map_err(map_err)?,
                    state: first.from,
                    due_date: old.try_get("due_date").map_err(map_err)?,
                    missed: old.try_get::<Option<String>, _>("charter_missed_on").map_err(map_err)?.is_some(),
                    submitted_at: old.try_get("submitted_at").map_err(map_err)?,
                };
                // The WHERE clause is the lock: the change applies only to the state and version read.
                let n = sqlx::query(
                    "UPDATE applications SET state = $3, updated_at = $4, version = version + 1, \
                     due_date = COALESCE($5, due_date) WHERE application_id = $1 AND version = $2 AND state = $6",
                )
                .bind(t.application_id)
                .bind(t.expected_version)
                .bind(r.to.code())
                .bind(r.at)
                .bind(t.due_date.as_deref())
                .bind(first.from.code())
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if n != 1 {
                    return Err(changed());
                }
                // An application that ends with its bill unpaid closes the bill, which takes it
                // out of the expiry worker's index.
                if r.to.is_final() {
                    sqlx::query(
                        "UPDATE invoices SET closed_at = $2 WHERE application_id = $1 AND paid_minor = 0 \
                         AND closed_at IS NULL",
                    )
                    .bind(t.application_id)
                    .bind(r.at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                if let Some(s) = &t.submission {
                    let answers = serde_json::to_string(&s.answers).map_err(|e| StoreError::Other(e.to_string()))?;
                    sqlx::query(
                        "UPDATE applications SET answers = $2, snapshot_hash = $3, amount_minor = $4, \
                         convenience_minor = $5, currency = $6, submitted_at = $7 WHERE application_id = $1",
                    )
                    .bind(t.application_id)
                    .bind(answers)
                    .bind(&s.snapshot_hash)
                    .bind(s.amount_minor)
                    .bind(s.convenience_minor)
                    .bind(&s.currency)
                    .bind(r.at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                for e in &t.records {
                    sqlx::query(
                        "INSERT INTO application_events (application_id, at, from_state, to_state, event, actor_id, \
                         actor_role, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(t.application_id)
                    .bind(e.at)
                    .bind(e.from.code())
                    .bind(e.to.code())
                    .bind(e.event.code())
                    .bind(e.actor_id)
                    .bind(&e.actor_role)
                    .bind(&e.note)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                if let Some(missed) = &t.charter_missed {
                    sqlx::query("UPDATE applications SET charter_missed_on = $2 WHERE application_id = $1")
                        .bind(t.application_id)
                        .bind(missed)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                }
                for n in &t.notices {
                    notice_rows::enqueue(&mut *tx, n, r.at).await?;
                }
                if let Some(i) = &t.invoice {
                    sqlx::query(
                        "INSERT INTO invoices (bill_ref, application_id, amount_minor, convenience_minor, total_minor, \
                         currency, status, created_at, agency_code, service_code, expires_at) \
                         SELECT $1, $2, $3, $4, $5, $6, $7, $8, agency_code, service_code, $9 FROM applications \
                         WHERE application_id = $2",
                    )
                    .bind(&i.bill_ref)
                    .bind(t.application_id)
                    .bind(i.amount_minor)
                    .bind(i.convenience_minor)
                    .bind(i.total_minor)
                    .bind(&i.currency)
                    .bind(&i.status)
                    .bind(i.created_at)
                    .bind(i.expires_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                if let Some(d) = &t.document {
                    let details = serde_json::to_string(&d.details).map_err(|e| StoreError::Other(e.to_string()))?;
                    sqlx::query(
                        "INSERT INTO issued_documents (number, application_id, citizen_id, service_code, variant_code, \
                         holder_name, snapshot_hash, details, issued_at, issued_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(&d.number)
                    .bind(d.application_id)
                    .bind(d.citizen_id)
                    .bind(&d.service_code)
                    .bind(&d.variant_code)
                    .bind(&d.holder_name)
                    .bind(&d.snapshot_hash)
                    .bind(details)
                    .bind(d.issued_at)
                    .bind(d.issued_by)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                // The counters last: their rows are the most shared, so they are held shortest.
                stats_rows::apply(&mut *tx, &crate::db::stats::transition_deltas(&before, t)).await?;
                tx.commit().await.map_err(map_err)
            }

            async fn document(
                &self,
                number: &str,
            ) -> Result<Option<app::applications::documents::IssuedDocument>, app::store::StoreError> {
                let row = sqlx::query(&crate::db::hot::document_by_number())
                    .bind(number)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                row.as_ref().map(application_rows::document).transpose()
            }

            async fn document_of_application(
                &self,
                application_id: i64,
            ) -> Result<Option<app::applications::documents::IssuedDocument>, app::store::StoreError> {
                let row = sqlx::query(&format!(
                    "SELECT {} FROM issued_documents WHERE application_id = $1",
                    crate::db::applications::DOCUMENT_COLUMNS
                ))
                .bind(application_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(application_rows::document).transpose()
            }

            async fn events_of_application(
                &self,
                application_id: i64,
            ) -> Result<Vec<app::applications::ports::ApplicationEvent>, app::store::StoreError> {
                sqlx::query(
                    "SELECT at, from_state, to_state, event, actor_id, actor_role, note FROM application_events \
                     WHERE application_id = $1 ORDER BY at, event_id",
                )
                .bind(application_id)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(application_rows::event)
                .collect()
            }

            async fn applications_past_due(
                &self,
                today: &str,
                limit: u32,
            ) -> Result<Vec<app::applications::ports::Application>, app::store::StoreError> {
                sqlx::query(&crate::db::hot::past_due())
                .bind(today)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(application_rows::application)
                .collect()
            }

            async fn applications_to_expire(
                &self,
                now: i64,
                limit: u32,
            ) -> Result<Vec<app::applications::ports::Application>, app::store::StoreError> {
                sqlx::query(&crate::db::hot::applications_to_expire())
                .bind(now)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(application_rows::application)
                .collect()
            }

            async fn invoice_of(
                &self,
                application_id: i64,
            ) -> Result<Option<app::applications::ports::Invoice>, app::store::StoreError> {
                let row = sqlx::query(
                    "SELECT bill_ref, amount_minor, convenience_minor, total_minor, currency, status, created_at, \
                     expires_at FROM invoices WHERE application_id = $1",
                )
                .bind(application_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(application_rows::invoice).transpose()
            }
        }
    };
}
