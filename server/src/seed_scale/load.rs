//! The bulk load: one PostgreSQL session runs `INSERT … SELECT … FROM generate_series` a
//! chunk at a time, so the rows are made inside the server and never cross the network.

use super::model::{self, SERVICE_SLOTS, Sizes, slots};
use super::offers::Offer;
use super::sql::{self, h, u};
use sqlx::{ConnectOptions, Connection, Executor, PgConnection, Row};
use std::str::FromStr;
use std::time::Instant;

/// Rows per statement.
pub const CHUNK: i64 = 1_000_000;

/// The tables a load writes, whose non-unique indexes may be dropped during it.
pub const TABLES: [&str; 8] = [
    "accounts",
    "applications",
    "invoices",
    "payments",
    "ledger_entries",
    "application_events",
    "notifications",
    "ratings",
];

/// Where the indexes dropped for a load are kept until they are rebuilt, so a load that stops
/// half-way leaves the definitions behind (the next run rebuilds them first).
const INDEX_BACKUP: &str = "mlango_seed_dropped_indexes";

/// How long one pass took.
#[derive(Debug, Clone, PartialEq)]
pub struct PassTime {
    /// What was loaded (a table, or a step such as "indexes").
    pub name: String,
    /// Rows written.
    pub rows: u64,
    /// Wall time in seconds.
    pub secs: f64,
}

/// The ids one load uses.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// "Now" for every row: the end of the seeded window.
    pub now: i64,
    /// First citizen account id.
    pub citizen_base: i64,
    /// Sizes.
    pub sizes: Sizes,
    /// First application id.
    pub app_base: i64,
    /// `payment_id = pay_offset + application_id`.
    pub pay_offset: i64,
}

impl Plan {
    fn last_citizen(&self) -> i64 {
        self.citizen_base + self.sizes.accounts as i64 - 1
    }

    fn last_app(&self) -> i64 {
        self.app_base + self.sizes.applications as i64 - 1
    }
}

/// Thousands separated by commas.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn err(what: &str) -> impl Fn(sqlx::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// Opens the loading session: asynchronous commit (a crash loses only the last chunks, and the
/// load is rerun anyway) and memory for the hash joins and index builds.
pub async fn session(url: &str) -> Result<PgConnection, String> {
    // Statements run for minutes by design: sqlx's slow-statement log would print each one whole.
    let options = sqlx::postgres::PgConnectOptions::from_str(url)
        .map_err(|e| format!("invalid PostgreSQL URL: {e}"))?
        .disable_statement_logging();
    let mut conn = PgConnection::connect_with(&options).await.map_err(err("cannot connect to PostgreSQL"))?;
    for set in [
        "SET synchronous_commit = off",
        "SET work_mem = '256MB'",
        "SET maintenance_work_mem = '1GB'",
        "SET statement_timeout = 0",
    ] {
        conn.execute(set).await.map_err(err(set))?;
    }
    Ok(conn)
}

