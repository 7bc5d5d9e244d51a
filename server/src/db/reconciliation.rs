//! The reconciliation-exceptions half of the store contract, written once for both backends.
//!
//! Each kind of exception is one query over the table it lives in (payments, attempts,
//! callbacks), each served by a partial index on the few rows that can be exceptions
//! (migration 0023), so the lists stay quick however many payments settled normally. A
//! review is a row keyed by (kind, id): resolving twice inserts nothing the second time.

use app::staff::reconciliation::ExceptionKind;

/// The review columns every exception query ends with (`r` review, `ra` its author).
const REVIEW_COLUMNS: &str = "r.review_id, r.note, r.resolved_by, r.resolved_at, ra.first_name, ra.other_names";

/// The join to an exception's review; `{kind}` is a SQL expression for its kind code.
fn review_join(kind: &str, id: &str) -> String {
    format!(
        "LEFT JOIN reconciliation_reviews r ON r.kind = {kind} AND r.subject_id = {id} \
         LEFT JOIN accounts ra ON ra.account_id = r.resolved_by"
    )
}

/// What a look-up binds, in order, after the query text is built with [`Filters::sql`].
#[derive(Debug, Default)]
pub(crate) struct Filters<'a> {
    /// The time before which the kind's rows count (stuck attempts, unprocessed callbacks).
    pub(crate) before: Option<i64>,
    /// Only this agency's bills.
    pub(crate) agency: Option<&'a str>,
    /// Only this row.
    pub(crate) id: Option<i64>,
    /// Only rows without a review.
    pub(crate) open_only: bool,
    /// Most rows.
    pub(crate) limit: u32,
}

impl Filters<'_> {
    /// The query for `kind`, its placeholders numbered in bind order: before, agency, id, limit.
    pub(crate) fn sql(&self, kind: ExceptionKind) -> String {
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        let before = self.before.map(|_| next());
        let agency = self.agency.map(|_| format!(" AND i.agency_code = {}", next())).unwrap_or_default();
        let (id_col, table_where, from, columns, order) = match kind {
            ExceptionKind::PaymentReview => (
                "p.payment_id",
                "p.needs_review = TRUE".to_string(),
                "FROM payments p LEFT JOIN invoices i ON i.bill_ref = p.bill_ref \
                 LEFT JOIN payment_attempts a ON a.attempt_id = p.attempt_id",
                "p.payment_id AS subject_id, i.agency_code, p.bill_ref, p.receipt_no, p.mpesa_receipt, p.amount_minor, \
                 a.amount_minor AS expected_minor, p.note AS detail, p.paid_at AS since",
                "p.paid_at",
            ),
            // An attempt in review with a payment is shown as that payment.
            ExceptionKind::AttemptReview => (
                "a.attempt_id",
                "a.state = 'needs_review' AND NOT EXISTS (SELECT 1 FROM payments q WHERE q.attempt_id = a.attempt_id)"
                    .to_string(),
                "FROM payment_attempts a JOIN invoices i ON i.bill_ref = a.bill_ref",
                "a.attempt_id AS subject_id, i.agency_code, a.bill_ref, CAST(NULL AS TEXT) AS receipt_no, \
                 a.checkout_request_id AS mpesa_receipt, a.amount_minor, CAST(NULL AS BIGINT) AS expected_minor, \
                 a.result_desc AS detail, a.updated_at AS since",
                "a.updated_at",
            ),
            // The state list repeats the open-attempts index's predicate, so the index serves it.
            ExceptionKind::AttemptStuck => (
                "a.attempt_id",
                format!(
                    "a.state IN ('requesting', 'pending', 'unknown') AND a.created_at < {}",
                    before.clone().unwrap_or_else(|| "0".into())
                ),
                "FROM payment_attempts a JOIN invoices i ON i.bill_ref = a.bill_ref",
                "a.attempt_id AS subject_id, i.agency_code, a.bill_ref, CAST(NULL AS TEXT) AS receipt_no, \
                 a.checkout_request_id AS mpesa_receipt, a.amount_minor, CAST(NULL AS BIGINT) AS expected_minor, \
                 a.state || ': ' || a.result_desc AS detail, a.created_at AS since",
                "a.created_at",
            ),
            // Callbacks: one query for the three kinds, told apart by outcome in Rust.
            ExceptionKind::CallbackRefused | ExceptionKind::CallbackReview | ExceptionKind::CallbackUnprocessed => (
                "c.callback_id",
                format!(
                    "c.outcome NOT IN ('applied', 'duplicate', 'accepted', 'rejected') AND (c.outcome LIKE 'refused:%' \
                     OR c.outcome = 'needs_review' OR (c.outcome = 'received' AND c.received_at < {}))",
                    before.clone().unwrap_or_else(|| "0".into())
                ),
                "FROM mpesa_callbacks c",
                "c.callback_id AS subject_id, c.kind AS callback_kind, c.body, c.outcome, c.received_at AS since",
                "c.received_at",
            ),
        };
        let review_kind = if kind.is_callback() {
            "CASE WHEN c.outcome LIKE 'refused:%' THEN 'callback_refused' WHEN c.outcome = 'needs_review' \
             THEN 'callback_review' ELSE 'callback_unprocessed' END"
                .to_string()
        } else {
            format!("'{}'", kind.code())
        };
        let id = self.id.map(|_| format!(" AND {id_col} = {}", next())).unwrap_or_default();
        let open = if self.open_only { " AND r.review_id IS NULL" } else { "" };
        let limit = next();
        format!(
            "SELECT {columns}, {REVIEW_COLUMNS} {from} {} WHERE {table_where}{agency}{id}{open} \
             ORDER BY {order}, {id_col} LIMIT {limit}",
            review_join(&review_kind, id_col)
        )
    }
}

