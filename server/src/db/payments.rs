//! The payments half of the store contract, written once for both backends.
//!
//! `settle` begins with writes that lock the rows it will read (the invoice, then the attempt):
//! on PostgreSQL these are row locks that serialise concurrent settlements of one bill; on
//! SQLite the first write takes the database's write lock, so no transaction reads a state
//! another one is about to change (and none fails upgrading a read lock).

/// Columns every attempt query selects.
pub(crate) const ATTEMPT_COLUMNS: &str = "attempt_id, bill_ref, phone, amount_minor, state, checkout_request_id, \
     result_code, result_desc, created_at, updated_at, query_count";

/// Columns every payment query selects (prefixed with `p.`).
pub(crate) const PAYMENT_COLUMNS: &str = "p.receipt_no, p.bill_ref, p.channel, p.mpesa_receipt, p.attempt_id, p.phone, \
     p.amount_minor, p.applied_minor, p.credit_minor, p.paid_at, p.needs_review, p.note";

/// Implements [`app::payments::ports::PaymentStore`] for a store type with a `pool` field.
macro_rules! impl_payment_store {
    ($store:ty, $db:ty, $skip_locked:expr) => {
        /// Row decoding for this backend.
        mod payment_rows {
            use app::payments::ports::{Attempt, Channel, PayableInvoice, Payment};

            /// Whether this backend locks rows (PostgreSQL) or the whole database (SQLite).
            const ROW_LOCKS: bool = !$skip_locked.is_empty();
            use app::payments::state::{AttemptState, InvoiceStatus};
            use app::store::StoreError;
            use sqlx::Row;

            pub(super) fn attempt(r: &<$db as sqlx::Database>::Row) -> Result<Attempt, StoreError> {
                let m = crate::db::map_err;
                let state: String = r.try_get("state").map_err(m)?;
                Ok(Attempt {
                    id: r.try_get("attempt_id").map_err(m)?,
                    bill_ref: r.try_get("bill_ref").map_err(m)?,
                    phone: r.try_get("phone").map_err(m)?,
                    amount_minor: r.try_get("amount_minor").map_err(m)?,
                    state: AttemptState::from_code(&state)
                        .ok_or_else(|| crate::db::accounts::bad("attempt state", &state))?,
                    checkout_request_id: r.try_get("checkout_request_id").map_err(m)?,
                    result_code: r.try_get("result_code").map_err(m)?,
                    result_desc: r.try_get("result_desc").map_err(m)?,
                    created_at: r.try_get("created_at").map_err(m)?,
                    updated_at: r.try_get("updated_at").map_err(m)?,
                    query_count: r.try_get("query_count").map_err(m)?,
                })
            }

            pub(super) fn payment(r: &<$db as sqlx::Database>::Row) -> Result<Payment, StoreError> {
                let m = crate::db::map_err;
                let channel: String = r.try_get("channel").map_err(m)?;
                Ok(Payment {
                    receipt_no: r.try_get("receipt_no").map_err(m)?,
                    bill_ref: r.try_get("bill_ref").map_err(m)?,
                    channel: Channel::from_code(&channel).ok_or_else(|| crate::db::accounts::bad("channel", &channel))?,
                    mpesa_receipt: r.try_get("mpesa_receipt").map_err(m)?,
                    attempt_id: r.try_get("attempt_id").map_err(m)?,
                    phone: r.try_get("phone").map_err(m)?,
                    amount_minor: r.try_get("amount_minor").map_err(m)?,
                    applied_minor: r.try_get("applied_minor").map_err(m)?,
                    credit_minor: r.try_get("credit_minor").map_err(m)?,
                    paid_at: r.try_get("paid_at").map_err(m)?,
                    needs_review: r.try_get("needs_review").map_err(m)?,
                    note: r.try_get("note").map_err(m)?,
                })
            }

            /// One settlement inside the caller's transaction: `settle_in`, then the raw callback
            /// that brought it, stored with its outcome (a copy of a callback already processed
            /// keeps the first outcome; one stored unsettled earlier gets this one). The caller
            /// commits, or rolls back on `InsufficientCredit`.
            pub(crate) async fn settle_one(
                conn: &mut <$db as sqlx::Database>::Connection,
                s: &app::payments::ports::Settlement,
                attempt_bill: Option<String>,
            ) -> Result<app::payments::ports::Settled, StoreError> {
                let settled = settle_in(&mut *conn, s, attempt_bill).await?;
                if settled == app::payments::ports::Settled::InsufficientCredit {
                    return Ok(settled);
                }
                if let Some(cb) = &s.callback {
                    sqlx::query(
                        "INSERT INTO mpesa_callbacks (kind, dedupe_key, body, received_at, outcome) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO UPDATE SET outcome = excluded.outcome \
                         WHERE mpesa_callbacks.outcome = 'received'",
                    )
                    .bind(cb.kind)
                    .bind(&cb.dedupe_key)
                    .bind(&cb.body)
                    .bind(s.now)
                    .bind(settled.callback_outcome())
                    .execute(&mut *conn)
                    .await
                    .map_err(crate::db::map_err)?;
                }
                Ok(settled)
            }

            /// Everything `settle` changes after the callback is stored: locks the bill, joins the
            /// attempt's evidence, writes the payment, ledger, credit, application, webhook and
            /// receipt message. The caller commits (or, for `InsufficientCredit`, rolls back).
            pub(crate) async fn settle_in(
                conn: &mut <$db as sqlx::Database>::Connection,
                s: &app::payments::ports::Settlement,
                attempt_bill: Option<String>,
            ) -> Result<app::payments::ports::Settled, StoreError> {
                use app::payments::ports::Settled;
                use app::payments::state::allocate;
                use crate::db::map_err;
                let bill = s.payment.as_ref().and_then(|p| p.bill_ref.clone()).or(attempt_bill);

                // PostgreSQL: lock the bill's row first. SQLite: the transaction began IMMEDIATE
                // and holds the only write lock already.
                if let (Some(b), true) = (&bill, ROW_LOCKS) {
                    sqlx::query(crate::db::hot::INVOICE_LOCK)
                        .bind(b)
                        .execute(&mut *conn)
                        .await
                        .map_err(map_err)?;
                }
                let mut attempt_state = None;
                if let Some(e) = &s.attempt {
                    sqlx::query("UPDATE payment_attempts SET updated_at = $2 WHERE attempt_id = $1")
                        .bind(e.attempt_id)
                        .bind(s.now)
                        .execute(&mut *conn)
                        .await
                        .map_err(map_err)?;
                    let current: String = sqlx::query_scalar("SELECT state FROM payment_attempts WHERE attempt_id = $1")
                        .bind(e.attempt_id)
                        .fetch_one(&mut *conn)
                        .await
                        .map_err(map_err)?;
                    let current = AttemptState::from_code(&current)
                        .ok_or_else(|| crate::db::accounts::bad("attempt state", &current))?;
                    attempt_state = Some(current.join(e.proves));
                }

                let Some(p) = &s.payment else {
                    if let Some(state) = attempt_state {
                        set_attempt(&mut *conn, s.attempt.as_ref(), state).await?;
                    }
                    return Ok(Settled::Applied { attempt_state, payment: None, bill_completed: false });
                };

                // The same money heard twice (a duplicate callback, a callback after a query).
                let attempt_id = s.attempt.as_ref().map(|e| e.attempt_id);
                if let Some(receipt) = &p.mpesa_receipt {
                    let seen = sqlx::query(crate::db::hot::PAYMENT_BY_MPESA_RECEIPT)
                        .bind(receipt)
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(map_err)?;
                    if let Some(row) = seen {
                        let seen_attempt: Option<i64> = row.try_get("attempt_id").map_err(map_err)?;
                        let seen_bill: Option<String> = row.try_get("bill_ref").map_err(map_err)?;
                        let same = match attempt_id {
                            Some(a) => seen_attempt == Some(a),
                            None => seen_attempt.is_none() && seen_bill == p.bill_ref,
                        };
                        if same {
                                return Ok(Settled::Duplicate);
                        }
                        if attempt_state.is_some() {
                            set_attempt(&mut *conn, s.attempt.as_ref(), AttemptState::NeedsReview).await?;
                        }
                        return Ok(Settled::ReusedReceipt);
                    }
                }
                if let Some(a) = attempt_id {
                    let existing: Option<i64> = sqlx::query_scalar(crate::db::hot::PAYMENT_BY_ATTEMPT)
                        .bind(a)
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(map_err)?;
                    if let Some(payment_id) = existing {
                        // Confirmed earlier by a query, which carries no M-Pesa receipt: keep it now.
                        if let Some(receipt) = &p.mpesa_receipt {
                            sqlx::query(
                                "UPDATE payments SET mpesa_receipt = $2 WHERE payment_id = $1 AND mpesa_receipt IS NULL",
                            )
                            .bind(payment_id)
                            .bind(receipt)
                            .execute(&mut *conn)
                            .await
                            .map_err(map_err)?;
                        }
                        if let Some(state) = attempt_state {
                            set_attempt(&mut *conn, s.attempt.as_ref(), state).await?;
                        }
                        return Ok(Settled::Duplicate);
                    }
                }
                if let Some(state) = attempt_state {
                    set_attempt(&mut *conn, s.attempt.as_ref(), state).await?;
                }

                // The bill as it stands now, under the lock.
                struct Bill {
                    total: i64,
                    paid: i64,
                    fee: i64,
                    // `None` for an agency's own bill (no application).
                    state: Option<String>,
                    citizen: Option<i64>,
                    agency: String,
                    // The bill's service (an agency's own bill may name none).
                    service: Option<String>,
                    application: Option<i64>,
                    // Agency bills: who to tell when it is paid.
                    api_key: Option<i64>,
                    webhook_url: Option<String>,
                    external_ref: Option<String>,
                }
                let bill_row = match &p.bill_ref {
                    Some(b) => sqlx::query(crate::db::hot::SETTLEMENT_BILL)
                    .bind(b)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(map_err)?,
                    None => None,
                };
                impl Bill {
                    /// Money may still settle it: its application waits for payment, or it is an
                    /// agency's own bill.
                    fn payable(&self) -> bool {
                        self.state.as_deref().is_none_or(|s| s == "awaiting_payment")
                    }
                }
                let bill_now = match bill_row {
                    Some(r) => Some(Bill {
                        total: r.try_get("total_minor").map_err(map_err)?,
                        paid: r.try_get("paid_minor").map_err(map_err)?,
                        fee: r.try_get("amount_minor").map_err(map_err)?,
                        state: r.try_get("state").map_err(map_err)?,
                        citizen: r.try_get("citizen_id").map_err(map_err)?,
                        agency: r.try_get("agency_code").map_err(map_err)?,
                        service: r.try_get("service_code").map_err(map_err)?,
                        application: r.try_get("application_id").map_err(map_err)?,
                        api_key: r.try_get("api_key_id").map_err(map_err)?,
                        webhook_url: r.try_get("webhook_url").map_err(map_err)?,
                        external_ref: r.try_get("external_ref").map_err(map_err)?,
                    }),
                    None => None,
                };
                // Paying from credit: the citizen's credit is locked (their account row) and
                // must cover the amount, so two bills cannot spend the same shillings.
                let from_credit = p.channel == app::payments::ports::Channel::Credit;
                if from_credit {
                    let Some(citizen) = bill_now.as_ref().and_then(|b| b.citizen) else {
                        return Ok(Settled::InsufficientCredit);
                    };
                    sqlx::query("UPDATE accounts SET account_id = account_id WHERE account_id = $1")
                        .bind(citizen)
                        .execute(&mut *conn)
                        .await
                        .map_err(map_err)?;
                    let balance: i64 = sqlx::query_scalar(crate::db::hot::CREDIT_BALANCE)
                    .bind(citizen)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(map_err)?;
                    if balance < p.amount_minor || p.amount_minor <= 0 {
                        return Ok(Settled::InsufficientCredit);
                    }
                }
                let review = p.needs_review || bill_now.is_none();
                let alloc = match (&bill_now, review) {
                    (Some(b), false) => allocate(p.amount_minor, b.total - b.paid, b.payable()),
                    _ => app::payments::state::Allocation { applied_minor: 0, credit_minor: 0 },
                };
                let note = if bill_now.is_none() && !p.needs_review {
                    format!("no bill {}; {}", p.bill_ref.as_deref().unwrap_or("named"), p.note)
                } else {
                    p.note.clone()
                };
                let payment_id: i64 = sqlx::query_scalar(
                    "INSERT INTO payments (receipt_no, bill_ref, channel, mpesa_receipt, attempt_id, phone, amount_minor, \
                     applied_minor, credit_minor, paid_at, needs_review, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING payment_id",
                )
                .bind(&p.receipt_no)
                .bind(bill_now.as_ref().and(p.bill_ref.as_deref()))
                .bind(p.channel.code())
                .bind(p.mpesa_receipt.as_deref())
                .bind(attempt_id)
                .bind(&p.phone)
                .bind(p.amount_minor)
                .bind(alloc.applied_minor)
                .bind(alloc.credit_minor)
                .bind(p.paid_at)
                .bind(review)
                .bind(&note)
                .fetch_one(&mut *conn)
                .await
                .map_err(map_err)?;

                let source = if from_credit { "citizen_credit" } else { "mpesa_clearing" };
                let mut entries: Vec<(Option<&str>, &str, i64, i64)> = vec![(None, source, p.amount_minor, 0)];
                if let (true, Some(citizen)) = (from_credit, bill_now.as_ref().and_then(|b| b.citizen)) {
                    sqlx::query(
                        "INSERT INTO citizen_credits (citizen_id, amount_minor, payment_id, reason, at) \
                         VALUES ($1, $2, $3, 'applied', $4)",
                    )
                    .bind(citizen)
                    .bind(-p.amount_minor)
                    .bind(payment_id)
                    .bind(s.now)
                    .execute(&mut *conn)
                    .await
                    .map_err(map_err)?;
                }
                let mut bill_completed = false;
                let mut deltas = crate::db::stats::Deltas::default();
                match (&bill_now, review) {
                    (Some(b), false) => {
                        let paid_after = b.paid + alloc.applied_minor;
                        let fee_part = alloc.applied_minor.min((b.fee - b.paid).max(0));
                        let convenience_part = alloc.applied_minor - fee_part;
                        entries.push((Some(b.agency.as_str()), "agency_revenue", 0, fee_part));
                        entries.push((Some(b.agency.as_str()), "convenience_fees", 0, convenience_part));
                        // An agency bill has no citizen account to credit: the excess waits
                        // in overpayments for a refund.
                        let excess_account = if b.citizen.is_some() { "citizen_credit" } else { "overpayments" };
                        entries.push((None, excess_account, 0, alloc.credit_minor));
                        deltas.days.push(crate::db::stats::payment_delta(
                            &b.agency,
                            b.service.as_deref(),
                            s.now,
                            fee_part,
                            convenience_part,
                        ));
                        sqlx::query(crate::db::hot::INVOICE_PAID)
                            .bind(p.bill_ref.as_deref())
                            .bind(paid_after)
                            .bind(InvoiceStatus::of(b.total, paid_after).code())
                            .execute(&mut *conn)
                            .await
                            .map_err(map_err)?;
                        if let (true, Some(citizen)) = (alloc.credit_minor > 0, b.citizen) {
                            sqlx::query(
                                "INSERT INTO citizen_credits (citizen_id, amount_minor, payment_id, reason, at) \
                                 VALUES ($1, $2, $3, $4, $5)",
                            )
                            .bind(citizen)
                            .bind(alloc.credit_minor)
                            .bind(payment_id)
                            .bind(if b.payable() { "overpayment" } else { "bill_closed" })
                            .bind(s.now)
                            .execute(&mut *conn)
                            .await
                            .map_err(map_err)?;
                        }
                        if b.paid < b.total && paid_after >= b.total && b.payable() {
                            bill_completed = true;
                            // The agency's system hears of it exactly once: the event is written
                            // with the payment, keyed by the bill.
                            if let (Some(key), Some(url), Some(bill)) = (b.api_key, &b.webhook_url, &p.bill_ref) {
                                let event_id = format!("evt_{bill}_paid");
                                let body = serde_json::json!({
                                    "id": event_id,
                                    "type": "invoice.paid",
                                    "created": s.now,
                                    "data": {
                                        "bill_ref": bill,
                                        "external_ref": b.external_ref,
                                        "status": "paid",
                                        "total_minor": b.total,
                                        "paid_minor": paid_after,
                                        "receipt_no": p.receipt_no,
                                        "mpesa_receipt": p.mpesa_receipt,
                                    }
                                })
                                .to_string();
                                sqlx::query(
                                    "INSERT INTO webhook_deliveries (event_id, api_key_id, url, event_type, body, \
                                     next_attempt_at, created_at) VALUES ($1, $2, $3, 'invoice.paid', $4, $5, $5) \
                                     ON CONFLICT (event_id) DO NOTHING",
                                )
                                .bind(&event_id)
                                .bind(key)
                                .bind(url)
                                .bind(body)
                                .bind(s.now)
                                .execute(&mut *conn)
                                .await
                                .map_err(map_err)?;
                            }
                            if let (Some(on), Some(application)) = (&s.on_paid, b.application) {
                                let moved = sqlx::query(crate::db::hot::APPLICATION_PAID)
                                .bind(application)
                                .bind(on.event.to.code())
                                .bind(&on.due_date)
                                .bind(on.event.at)
                                .fetch_optional(&mut *conn)
                                .await
                                .map_err(map_err)?;
                                if let Some(row) = moved {
                                    // Out of "awaiting payment" (not in the queue) into the queue.
                                    let agency: String = row.try_get("agency_code").map_err(map_err)?;
                                    let missed: Option<String> = row.try_get("charter_missed_on").map_err(map_err)?;
                                    deltas.move_in_queue(
                                        &agency,
                                        None,
                                        crate::db::stats::queue_slot(on.event.to, Some(&on.due_date), missed.is_some()),
                                    );
                                    sqlx::query(
                                        "INSERT INTO application_events (application_id, at, from_state, to_state, \
                                         event, actor_id, actor_role, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                    )
                                    .bind(application)
                                    .bind(on.event.at)
                                    .bind(on.event.from.code())
                                    .bind(on.event.to.code())
                                    .bind(on.event.event.code())
                                    .bind(on.event.actor_id)
                                    .bind(&on.event.actor_role)
                                    .bind(&on.event.note)
                                    .execute(&mut *conn)
                                    .await
                                    .map_err(map_err)?;
                                }
                            }
                        }
                    }
                    (b, _) => entries.push((b.as_ref().map(|b| b.agency.as_str()), "suspense", 0, p.amount_minor)),
                }
                post_ledger(&mut *conn, payment_id, s.now, &entries).await?;
                let payment = app::payments::ports::Payment {
                    receipt_no: p.receipt_no.clone(),
                    bill_ref: bill_now.as_ref().and(p.bill_ref.clone()),
                    channel: p.channel,
                    mpesa_receipt: p.mpesa_receipt.clone(),
                    attempt_id,
                    phone: p.phone.clone(),
                    amount_minor: p.amount_minor,
                    applied_minor: alloc.applied_minor,
                    credit_minor: alloc.credit_minor,
                    paid_at: p.paid_at,
                    needs_review: review,
                    note,
                };
                // The receipt SMS is queued with the payment: sent once it is committed, never
                // for a payment that was not.
                if let (Some(b), false) = (&bill_now, review) {
                    let n = app::notifications::outbox::NewNotice {
                        dedupe_key: format!("receipt:{}", p.receipt_no),
                        kind: app::notifications::outbox::NoticeKind::PaymentReceipt,
                        subject: p.receipt_no.clone(),
                        citizen_id: b.citizen,
                        phone: Some(p.phone.clone()).filter(|ph| !ph.is_empty()),
                    };
                    super::notice_rows::enqueue(&mut *conn, &n, s.now).await?;
                }
                // The counters last: their rows are the most shared, so they are held shortest.
                super::stats_rows::apply(&mut *conn, &deltas).await?;
                Ok(Settled::Applied { attempt_state, payment: Some(payment), bill_completed })
            }

            /// Posts double-entry lines `(agency, account, debit, credit)` for a payment; lines
            /// with nothing on either side are left out.
            pub(super) async fn post_ledger(
                conn: &mut <$db as sqlx::Database>::Connection,
                payment_id: i64,
                at: i64,
                lines: &[(Option<&str>, &str, i64, i64)],
            ) -> Result<(), StoreError> {
                // One statement for all lines: a settlement is on the writer's critical path.
                let lines: Vec<_> = lines.iter().filter(|l| l.2 > 0 || l.3 > 0).collect();
                if lines.is_empty() {
                    return Ok(());
                }
                let values = (0..lines.len())
                    .map(|i| format!("($1, ${}, ${}, ${}, ${}, $2)", 3 + 4 * i, 4 + 4 * i, 5 + 4 * i, 6 + 4 * i))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "INSERT INTO ledger_entries (payment_id, agency_code, account, debit_minor, credit_minor, at) \
                     VALUES {values}"
                );
                let mut q = sqlx::query(&sql).bind(payment_id).bind(at);
                for (agency, account, debit, credit) in lines {
                    q = q.bind(*agency).bind(*account).bind(*debit).bind(*credit);
                }
                q.execute(&mut *conn).await.map_err(crate::db::map_err)?;
                Ok(())
            }

            /// Writes an attempt's joined state and the result heard.
            pub(super) async fn set_attempt(
                conn: &mut <$db as sqlx::Database>::Connection,
                evidence: Option<&app::payments::ports::AttemptEvidence>,
                state: AttemptState,
            ) -> Result<(), StoreError> {
                let Some(e) = evidence else { return Ok(()) };
                sqlx::query(
                    "UPDATE payment_attempts SET state = $2, result_code = COALESCE($3, result_code), \
                     result_desc = CASE WHEN $4 = '' THEN result_desc ELSE $4 END WHERE attempt_id = $1",
                )
                .bind(e.attempt_id)
                .bind(state.code())
                .bind(e.result_code)
                .bind(e.result_desc.as_str())
                .execute(&mut *conn)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }

            pub(super) fn invoice(r: &<$db as sqlx::Database>::Row) -> Result<PayableInvoice, StoreError> {
                let m = crate::db::map_err;
                let state: Option<String> = r.try_get("state").map_err(m)?;
                let total: i64 = r.try_get("total_minor").map_err(m)?;
                let paid: i64 = r.try_get("paid_minor").map_err(m)?;
                Ok(PayableInvoice {
                    bill_ref: r.try_get("bill_ref").map_err(m)?,
                    application_id: r.try_get("application_id").map_err(m)?,
                    application_ref: r.try_get("reference").map_err(m)?,
                    application_state: state
                        .map(|s| {
                            app::applications::state::State::from_code(&s)
                                .ok_or_else(|| crate::db::accounts::bad("state", &s))
                        })
                        .transpose()?,
                    citizen_id: r.try_get("citizen_id").map_err(m)?,
                    agency_code: r.try_get("agency_code").map_err(m)?,
                    service_code: r.try_get("service_code").map_err(m)?,
                    description: r.try_get("description").map_err(m)?,
                    api_key_id: r.try_get("api_key_id").map_err(m)?,
                    external_ref: r.try_get("external_ref").map_err(m)?,
                    amount_minor: r.try_get("amount_minor").map_err(m)?,
                    convenience_minor: r.try_get("convenience_minor").map_err(m)?,
                    total_minor: total,
                    paid_minor: paid,
                    currency: r.try_get("currency").map_err(m)?,
                    status: InvoiceStatus::of(total, paid),
                    created_at: r.try_get("created_at").map_err(m)?,
                    expires_at: r.try_get("expires_at").map_err(m)?,
                })
            }
        }

        #[async_trait::async_trait]
        impl app::payments::agency::AgencyApiStore for $store {
            async fn create_api_key(
                &self,
                k: &app::payments::agency::NewApiKey,
            ) -> Result<i64, app::store::StoreError> {
                sqlx::query_scalar(
                    "INSERT INTO api_keys (agency_code, prefix, key_hash, label, webhook_url, webhook_secret, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING key_id",
                )
                .bind(&k.agency_code)
                .bind(&k.prefix)
                .bind(&k.key_hash)
                .bind(&k.label)
                .bind(k.webhook_url.as_deref())
                .bind(&k.webhook_secret)
                .bind(k.now)
                .fetch_one(&self.writer)
                .await
                .map_err(crate::db::map_err)
            }

            async fn api_key_by_hash(
                &self,
                key_hash: &str,
            ) -> Result<Option<app::payments::agency::ApiKey>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT key_id, agency_code, prefix, label, webhook_url, webhook_secret FROM api_keys \
                     WHERE key_hash = $1 AND revoked_at IS NULL",
                )
                .bind(key_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
                let Some(r) = row else { return Ok(None) };
                Ok(Some(app::payments::agency::ApiKey {
                    id: r.try_get("key_id").map_err(map_err)?,
                    agency_code: r.try_get("agency_code").map_err(map_err)?,
                    prefix: r.try_get("prefix").map_err(map_err)?,
                    label: r.try_get("label").map_err(map_err)?,
                    webhook_url: r.try_get("webhook_url").map_err(map_err)?,
                    webhook_secret: r.try_get("webhook_secret").map_err(map_err)?,
                }))
            }

            async fn create_agency_invoice(
                &self,
                i: &app::payments::agency::NewAgencyInvoice,
            ) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                sqlx::query(
                    "INSERT INTO invoices (bill_ref, agency_code, service_code, description, amount_minor, \
                     convenience_minor, total_minor, currency, status, created_at, api_key_id, idempotency_key, \
                     request_hash, first_response, external_ref, payer_phone, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'unpaid', $9, $10, $11, $12, $13, $14, $15, $16)",
                )
                .bind(&i.bill_ref)
                .bind(&i.agency_code)
                .bind(i.service_code.as_deref())
                .bind(&i.description)
                .bind(i.amount_minor)
                .bind(i.convenience_minor)
                .bind(i.total_minor)
                .bind(&i.currency)
                .bind(i.now)
                .bind(i.api_key_id)
                .bind(i.idempotency_key.as_deref())
                .bind(&i.request_hash)
                .bind(&i.first_response)
                .bind(i.external_ref.as_deref())
                .bind(i.payer_phone.as_deref())
                .bind(i.expires_at)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                // The payer named by the agency hears of the bill, in the bill's transaction.
                if let Some(phone) = &i.payer_phone {
                    let notice = app::notifications::outbox::NewNotice {
                        dedupe_key: format!("invoice:{}", i.bill_ref),
                        kind: app::notifications::outbox::NoticeKind::InvoiceIssued,
                        subject: i.bill_ref.clone(),
                        citizen_id: None,
                        phone: Some(phone.clone()),
                    };
                    notice_rows::enqueue(&mut tx, &notice, i.now).await?;
                }
                tx.commit().await.map_err(map_err)?;
                if i.payer_phone.is_some() {
                    app::notifications::outbox::wake();
                }
                Ok(())
            }

            async fn earlier_request(
                &self,
                api_key_id: i64,
                idempotency_key: &str,
            ) -> Result<Option<app::payments::agency::EarlierRequest>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT request_hash, first_response FROM invoices WHERE api_key_id = $1 AND idempotency_key = $2",
                )
                .bind(api_key_id)
                .bind(idempotency_key)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
                let Some(r) = row else { return Ok(None) };
                Ok(Some(app::payments::agency::EarlierRequest {
                    request_hash: r.try_get::<Option<String>, _>("request_hash").map_err(map_err)?.unwrap_or_default(),
                    first_response: r.try_get::<Option<String>, _>("first_response").map_err(map_err)?.unwrap_or_default(),
                }))
            }
        }

        #[async_trait::async_trait]
        impl app::payments::refunds::RefundStore for $store {
            async fn request_refund(
                &self,
                r: &app::payments::refunds::NewRefund,
            ) -> Result<Result<i64, app::payments::refunds::RefundRefusal>, app::store::StoreError> {
                use app::payments::refunds::RefundRefusal;
                use crate::db::map_err;
                use sqlx::Row;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // Lock the payment first: two requests at once cannot both fit under its amount.
                sqlx::query("UPDATE payments SET note = note WHERE receipt_no = $1")
                    .bind(&r.receipt_no)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                let row = sqlx::query(
                    "SELECT p.payment_id, p.amount_minor, i.agency_code FROM payments p \
                     JOIN invoices i ON i.bill_ref = p.bill_ref WHERE p.receipt_no = $1 AND p.needs_review = $2",
                )
                .bind(&r.receipt_no)
                .bind(false)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map_err)?;
                let Some(row) = row else { return Ok(Err(RefundRefusal::NotFound)) };
                let agency: String = row.try_get("agency_code").map_err(map_err)?;
                if agency != r.agency_code {
                    return Ok(Err(RefundRefusal::NotFound));
                }
                let payment_id: i64 = row.try_get("payment_id").map_err(map_err)?;
                let paid: i64 = row.try_get("amount_minor").map_err(map_err)?;
                let refunded: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM refunds \
                     WHERE payment_id = $1 AND state <> 'rejected'",
                )
                .bind(payment_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                if refunded + r.amount_minor > paid {
                    return Ok(Err(RefundRefusal::TooLarge));
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO refunds (payment_id, agency_code, amount_minor, reason, requested_by, requested_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING refund_id",
                )
                .bind(payment_id)
                .bind(&r.agency_code)
                .bind(r.amount_minor)
                .bind(&r.reason)
                .bind(r.requested_by)
                .bind(r.now)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(Ok(id))
            }

            async fn decide_refund(
                &self,
                d: &app::payments::refunds::RefundDecision,
            ) -> Result<Result<(), app::payments::refunds::RefundRefusal>, app::store::StoreError> {
                use app::payments::refunds::RefundRefusal;
                use crate::db::map_err;
                use sqlx::Row;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // One conditional UPDATE decides: of two checkers at once, exactly one wins.
                let n = sqlx::query(
                    "UPDATE refunds SET state = $4, decided_by = $3, decided_at = $5, decision_note = $6 \
                     WHERE refund_id = $1 AND agency_code = $2 AND state = 'requested' AND requested_by <> $3",
                )
                .bind(d.refund_id)
                .bind(&d.agency_code)
                .bind(d.decided_by)
                .bind(if d.approve { "approved" } else { "rejected" })
                .bind(d.now)
                .bind(&d.note)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if n != 1 {
                    let row = sqlx::query("SELECT state, requested_by, agency_code FROM refunds WHERE refund_id = $1")
                        .bind(d.refund_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    let Some(row) = row else { return Ok(Err(RefundRefusal::NotFound)) };
                    let agency: String = row.try_get("agency_code").map_err(map_err)?;
                    let state: String = row.try_get("state").map_err(map_err)?;
                    let maker: i64 = row.try_get("requested_by").map_err(map_err)?;
                    return Ok(Err(if agency != d.agency_code {
                        RefundRefusal::NotFound
                    } else if state != "requested" {
                        RefundRefusal::Decided
                    } else if maker == d.decided_by {
                        RefundRefusal::SamePerson
                    } else {
                        RefundRefusal::Decided
                    }));
                }
                if d.approve {
                    let row = sqlx::query("SELECT payment_id, amount_minor FROM refunds WHERE refund_id = $1")
                        .bind(d.refund_id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    let payment_id: i64 = row.try_get("payment_id").map_err(map_err)?;
                    let amount: i64 = row.try_get("amount_minor").map_err(map_err)?;
                    let agency = Some(d.agency_code.as_str());
                    let lines = [(agency, "refunds", amount, 0), (agency, "refunds_payable", 0, amount)];
                    payment_rows::post_ledger(&mut *tx, payment_id, d.now, &lines).await?;
                }
                tx.commit().await.map_err(map_err)?;
                Ok(Ok(()))
            }

            async fn refunds_of_agency(
                &self,
                agency_code: &str,
                limit: u32,
            ) -> Result<Vec<app::payments::refunds::Refund>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT r.refund_id, p.receipt_no, p.amount_minor AS payment_minor, r.amount_minor, r.reason, r.state, \
                     r.requested_by, a.first_name || ' ' || a.other_names AS requested_by_name, r.requested_at, \
                     r.decided_by, r.decision_note FROM refunds r JOIN payments p ON p.payment_id = r.payment_id \
                     JOIN accounts a ON a.account_id = r.requested_by WHERE r.agency_code = $1 \
                     ORDER BY r.requested_at DESC, r.refund_id DESC LIMIT $2",
                )
                .bind(agency_code)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                rows.iter()
                    .map(|r| {
                        let state: String = r.try_get("state").map_err(map_err)?;
                        Ok(app::payments::refunds::Refund {
                            id: r.try_get("refund_id").map_err(map_err)?,
                            receipt_no: r.try_get("receipt_no").map_err(map_err)?,
                            payment_minor: r.try_get("payment_minor").map_err(map_err)?,
                            amount_minor: r.try_get("amount_minor").map_err(map_err)?,
                            reason: r.try_get("reason").map_err(map_err)?,
                            state: app::payments::refunds::RefundState::from_code(&state)
                                .ok_or_else(|| crate::db::accounts::bad("refund state", &state))?,
                            requested_by: r.try_get("requested_by").map_err(map_err)?,
                            requested_by_name: r.try_get("requested_by_name").map_err(map_err)?,
                            requested_at: r.try_get("requested_at").map_err(map_err)?,
                            decided_by: r.try_get("decided_by").map_err(map_err)?,
                            decision_note: r.try_get("decision_note").map_err(map_err)?,
                        })
                    })
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl app::payments::webhooks::WebhookStore for $store {
            async fn claim_webhooks(
                &self,
                now: i64,
                claim_secs: i64,
                limit: u32,
            ) -> Result<Vec<app::payments::webhooks::WebhookDelivery>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                // The claim is one conditional UPDATE: of two servers racing for a row, one
                // matches it and the other finds it claimed.
                let rows = sqlx::query(&format!(
                    "UPDATE webhook_deliveries SET claimed_until = $1 + $3 WHERE delivery_id IN \
                     (SELECT delivery_id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $1 \
                      AND claimed_until < $1 ORDER BY next_attempt_at LIMIT $2 {lock}) \
                     AND claimed_until < $1 \
                     RETURNING delivery_id, event_id, url, event_type, body, attempts, api_key_id",
                    lock = $skip_locked,
                ))
                .bind(now)
                .bind(i64::from(limit))
                .bind(claim_secs)
                .fetch_all(&self.writer)
                .await
                .map_err(map_err)?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let key: i64 = r.try_get("api_key_id").map_err(map_err)?;
                    let secret: String = sqlx::query_scalar("SELECT webhook_secret FROM api_keys WHERE key_id = $1")
                        .bind(key)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(map_err)?;
                    out.push(app::payments::webhooks::WebhookDelivery {
                        id: r.try_get("delivery_id").map_err(map_err)?,
                        event_id: r.try_get("event_id").map_err(map_err)?,
                        url: r.try_get("url").map_err(map_err)?,
                        event_type: r.try_get("event_type").map_err(map_err)?,
                        body: r.try_get("body").map_err(map_err)?,
                        attempts: r.try_get("attempts").map_err(map_err)?,
                        secret,
                    });
                }
                Ok(out)
            }

            async fn record_webhook_attempt(
                &self,
                delivery_id: i64,
                now: i64,
                result: &app::payments::webhooks::AttemptResult,
                next_at: Option<i64>,
            ) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let state = match (result.delivered, next_at) {
                    (true, _) => "delivered",
                    (false, Some(_)) => "pending",
                    (false, None) => "failed",
                };
                // Every post counts as an attempt, but only a delivery still pending takes this
                // outcome: if this pass outlived its claim, another server may have delivered it
                // meanwhile, and a late "retry" from here would post it again.
                sqlx::query(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, \
                     state = CASE WHEN state = 'pending' THEN $2 ELSE state END, \
                     claimed_until = CASE WHEN state = 'pending' THEN 0 ELSE claimed_until END, \
                     next_attempt_at = CASE WHEN state = 'pending' THEN COALESCE($3, next_attempt_at) \
                       ELSE next_attempt_at END, \
                     delivered_at = CASE WHEN state = 'pending' AND $2 = 'delivered' THEN $4 ELSE delivered_at END \
                     WHERE delivery_id = $1",
                )
                .bind(delivery_id)
                .bind(state)
                .bind(next_at)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                sqlx::query(
                    "INSERT INTO webhook_attempts (delivery_id, at, http_status, error) VALUES ($1, $2, $3, $4)",
                )
                .bind(delivery_id)
                .bind(now)
                .bind(result.http_status)
                .bind(&result.error)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                tx.commit().await.map_err(map_err)
            }

            async fn webhook_log(
                &self,
                api_key_id: i64,
                limit: u32,
            ) -> Result<Vec<app::payments::webhooks::DeliveryLog>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT d.event_id, d.event_type, d.state, d.attempts, d.created_at, d.delivered_at, \
                     (SELECT w.http_status FROM webhook_attempts w WHERE w.delivery_id = d.delivery_id \
                      ORDER BY w.at DESC, w.attempt_id DESC LIMIT 1) AS last_status, \
                     COALESCE((SELECT w.error FROM webhook_attempts w WHERE w.delivery_id = d.delivery_id \
                      ORDER BY w.at DESC, w.attempt_id DESC LIMIT 1), '') AS last_error \
                     FROM webhook_deliveries d WHERE d.api_key_id = $1 ORDER BY d.created_at DESC, d.delivery_id DESC LIMIT $2",
                )
                .bind(api_key_id)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                rows.iter()
                    .map(|r| {
                        Ok(app::payments::webhooks::DeliveryLog {
                            event_id: r.try_get("event_id").map_err(map_err)?,
                            event_type: r.try_get("event_type").map_err(map_err)?,
                            state: r.try_get("state").map_err(map_err)?,
                            attempts: r.try_get("attempts").map_err(map_err)?,
                            last_status: r.try_get("last_status").map_err(map_err)?,
                            last_error: r.try_get("last_error").map_err(map_err)?,
                            created_at: r.try_get("created_at").map_err(map_err)?,
                            delivered_at: r.try_get("delivered_at").map_err(map_err)?,
                        })
                    })
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl app::payments::ports::PaymentStore for $store {
            async fn payable_invoice(
                &self,
                bill_ref: &str,
            ) -> Result<Option<app::payments::ports::PayableInvoice>, app::store::StoreError> {
                let row = sqlx::query(crate::db::hot::PAYABLE_INVOICE)
                .bind(bill_ref)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(payment_rows::invoice).transpose()
            }

            async fn create_attempt(
                &self,
                a: &app::payments::ports::NewAttempt,
            ) -> Result<i64, app::store::StoreError> {
                sqlx::query_scalar(
                    "INSERT INTO payment_attempts (bill_ref, phone, amount_minor, state, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'requesting', $4, $4) RETURNING attempt_id",
                )
                .bind(&a.bill_ref)
                .bind(&a.phone)
                .bind(a.amount_minor)
                .bind(a.now)
                .fetch_one(&self.writer)
                .await
                .map_err(crate::db::map_err)
            }

            async fn attempt_accepted(
                &self,
                attempt_id: i64,
                checkout_request_id: &str,
                merchant_request_id: &str,
                now: i64,
            ) -> Result<(), app::store::StoreError> {
                // Only a still-requesting attempt becomes pending: a callback may have beaten
                // the push reply here, and its verdict stands.
                sqlx::query(
                    "UPDATE payment_attempts SET checkout_request_id = $2, merchant_request_id = $3, updated_at = $4, \
                     state = CASE WHEN state = 'requesting' THEN 'pending' ELSE state END WHERE attempt_id = $1",
                )
                .bind(attempt_id)
                .bind(checkout_request_id)
                .bind(merchant_request_id)
                .bind(now)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)
                .and_then(|r| crate::db::expect_one(r.rows_affected()))
            }

            async fn attempt(
                &self,
                attempt_id: i64,
            ) -> Result<Option<app::payments::ports::Attempt>, app::store::StoreError> {
                use crate::db::payments::ATTEMPT_COLUMNS;
                let row = sqlx::query(&format!("SELECT {ATTEMPT_COLUMNS} FROM payment_attempts WHERE attempt_id = $1"))
                    .bind(attempt_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                row.as_ref().map(payment_rows::attempt).transpose()
            }

            async fn attempt_by_checkout(
                &self,
                checkout_request_id: &str,
            ) -> Result<Option<app::payments::ports::Attempt>, app::store::StoreError> {
                let row = sqlx::query(&crate::db::hot::attempt_by_checkout())
                .bind(checkout_request_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(payment_rows::attempt).transpose()
            }

            async fn attempts_of(
                &self,
                bill_ref: &str,
            ) -> Result<Vec<app::payments::ports::Attempt>, app::store::StoreError> {
                use crate::db::payments::ATTEMPT_COLUMNS;
                sqlx::query(&format!(
                    "SELECT {ATTEMPT_COLUMNS} FROM payment_attempts WHERE bill_ref = $1 \
                     ORDER BY created_at DESC, attempt_id DESC LIMIT 50"
                ))
                .bind(bill_ref)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(payment_rows::attempt)
                .collect()
            }

            async fn attempts_to_reconcile(
                &self,
                before: i64,
                limit: u32,
            ) -> Result<Vec<app::payments::ports::Attempt>, app::store::StoreError> {
                use crate::db::payments::ATTEMPT_COLUMNS;
                sqlx::query(&format!(
                    "SELECT {ATTEMPT_COLUMNS} FROM payment_attempts \
                     WHERE state IN ('requesting', 'pending', 'unknown') AND updated_at < $1 \
                     ORDER BY updated_at, attempt_id LIMIT $2"
                ))
                .bind(before)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(payment_rows::attempt)
                .collect()
            }

            async fn unsure_attempt(
                &self,
                phone: &str,
                amount_minor: i64,
                since: i64,
            ) -> Result<Option<app::payments::ports::Attempt>, app::store::StoreError> {
                use crate::db::payments::ATTEMPT_COLUMNS;
                let rows = sqlx::query(&format!(
                    "SELECT {ATTEMPT_COLUMNS} FROM payment_attempts WHERE phone = $1 AND amount_minor = $2 \
                     AND state IN ('requesting', 'unknown') AND checkout_request_id IS NULL AND created_at >= $3 LIMIT 2"
                ))
                .bind(phone)
                .bind(amount_minor)
                .bind(since)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                if rows.len() == 1 { rows.first().map(payment_rows::attempt).transpose() } else { Ok(None) }
            }

            async fn attempt_queried(&self, attempt_id: i64, now: i64) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "UPDATE payment_attempts SET query_count = query_count + 1, updated_at = $2 WHERE attempt_id = $1",
                )
                .bind(attempt_id)
                .bind(now)
                .execute(&self.writer)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }

            async fn record_callback(
                &self,
                kind: &str,
                dedupe_key: Option<&str>,
                body: &str,
                now: i64,
            ) -> Result<(i64, bool), app::store::StoreError> {
                use sqlx::Row;
                let inserted: Option<i64> = sqlx::query_scalar(crate::db::hot::CALLBACK_INSERT)
                .bind(kind)
                .bind(dedupe_key)
                .bind(body)
                .bind(now)
                .fetch_optional(&self.writer)
                .await
                .map_err(crate::db::map_err)?;
                if let Some(id) = inserted {
                    return Ok((id, true));
                }
                let row = sqlx::query(crate::db::hot::CALLBACK_BY_KEY)
                    .bind(dedupe_key)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                let id: i64 = row.try_get("callback_id").map_err(crate::db::map_err)?;
                let outcome: String = row.try_get("outcome").map_err(crate::db::map_err)?;
                // A copy of a callback whose processing never finished (the server died in
                // between) is processed again; settling is idempotent.
                Ok((id, outcome == "received"))
            }

            async fn callback_outcome(&self, callback_id: i64, outcome: &str) -> Result<(), app::store::StoreError> {
                sqlx::query("UPDATE mpesa_callbacks SET outcome = $2 WHERE callback_id = $1")
                    .bind(callback_id)
                    .bind(outcome)
                    .execute(&self.writer)
                    .await
                    .map(|_| ())
                    .map_err(crate::db::map_err)
            }

            async fn settle(
                &self,
                s: &app::payments::ports::Settlement,
            ) -> Result<app::payments::ports::Settled, app::store::StoreError> {
                use app::store::StoreError;
                use crate::db::map_err;

                // The bill this concerns: named by the payment, or the attempt's (immutable, so
                // read before the transaction).
                let attempt_bill: Option<String> = match &s.attempt {
                    Some(e) => Some(
                        sqlx::query_scalar(crate::db::hot::ATTEMPT_BILL)
                            .bind(e.attempt_id)
                            .fetch_optional(&self.pool)
                            .await
                            .map_err(map_err)?
                            .ok_or_else(|| StoreError::NotFound("payment attempt".into()))?,
                    ),
                    None => None,
                };
                self.run_settlement(s, attempt_bill).await
            }

            async fn receipt(
                &self,
                receipt_no: &str,
            ) -> Result<Option<app::payments::ports::ReceiptView>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let row = sqlx::query(&crate::db::hot::receipt())
                .bind(receipt_no)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
                let Some(r) = row else { return Ok(None) };
                let currency: Option<String> = r.try_get("currency").map_err(map_err)?;
                Ok(Some(app::payments::ports::ReceiptView {
                    payment: payment_rows::payment(&r)?,
                    application_ref: r.try_get("reference").map_err(map_err)?,
                    service_code: r.try_get("service_code").map_err(map_err)?,
                    agency_code: r.try_get("agency_code").map_err(map_err)?,
                    citizen_id: r.try_get("citizen_id").map_err(map_err)?,
                    invoice_total_minor: r.try_get("total_minor").map_err(map_err)?,
                    currency: currency.unwrap_or_else(|| "KES".into()),
                }))
            }

            async fn payments_of(
                &self,
                bill_ref: &str,
            ) -> Result<Vec<app::payments::ports::Payment>, app::store::StoreError> {
                use crate::db::payments::PAYMENT_COLUMNS;
                sqlx::query(&format!(
                    "SELECT {PAYMENT_COLUMNS} FROM payments p WHERE p.bill_ref = $1 ORDER BY p.paid_at, p.payment_id"
                ))
                .bind(bill_ref)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(payment_rows::payment)
                .collect()
            }

            async fn credit_balance(&self, citizen_id: i64) -> Result<i64, app::store::StoreError> {
                let total: Option<i64> =
                    sqlx::query_scalar("SELECT CAST(SUM(amount_minor) AS BIGINT) FROM citizen_credits WHERE citizen_id = $1")
                        .bind(citizen_id)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(crate::db::map_err)?;
                Ok(total.unwrap_or(0))
            }

            async fn mpesa_payments_between(
                &self,
                from: i64,
                to: i64,
            ) -> Result<Vec<app::payments::ports::Payment>, app::store::StoreError> {
                use crate::db::payments::PAYMENT_COLUMNS;
                sqlx::query(&format!(
                    "SELECT {PAYMENT_COLUMNS} FROM payments p WHERE p.paid_at >= $1 AND p.paid_at < $2 \
                     AND p.channel IN ('mpesa_stk', 'mpesa_paybill') ORDER BY p.paid_at, p.payment_id"
                ))
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(payment_rows::payment)
                .collect()
            }

            async fn settlement(
                &self,
                agency_code: &str,
                from: i64,
                to: i64,
            ) -> Result<Vec<app::payments::ports::SettlementRow>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                // The counters kept with each payment, by EAT day (the bounds are whole days).
                let rows = sqlx::query(crate::db::hot::SETTLEMENT)
                .bind(agency_code)
                .bind(crate::db::stats::day_of(from))
                .bind(crate::db::stats::day_of(to))
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                rows.iter()
                    .map(|r| {
                        Ok(app::payments::ports::SettlementRow {
                            day: r.try_get("day").map_err(map_err)?,
                            service_code: r.try_get("service_code").map_err(map_err)?,
                            payments: r.try_get("payments").map_err(map_err)?,
                            revenue_minor: r.try_get("revenue_minor").map_err(map_err)?,
                            convenience_minor: r.try_get("convenience_minor").map_err(map_err)?,
                        })
                    })
                    .collect()
            }

            async fn ledger_totals(&self) -> Result<(i64, i64), app::store::StoreError> {
                use sqlx::Row;
                let r = sqlx::query(
                    "SELECT CAST(COALESCE(SUM(debit_minor), 0) AS BIGINT) AS d, \
                     CAST(COALESCE(SUM(credit_minor), 0) AS BIGINT) AS c FROM ledger_entries",
                )
                .fetch_one(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                Ok((r.try_get("d").map_err(crate::db::map_err)?, r.try_get("c").map_err(crate::db::map_err)?))
            }
        }
    };
}