/// Whether the database already holds people's data, and how much.
pub async fn existing(conn: &mut PgConnection) -> Result<(i64, i64), String> {
    let row = sqlx::query(
        "SELECT (SELECT count(*) FROM accounts WHERE role IN ('citizen', 'agent')), \
         (SELECT count(*) FROM applications)",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(err("counting existing accounts"))?;
    Ok((row.get(0), row.get(1)))
}

/// Rebuilds indexes a stopped load left dropped; returns how many.
pub async fn restore_indexes(conn: &mut PgConnection) -> Result<usize, String> {
    let exists: bool = sqlx::query_scalar(&format!("SELECT to_regclass('{INDEX_BACKUP}') IS NOT NULL"))
        .fetch_one(&mut *conn)
        .await
        .map_err(err("looking for dropped indexes"))?;
    if !exists {
        return Ok(0);
    }
    let defs: Vec<(String, String)> =
        sqlx::query_as(&format!("SELECT name, definition FROM {INDEX_BACKUP} ORDER BY name"))
            .fetch_all(&mut *conn)
            .await
            .map_err(err("reading dropped indexes"))?;
    for (name, definition) in &defs {
        let present: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
            .bind(name)
            .fetch_one(&mut *conn)
            .await
            .map_err(err("looking for an index"))?;
        if !present {
            let t = Instant::now();
            conn.execute(definition.as_str()).await.map_err(err(definition))?;
            println!("  rebuilt {name} in {:.1} s", t.elapsed().as_secs_f64());
        }
    }
    conn.execute(format!("DROP TABLE {INDEX_BACKUP}").as_str()).await.map_err(err("dropping the index list"))?;
    Ok(defs.len())
}

/// Drops the loaded tables' non-unique indexes (not those behind constraints), keeping their
/// exact definitions (`pg_get_indexdef`, so whatever migrations made them) to rebuild after.
pub async fn drop_indexes(conn: &mut PgConnection) -> Result<Vec<String>, String> {
    let tables = TABLES.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
    let defs: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT ic.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i \
         JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid \
         WHERE tc.relname IN ({tables}) AND tc.relnamespace = 'public'::regnamespace \
         AND NOT i.indisunique AND NOT i.indisprimary \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(err("listing indexes"))?;
    let mut tx = conn.begin().await.map_err(err("begin"))?;
    tx.execute(format!("CREATE TABLE {INDEX_BACKUP} (name TEXT PRIMARY KEY, definition TEXT NOT NULL)").as_str())
        .await
        .map_err(err("saving index definitions"))?;
    for (name, definition) in &defs {
        sqlx::query(&format!("INSERT INTO {INDEX_BACKUP} (name, definition) VALUES ($1, $2)"))
            .bind(name)
            .bind(definition)
            .execute(&mut *tx)
            .await
            .map_err(err("saving index definitions"))?;
        tx.execute(format!("DROP INDEX public.{name}").as_str()).await.map_err(err("dropping an index"))?;
    }
    tx.commit().await.map_err(err("commit"))?;
    Ok(defs.into_iter().map(|(n, _)| n).collect())
}

/// The session's working tables: offers, the slot table that picks them, and officers.
pub async fn stage(conn: &mut PgConnection, offers: &[Offer], officers: &[(String, i64, i64)]) -> Result<(), String> {
    for ddl in [
        "CREATE TEMP TABLE seed_offers (k INT PRIMARY KEY, service_code TEXT NOT NULL, agency_code TEXT NOT NULL, \
         variant_code TEXT NOT NULL, amount_minor BIGINT NOT NULL, convenience_minor BIGINT NOT NULL, \
         total_minor BIGINT NOT NULL, timeline_secs BIGINT NOT NULL, answers TEXT NOT NULL, canonical TEXT NOT NULL, \
         received_en TEXT NOT NULL, received_sw TEXT NOT NULL, receipt_en TEXT NOT NULL, receipt_sw TEXT NOT NULL, \
         UNIQUE (service_code, variant_code))",
        "CREATE TEMP TABLE seed_slots (slot INT PRIMARY KEY, k INT NOT NULL)",
        "CREATE TEMP TABLE seed_officers (agency_code TEXT PRIMARY KEY, first_id BIGINT NOT NULL, n BIGINT NOT NULL)",
    ] {
        conn.execute(ddl).await.map_err(err("creating working tables"))?;
    }
    let col = |f: fn(&Offer) -> String| offers.iter().map(f).collect::<Vec<String>>();
    let num = |f: fn(&Offer) -> i64| offers.iter().map(f).collect::<Vec<i64>>();
    sqlx::query(
        "INSERT INTO seed_offers SELECT k::int - 1, s, a, v, am, cv, am + cv, tl, an, ca, re, rs, pe, ps \
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], \
         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[]) WITH ORDINALITY \
         AS t(s, a, v, am, cv, tl, an, ca, re, rs, pe, ps, k)",
    )
    .bind(col(|o| o.service_code.clone()))
    .bind(col(|o| o.agency_code.clone()))
    .bind(col(|o| o.variant_code.clone()))
    .bind(num(|o| o.amount_minor))
    .bind(num(|o| o.convenience_minor))
    .bind(num(|o| o.timeline_secs))
    .bind(col(|o| o.answers.clone()))
    .bind(col(|o| o.canonical.clone()))
    .bind(col(|o| o.received[0].clone()))
    .bind(col(|o| o.received[1].clone()))
    .bind(col(|o| o.receipt[0].clone()))
    .bind(col(|o| o.receipt[1].clone()))
    .execute(&mut *conn)
    .await
    .map_err(err("staging offers"))?;
    let shares: Vec<f64> = offers.iter().map(|o| o.share).collect();
    let picks: Vec<i32> = slots(&shares, SERVICE_SLOTS).into_iter().map(|k| k as i32).collect();
    sqlx::query("INSERT INTO seed_slots SELECT s::int - 1, k FROM UNNEST($1::int[]) WITH ORDINALITY AS t(k, s)")
        .bind(picks)
        .execute(&mut *conn)
        .await
        .map_err(err("staging slots"))?;
    sqlx::query("INSERT INTO seed_officers SELECT * FROM UNNEST($1::text[], $2::bigint[], $3::bigint[])")
        .bind(officers.iter().map(|o| o.0.clone()).collect::<Vec<_>>())
        .bind(officers.iter().map(|o| o.1).collect::<Vec<_>>())
        .bind(officers.iter().map(|o| o.2).collect::<Vec<_>>())
        .execute(&mut *conn)
        .await
        .map_err(err("staging officers"))?;
    conn.execute("ANALYZE seed_offers, seed_slots, seed_officers").await.map_err(err("analyze"))?;
    Ok(())
}

/// Runs `statement(lo, hi)` over `[first, last]` a chunk at a time, printing progress.
async fn chunked(
    conn: &mut PgConnection,
    name: &str,
    first: i64,
    last: i64,
    statement: impl Fn(i64, i64) -> String,
) -> Result<PassTime, String> {
    let started = Instant::now();
    let mut rows = 0u64;
    let mut lo = first;
    while lo <= last {
        let hi = (lo + CHUNK - 1).min(last);
        let t = Instant::now();
        let n = conn.execute(statement(lo, hi).as_str()).await.map_err(|e| format!("loading {name}: {e}"))?;
        rows += n.rows_affected();
        let done = (hi - first + 1) as f64 / (last - first + 1) as f64;
        println!(
            "  {name:<19} {:>5.1}%  {:>13} rows  {:>9} rows/s",
            done * 100.0,
            grouped(rows),
            grouped((n.rows_affected() as f64 / t.elapsed().as_secs_f64().max(1e-3)) as u64)
        );
        lo = hi + 1;
    }
    Ok(PassTime { name: name.to_string(), rows, secs: started.elapsed().as_secs_f64() })
}

fn account_columns() -> &'static str {
    "account_id, account_type, role, agency_code, document_kind, document_number, first_name, other_names, \
     year_of_birth, phone, email, password_hash, failed_attempts, locked_until, created_at, language"
}