/// Implements [`app::staff::reconciliation::ReconciliationStore`] for a store type with `pool`
/// and `writer` fields.
macro_rules! impl_reconciliation_store {
    ($store:ty, $db:ty) => {
        /// Row decoding and the per-kind look-up for this backend.
        mod reconciliation_rows {
            use crate::db::reconciliation::Filters;
            use app::staff::reconciliation::{Exception, ExceptionKind, Resolution, callback_facts};
            use app::store::StoreError;
            use sqlx::Row;

            fn resolution(r: &<$db as sqlx::Database>::Row) -> Result<Option<Resolution>, StoreError> {
                let m = crate::db::map_err;
                let by: Option<i64> = r.try_get("resolved_by").map_err(m)?;
                let Some(by) = by else { return Ok(None) };
                Ok(Some(Resolution {
                    review_id: r.try_get::<Option<i64>, _>("review_id").map_err(m)?.unwrap_or_default(),
                    note: r.try_get::<Option<String>, _>("note").map_err(m)?.unwrap_or_default(),
                    by,
                    by_name: crate::db::person_name(
                        r.try_get("first_name").map_err(m)?,
                        r.try_get("other_names").map_err(m)?,
                    )
                    .unwrap_or_default(),
                    at: r.try_get::<Option<i64>, _>("resolved_at").map_err(m)?.unwrap_or_default(),
                }))
            }

            /// A payment or attempt exception row of kind `kind`.
            fn stored(r: &<$db as sqlx::Database>::Row, kind: ExceptionKind) -> Result<Exception, StoreError> {
                let m = crate::db::map_err;
                let amount_minor: Option<i64> = r.try_get("amount_minor").map_err(m)?;
                let expected: Option<i64> = r.try_get("expected_minor").map_err(m)?;
                Ok(Exception {
                    kind,
                    subject_id: r.try_get("subject_id").map_err(m)?,
                    agency_code: r.try_get("agency_code").map_err(m)?,
                    bill_ref: r.try_get("bill_ref").map_err(m)?,
                    receipt_no: r.try_get("receipt_no").map_err(m)?,
                    mpesa_receipt: r.try_get("mpesa_receipt").map_err(m)?,
                    amount_minor,
                    // Only worth showing when it differs from what moved.
                    expected_minor: expected.filter(|e| Some(*e) != amount_minor),
                    detail: r.try_get("detail").map_err(m)?,
                    since: r.try_get("since").map_err(m)?,
                    resolution: resolution(r)?,
                })
            }

            /// A callback row, if its outcome (still) makes it an exception.
            fn callback(r: &<$db as sqlx::Database>::Row, unprocessed_before: i64) -> Result<Option<Exception>, StoreError> {
                let m = crate::db::map_err;
                let outcome: String = r.try_get("outcome").map_err(m)?;
                let since: i64 = r.try_get("since").map_err(m)?;
                let Some(kind) = ExceptionKind::of_callback(&outcome, since, unprocessed_before) else { return Ok(None) };
                let callback_kind: String = r.try_get("callback_kind").map_err(m)?;
                let body: String = r.try_get("body").map_err(m)?;
                let facts = callback_facts(&callback_kind, &body);
                Ok(Some(Exception {
                    kind,
                    subject_id: r.try_get("subject_id").map_err(m)?,
                    agency_code: None,
                    bill_ref: facts.account,
                    receipt_no: None,
                    mpesa_receipt: facts.receipt,
                    amount_minor: facts.amount_minor,
                    expected_minor: None,
                    detail: format!("{callback_kind}, {outcome}"),
                    since,
                    resolution: resolution(r)?,
                }))
            }

            /// A resolved exception as its review recorded it.
            pub(super) fn reviewed(r: &<$db as sqlx::Database>::Row) -> Result<Exception, StoreError> {
                let m = crate::db::map_err;
                let kind: String = r.try_get("kind").map_err(m)?;
                let kind = ExceptionKind::from_code(&kind).ok_or_else(|| crate::db::accounts::bad("exception kind", &kind))?;
                stored(r, kind)
            }

            /// The exceptions of `kind` (for a callback kind: every callback kind) under `f`.
            pub(super) async fn of_kind(
                pool: &sqlx::Pool<$db>,
                kind: ExceptionKind,
                f: &Filters<'_>,
                unprocessed_before: i64,
            ) -> Result<Vec<Exception>, StoreError> {
                let sql = f.sql(kind);
                let mut q = sqlx::query(&sql);
                if let Some(before) = f.before {
                    q = q.bind(before);
                }
                if let Some(agency) = f.agency {
                    q = q.bind(agency);
                }
                if let Some(id) = f.id {
                    q = q.bind(id);
                }
                let rows = q.bind(i64::from(f.limit)).fetch_all(pool).await.map_err(crate::db::map_err)?;
                if kind.is_callback() {
                    Ok(rows.iter().map(|r| callback(r, unprocessed_before)).collect::<Result<Vec<_>, _>>()?.into_iter().flatten().collect())
                } else {
                    rows.iter().map(|r| stored(r, kind)).collect()
                }
            }
        }

        #[async_trait::async_trait]
        impl app::staff::reconciliation::ReconciliationStore for $store {
            async fn open_exceptions(
                &self,
                scope: &app::staff::reconciliation::ExceptionScope,
            ) -> Result<Vec<app::staff::reconciliation::Exception>, app::store::StoreError> {
                use crate::db::reconciliation::Filters;
                use app::staff::reconciliation::ExceptionKind;
                let mut kinds = vec![ExceptionKind::PaymentReview, ExceptionKind::AttemptReview, ExceptionKind::AttemptStuck];
                // Callbacks name no agency's bill: platform-wide only.
                if scope.agency.is_none() {
                    kinds.push(ExceptionKind::CallbackRefused);
                }
                let mut all = Vec::new();
                for kind in kinds {
                    let before = match kind {
                        ExceptionKind::AttemptStuck => Some(scope.stuck_before),
                        k if k.is_callback() => Some(scope.unprocessed_before),
                        _ => None,
                    };
                    let f = Filters { before, agency: scope.agency.as_deref(), id: None, open_only: true, limit: scope.limit };
                    all.extend(reconciliation_rows::of_kind(&self.pool, kind, &f, scope.unprocessed_before).await?);
                }
                all.sort_by_key(|e| (e.since, e.subject_id));
                all.truncate(scope.limit as usize);
                Ok(all)
            }

            async fn exception(
                &self,
                scope: &app::staff::reconciliation::ExceptionScope,
                kind: app::staff::reconciliation::ExceptionKind,
                subject_id: i64,
            ) -> Result<Option<app::staff::reconciliation::Exception>, app::store::StoreError> {
                use crate::db::reconciliation::Filters;
                use app::staff::reconciliation::ExceptionKind;
                let before = match kind {
                    ExceptionKind::AttemptStuck => Some(scope.stuck_before),
                    k if k.is_callback() => Some(scope.unprocessed_before),
                    _ => None,
                };
                let f = Filters { before, agency: None, id: Some(subject_id), open_only: false, limit: 1 };
                let found = reconciliation_rows::of_kind(&self.writer, kind, &f, scope.unprocessed_before).await?;
                Ok(found.into_iter().find(|e| e.kind == kind))
            }

            async fn resolved_page(
                &self,
                agency: Option<&str>,
                seek: &app::paging::Seek<(i64, i64)>,
                limit: u32,
            ) -> Result<Vec<app::staff::reconciliation::Exception>, app::store::StoreError> {
                use crate::db::hot::{Way, keyset_args, resolved_exceptions};
                let way = Way::of(seek, true);
                let sql = resolved_exceptions(agency.is_some(), way);
                let mut q = sqlx::query(&sql);
                if let Some(a) = agency {
                    q = q.bind(a);
                }
                let args = keyset_args(seek.cursor().copied(), limit);
                let mut rows = crate::bind_args!(q, &args).fetch_all(&self.pool).await.map_err(crate::db::map_err)?;
                if way == Way::Backward {
                    rows.reverse();
                }
                rows.iter().map(reconciliation_rows::reviewed).collect()
            }

            async fn resolve_exception(
                &self,
                r: &app::staff::reconciliation::NewResolution,
            ) -> Result<bool, app::store::StoreError> {
                let e = &r.exception;
                let n = sqlx::query(
                    "INSERT INTO reconciliation_reviews (kind, subject_id, agency_code, bill_ref, receipt_no, mpesa_receipt, \
                     amount_minor, expected_minor, detail, since, note, resolved_by, resolved_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                     ON CONFLICT (kind, subject_id) DO NOTHING",
                )
                .bind(e.kind.code())
                .bind(e.subject_id)
                .bind(&e.agency_code)
                .bind(&e.bill_ref)
                .bind(&e.receipt_no)
                .bind(&e.mpesa_receipt)
                .bind(e.amount_minor)
                .bind(e.expected_minor)
                .bind(&e.detail)
                .bind(e.since)
                .bind(&r.note)
                .bind(r.by)
                .bind(r.now)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                Ok(n == 1)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_bind_order() {
        let f = Filters { before: Some(1), agency: Some("ntsa"), id: Some(3), open_only: true, limit: 10 };
        let sql = f.sql(ExceptionKind::AttemptStuck);
        assert!(sql.contains("a.created_at < $1") && sql.contains("i.agency_code = $2"), "{sql}");
        assert!(sql.contains("a.attempt_id = $3") && sql.ends_with("LIMIT $4"), "{sql}");
        assert!(sql.contains("r.review_id IS NULL") && sql.contains("r.kind = 'attempt_stuck'"), "{sql}");
        let f = Filters { limit: 5, ..Filters::default() };
        let sql = f.sql(ExceptionKind::PaymentReview);
        assert!(sql.ends_with("LIMIT $1") && !sql.contains("$2") && !sql.contains("review_id IS NULL"), "{sql}");
        let sql = Filters { before: Some(9), limit: 5, ..Filters::default() }.sql(ExceptionKind::CallbackReview);
        assert!(sql.contains("c.received_at < $1") && sql.ends_with("LIMIT $2"), "{sql}");
    }
}