fn email(id: &str) -> String {
    format!("lower({}) || '.' || lower({}) || '.' || {id} || '@example.com'", sql::first_name(id), sql::surname(id))
}

/// Agency officers: `officers` rows of (agency, first id, count).
pub async fn officers(conn: &mut PgConnection, now: i64, password_hash: &str) -> Result<PassTime, String> {
    let started = Instant::now();
    let i = "g.i";
    let statement = format!(
        "INSERT INTO accounts ({}) OVERRIDING SYSTEM VALUE \
         SELECT {i}, 'citizen', 'agency_officer', so.agency_code, 'national_id', {}, {}, {}, \
         1995 - floor(35 * {})::int, {}, {}, $1, 0, 0, {}, 'en' \
         FROM seed_officers so CROSS JOIN LATERAL generate_series(so.first_id, so.first_id + so.n - 1) AS g(i)",
        account_columns(),
        sql::document_number(i),
        sql::first_name(i),
        sql::other_names(i),
        u(i, 105),
        sql::phone(i),
        email(i),
        now - model::WINDOW_SECS - 365 * 86_400,
    );
    let n = sqlx::query(&statement)
        .bind(password_hash)
        .execute(&mut *conn)
        .await
        .map_err(err("loading officers"))?
        .rows_affected();
    println!("  officers            {:>13} rows", grouped(n));
    Ok(PassTime { name: "accounts (officers)".into(), rows: n, secs: started.elapsed().as_secs_f64() })
}

/// Citizens and other people with accounts.
pub async fn accounts(conn: &mut PgConnection, p: &Plan, password_hash: &str) -> Result<PassTime, String> {
    let i = "g.i";
    let mut kind_type = String::from("CASE");
    let mut kind_doc = String::from("CASE");
    let mut upto = 0.0;
    for (t, d, share) in model::ACCOUNT_KINDS {
        upto += share;
        kind_type.push_str(&format!(" WHEN x < {upto} THEN '{t}'"));
        kind_doc.push_str(&format!(" WHEN x < {upto} THEN '{d}'"));
    }
    kind_type.push_str(" ELSE 'citizen' END");
    kind_doc.push_str(" ELSE 'national_id' END");
    // Accounts were opened over the two years before the window, so each exists before any of
    // its applications.
    let opened = format!(
        "({} - {} + ({} * {})::bigint)",
        p.now - model::WINDOW_SECS,
        2 * 365 * 86_400,
        2 * 365 * 86_400,
        u(i, 108)
    );
    let quoted_hash = password_hash.replace('\'', "''");
    let columns = account_columns();
    let statement = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO accounts ({columns}) OVERRIDING SYSTEM VALUE \
             SELECT {i}, k.account_type, 'citizen', NULL, k.document_kind, \
             CASE WHEN k.document_kind = 'passport' THEN 'B' ELSE '' END || {doc}, {first}, {other}, \
             2006 - floor(55 * power({age}, 1.6))::int, {phone}, CASE WHEN {mail} < {email_share} THEN {email} END, \
             '{quoted_hash}', 0, 0, {opened}, CASE WHEN {sw} THEN 'sw' ELSE 'en' END \
             FROM generate_series({lo}::bigint, {hi}::bigint) AS g(i) \
             CROSS JOIN LATERAL (SELECT {kx} AS x) kx \
             CROSS JOIN LATERAL (SELECT {kind_type} AS account_type, {kind_doc} AS document_kind) k",
            doc = sql::document_number(i),
            first = sql::first_name(i),
            other = sql::other_names(i),
            age = u(i, 105),
            phone = sql::phone(i),
            mail = u(i, 106),
            email_share = model::EMAIL_SHARE,
            email = email(i),
            sw = sql::swahili(i),
            kx = u(i, 101),
        )
    };
    chunked(conn, "accounts", p.citizen_base, p.last_citizen(), statement).await
}

fn person(citizen: &str) -> String {
    format!(
        "SELECT {} || ' ' || {} AS full_name, {} AS sur, {} AS ph, {} AS nid OFFSET 0",
        sql::first_name(citizen),
        sql::other_names(citizen),
        sql::surname(citizen),
        sql::phone(citizen),
        sql::document_number(citizen)
    )
}

fn fill_person(template: &str) -> String {
    format!(
        "replace(replace(replace(replace({template}, '{}', pp.full_name), '{}', pp.sur), '{}', pp.ph), '{}', pp.nid)",
        sql::NAME,
        sql::SURNAME,
        sql::PHONE,
        sql::ID
    )
}

fn quoted(states: &[app::applications::state::State]) -> String {
    states.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ")
}

/// Applications, with their state, answers, snapshot hash, price, charter dates and officer.
pub async fn applications(conn: &mut PgConnection, p: &Plan) -> Result<PassTime, String> {
    use app::applications::state::State;
    let now = p.now;
    let id = "a.id";
    let g = "g.i";
    let s = p.sizes;
    let citizen = format!(
        "(CASE WHEN {} < {} THEN {} + {} % {} ELSE {} + {} % {} END)",
        u(g, 2),
        model::FREQUENT_SHARE,
        p.citizen_base,
        h(g, 3),
        s.frequent_applicants,
        p.citizen_base,
        h(g, 4),
        s.accounts
    );
    let decided = quoted(&[
        State::InReview,
        State::NeedsInfo,
        State::Resubmitted,
        State::Approved,
        State::Issued,
        State::Rejected,
    ]);
    let not_queued = quoted(&[State::Draft, State::Submitted, State::AwaitingPayment, State::Expired]);
    let statement = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO applications (application_id, reference, citizen_id, service_code, agency_code, variant_code, \
             state, answers, snapshot_hash, amount_minor, convenience_minor, currency, submitted_at, due_date, \
             charter_missed_on, created_at, updated_at, version, assigned_to) OVERRIDING SYSTEM VALUE \
             SELECT a.id, {reference}, a.citizen_id, o.service_code, o.agency_code, o.variant_code, st.state, \
             {answers}, CASE WHEN f.f_draft THEN NULL ELSE encode(sha256(convert_to({canonical}, 'UTF8')), 'hex') END, \
             CASE WHEN f.f_draft THEN NULL ELSE o.amount_minor END, \
             CASE WHEN f.f_draft THEN NULL ELSE o.convenience_minor END, CASE WHEN f.f_draft THEN NULL ELSE 'KES' END, \
             CASE WHEN f.f_draft THEN NULL ELSE t1.t_sub END, \
             CASE WHEN st.state IN ({not_queued}) THEN NULL WHEN ch.missed THEN {revised_date} ELSE {due_date} END, \
             CASE WHEN ch.missed AND st.state NOT IN ({not_queued}) THEN {due_date} END, \
             c.created_at, st.updated_at, st.version, \
             CASE WHEN st.state IN ({decided}) THEN so.first_id + {officer} % so.n END \
             FROM (SELECT g.i AS id, {citizen} AS citizen_id, {submitted} AS t_submit \
                   FROM generate_series({lo}::bigint, {hi}::bigint) AS g(i)) a \
             JOIN seed_slots sl ON sl.slot = ({slot} % {SERVICE_SLOTS})::int \
             JOIN seed_offers o ON o.k = sl.k \
             JOIN seed_officers so ON so.agency_code = o.agency_code \
             CROSS JOIN LATERAL ({flags}) f \
             {times} \
             CROSS JOIN LATERAL (SELECT a.t_submit - (120 + 1800 * {fill})::bigint AS created_at OFFSET 0) c \
             CROSS JOIN LATERAL ({person}) pp \
             CROSS JOIN LATERAL ({charter}) ch \
             CROSS JOIN LATERAL (SELECT {state} AS state, \
                 greatest({updated}, CASE WHEN ch.missed THEN t3.t_due ELSE 0 END) AS updated_at, \
                 {version} + CASE WHEN ch.missed THEN 1 ELSE 0 END AS version OFFSET 0) st",
            reference = sql::reference(id),
            answers = fill_person("o.answers"),
            canonical = fill_person("o.canonical"),
            revised_date = sql::eat_date("ch.revised"),
            charter = sql::charter(now),
            due_date = sql::eat_date("t3.t_due"),
            officer = h(id, 31),
            submitted = sql::submitted_at(g, now),
            slot = h(id, 1),
            flags = sql::flags(id),
            times = sql::times(id, "a.t_submit"),
            fill = u(id, 6),
            person = person("a.citizen_id"),
            state = sql::state(now),
            updated = sql::last_change(now, "c.created_at"),
            version = sql::steps_taken(now),
        )
    };
    chunked(conn, "applications", p.app_base, p.last_app(), statement).await
}

fn range(lo: i64, hi: i64) -> String {
    format!("a.application_id BETWEEN {lo} AND {hi}")
}

/// Paid: billed and past waiting for payment.
fn paid() -> String {
    "a.amount_minor + a.convenience_minor > 0 AND a.state NOT IN ('draft', 'awaiting_payment', 'expired')".into()
}

/// Invoices of every submitted application with a fee.
pub async fn invoices(conn: &mut PgConnection, p: &Plan) -> Result<PassTime, String> {
    let id = "a.application_id";
    let life = app::payments::INVOICE_LIFE_DAYS * 86_400;
    let statement = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO invoices (bill_ref, application_id, amount_minor, convenience_minor, total_minor, currency, \
             status, created_at, agency_code, service_code, expires_at, paid_minor, closed_at) \
             SELECT {bill}, a.application_id, a.amount_minor, a.convenience_minor, \
             a.amount_minor + a.convenience_minor, a.currency, CASE WHEN x.paid THEN 'paid' ELSE 'unpaid' END, \
             a.submitted_at, a.agency_code, a.service_code, a.submitted_at + {life}, \
             CASE WHEN x.paid THEN a.amount_minor + a.convenience_minor ELSE 0 END, \
             CASE WHEN NOT x.paid AND a.state IN ('expired', 'withdrawn', 'rejected', 'issued') \
             THEN a.updated_at END \
             FROM applications a CROSS JOIN LATERAL (SELECT ({paid}) AS paid) x \
             WHERE {range} AND a.submitted_at IS NOT NULL AND a.amount_minor + a.convenience_minor > 0",
            bill = sql::bill_ref(id),
            paid = paid(),
            range = range(lo, hi),
        )
    };
    chunked(conn, "invoices", p.app_base, p.last_app(), statement).await
}

/// One M-Pesa paybill payment per paid bill.
pub async fn payments(conn: &mut PgConnection, p: &Plan) -> Result<PassTime, String> {
    let id = "a.application_id";
    let statement = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO payments (payment_id, receipt_no, bill_ref, channel, mpesa_receipt, phone, amount_minor, \
             applied_minor, credit_minor, paid_at, needs_review, note) OVERRIDING SYSTEM VALUE \
             SELECT {offset} + a.application_id, {receipt}, {bill}, 'mpesa_paybill', {mpesa}, {phone}, \
             a.amount_minor + a.convenience_minor, a.amount_minor + a.convenience_minor, 0, {paid_at}, FALSE, '' \
             FROM applications a WHERE {range} AND {paid}",
            offset = p.pay_offset,
            receipt = sql::receipt_no(id),
            bill = sql::bill_ref(id),
            mpesa = sql::mpesa_receipt(id),
            phone = sql::phone("a.citizen_id"),
            paid_at = sql::paid_at(id, "a.submitted_at"),
            range = range(lo, hi),
            paid = paid(),
        )
    };
    chunked(conn, "payments", p.app_base, p.last_app(), statement).await
}

/// The double entry of each payment, as settlement posts it.
pub async fn ledger(conn: &mut PgConnection, p: &Plan) -> Result<PassTime, String> {
    let id = "a.application_id";
    let statement = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO ledger_entries (payment_id, agency_code, account, debit_minor, credit_minor, at) \
             SELECT {offset} + a.application_id, l.agency, l.account, l.debit, l.credit, {paid_at} \
             FROM applications a CROSS JOIN LATERAL (VALUES \
               (NULL::text, 'mpesa_clearing', a.amount_minor + a.convenience_minor, 0::bigint), \
               (a.agency_code, 'agency_revenue', 0::bigint, a.amount_minor), \
               (a.agency_code, 'convenience_fees', 0::bigint, a.convenience_minor)) l(agency, account, debit, credit) \
             WHERE {range} AND {paid} AND (l.debit > 0 OR l.credit > 0)",
            offset = p.pay_offset,
            paid_at = sql::paid_at(id, "a.submitted_at"),
            range = range(lo, hi),
            paid = paid(),
        )
    };
    chunked(conn, "ledger_entries", p.app_base, p.last_app(), statement).await
}

/// Each application's history, step by step, as far as it has got.
pub async fn events(conn: &mut PgConnection, p: &Plan) -> Result<PassTime, String> {
    let id = "a.application_id";
    let now = p.now;
    let statement = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO application_events (application_id, at, from_state, to_state, event, actor_id, actor_role, note) \
             SELECT a.application_id, ev.at, ev.from_state, ev.to_state, ev.event, ev.actor_id, ev.actor_role, ev.note \
             FROM applications a \
             JOIN seed_offers o ON o.service_code = a.service_code AND o.variant_code = a.variant_code \
             CROSS JOIN LATERAL ({flags}) f \
             {times} \
             CROSS JOIN LATERAL ({charter}) ch \
             CROSS JOIN LATERAL (VALUES {rows}) ev(n, ok, at, from_state, to_state, event, actor_id, actor_role, note) \
             WHERE {range} AND a.submitted_at IS NOT NULL AND ev.ok AND ev.at <= {now} \
             ORDER BY a.application_id, ev.at, ev.n",
            flags = sql::flags(id),
            times = sql::times(id, "a.submitted_at"),
            rows = sql::step_rows("a.citizen_id", "a.assigned_to"),
            charter = sql::charter(now),
            range = range(lo, hi),
        )
    };
    chunked(conn, "application_events", p.app_base, p.last_app(), statement).await
}

/// The SMS each application sent: "received" at submission, and the receipt when paid.
pub async fn notifications(conn: &mut PgConnection, p: &Plan) -> Result<PassTime, String> {
    let id = "a.application_id";
    let sw = sql::swahili("a.citizen_id");
    let statement = |lo: i64, hi: i64| {
        let columns = "dedupe_key, kind, subject, citizen_id, phone, channel, status, attempts, next_attempt_at, \
                       claimed_until, last_error, provider_message_id, created_at, sent_at, delivery_status, body, \
                       recipient";
        let received_body = format!(
            "replace(replace(replace(CASE WHEN {sw} THEN o.received_sw ELSE o.received_en END, '{r}', a.reference), \
             '{b}', {bill}), '{d}', {due})",
            r = sql::REFERENCE,
            b = sql::BILL,
            d = sql::DUE,
            bill = sql::bill_ref(id),
            due = sql::date_words("a.submitted_at + o.timeline_secs", &sw),
        );
        let receipt_body = format!(
            "replace(replace(replace(CASE WHEN {sw} THEN o.receipt_sw ELSE o.receipt_en END, '{r}', a.reference), \
             '{b}', {bill}), '{c}', {receipt})",
            r = sql::REFERENCE,
            b = sql::BILL,
            c = sql::RECEIPT,
            bill = sql::bill_ref(id),
            receipt = sql::receipt_no(id),
        );
        let paid_at = sql::paid_at(id, "a.submitted_at");
        format!(
            "INSERT INTO notifications ({columns}) \
             SELECT 'received:' || a.reference, 'application_received', a.reference, a.citizen_id, NULL, 'sms', 'sent', \
             1, a.submitted_at, 0, '', 'ATXid_' || {msg1}, a.submitted_at, a.submitted_at + 3, 'Success', \
             {received_body}, 'a:' || a.citizen_id \
             FROM applications a JOIN seed_offers o ON o.service_code = a.service_code AND o.variant_code = a.variant_code \
             WHERE {range} AND a.submitted_at IS NOT NULL \
             UNION ALL \
             SELECT 'receipt:' || {receipt}, 'payment_receipt', {receipt}, a.citizen_id, NULL, 'sms', 'sent', 1, \
             {paid_at}, 0, '', 'ATXid_' || {msg2}, {paid_at}, {paid_at} + 3, 'Success', {receipt_body}, \
             'a:' || a.citizen_id \
             FROM applications a JOIN seed_offers o ON o.service_code = a.service_code AND o.variant_code = a.variant_code \
             WHERE {range} AND {paid}",
            msg1 = h(id, 51),
            msg2 = h(id, 52),
            receipt = sql::receipt_no(id),
            range = range(lo, hi),
            paid = paid(),
        )
    };
    chunked(conn, "notifications", p.app_base, p.last_app(), statement).await
}

/// Citizens' 1–5 ratings of some issued applications.
pub async fn ratings(conn: &mut PgConnection, p: &Plan) -> Result<PassTime, String> {
    let id = "a.application_id";
    let mut score = String::from("CASE");
    let mut upto = 0.0;
    for (i, share) in model::SCORE_SHARES.iter().enumerate().take(4) {
        upto += share;
        score.push_str(&format!(" WHEN {} < {upto} THEN {}", u(id, 42), i + 1));
    }
    score.push_str(" ELSE 5 END");
    let now = p.now;
    let statement = |lo: i64, hi: i64| {
        format!(
            "INSERT INTO ratings (application_id, agency_code, score, rated_at) \
             SELECT a.application_id, a.agency_code, {score}, least(a.updated_at + 3600 + (86400 * {ur})::bigint, {now}) \
             FROM applications a WHERE {range} AND a.state = 'issued' AND {rated} < {share}",
            ur = u(id, 43),
            range = range(lo, hi),
            rated = u(id, 41),
            share = model::RATED_SHARE,
        )
    };
    chunked(conn, "ratings", p.app_base, p.last_app(), statement).await
}

/// The counters the dashboards and the queue's counts read (`crate::db::stats`), recounted
/// from the loaded rows with the application's own rebuild statements.
pub async fn counters(conn: &mut PgConnection) -> Result<PassTime, String> {
    let started = Instant::now();
    let mut rows = 0;
    for statement in crate::db::stats::REBUILD {
        rows += conn.execute(statement).await.map_err(err("recounting the counters"))?.rows_affected();
    }
    println!("  counters            {:>13} rows", grouped(rows));
    Ok(PassTime { name: "counters".into(), rows, secs: started.elapsed().as_secs_f64() })
}

/// Rebuilds the indexes dropped for the load, one at a time, timing each.
pub async fn rebuild_indexes(conn: &mut PgConnection) -> Result<PassTime, String> {
    let started = Instant::now();
    let n = restore_indexes(conn).await?;
    Ok(PassTime { name: format!("indexes ({n} rebuilt)"), rows: 0, secs: started.elapsed().as_secs_f64() })
}

/// Moves the identity sequences past the ids the load chose, and gathers planner statistics.
pub async fn finish(conn: &mut PgConnection) -> Result<PassTime, String> {
    let started = Instant::now();
    for (table, column) in [("accounts", "account_id"), ("applications", "application_id"), ("payments", "payment_id")]
    {
        let statement = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), (SELECT COALESCE(max({column}), 1) FROM {table}))"
        );
        conn.execute(statement.as_str()).await.map_err(err("moving a sequence"))?;
    }
    for t in TABLES {
        let t0 = Instant::now();
        conn.execute(format!("ANALYZE {t}").as_str()).await.map_err(err("analyze"))?;
        println!("  analyzed {t} in {:.1} s", t0.elapsed().as_secs_f64());
    }
    Ok(PassTime { name: "sequences + ANALYZE".into(), rows: 0, secs: started.elapsed().as_secs_f64() })
}

/// The database's size and each loaded table's (with indexes and TOAST), in bytes.
pub async fn sizes_on_disk(conn: &mut PgConnection) -> Result<(i64, Vec<(String, i64)>), String> {
    let db: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&mut *conn)
        .await
        .map_err(err("database size"))?;
    let mut tables = Vec::new();
    for t in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT pg_total_relation_size('{t}')"))
            .fetch_one(&mut *conn)
            .await
            .map_err(err("table size"))?;
        tables.push((t.to_string(), n));
    }
    Ok((db, tables))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(14_000_000), "14,000,000");
    }
}
